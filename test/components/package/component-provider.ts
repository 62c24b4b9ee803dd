import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";

/** The component package's folder, as `pulumi package add` sees it. */
export const PACKAGE_DIR = path.resolve(__dirname, "../../../components");

/** Every component class the package's entry exports (what the Node plugin host serves). */
export function exportedComponents() {
    return getPulumiComponents(require(PACKAGE_DIR));
}

let provider: ComponentProvider | undefined;

/**
 * The provider `pulumi package add` would host: the SDK's ComponentProvider over the package folder, named as the
 * Node plugin host names it (from package.json). One instance, so the analysis (a TypeScript program over the
 * package and @pulumi/aws, ~10 s) runs once for every spec that needs the schema.
 */
export function packageProvider(): ComponentProvider {
    provider ??= new ComponentProvider({
        name: require(path.join(PACKAGE_DIR, "package.json")).name,
        dirname: PACKAGE_DIR,
        components: exportedComponents(),
    });
    return provider;
}
