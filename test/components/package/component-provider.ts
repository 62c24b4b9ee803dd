import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";

/** The component package's folder, as `pulumi package add` sees it. */
export const PACKAGE_DIR = path.resolve(__dirname, "../../../components");

/** Every component class the package's entry exports (what the Node plugin host serves). */
export function exportedComponents() {
    return getPulumiComponents(require(PACKAGE_DIR));
}

/**
 * Components whose Args the analyzer still rejects: the ECS and networking components are restructured by the
 * workloads change first, then moved to `ecs-platform:index:<Type>`. Empty once every component is packaged.
 */
export const NOT_YET_PACKAGED = new Set([
    "Service",
    "TaskDefinition",
    "ServiceBase",
    "BackendService",
    "WorkerService",
    "ScheduledJob",
]);

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
        components: exportedComponents().filter(component => !NOT_YET_PACKAGED.has(component.name)),
    });
    return provider;
}
