/**
 * A captured run as the engine hands it to a policy pack. Under mocks the program registers only its own resources;
 * the engine also analyzes the root `pulumi:pulumi:Stack` (the parent of every top-level resource) and the default
 * provider of each package (`pulumi:providers:aws` named `default_7_48_0`, with the stack's `aws:*` config), and
 * passes each resource's options and provider. This adds them, deterministically.
 */
import type { AliasSpec, CapturedResource, RunResult } from "./harness";

/** A resource as a policy pack sees it (the shape `runPolicies` and `analyzeWithPolicyServer` take). */
export interface AnalyzedResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** URN of the provider resource among the analyzed resources. */
    provider?: string;
    options?: {
        protect?: boolean;
        ignoreChanges?: string[];
        aliases?: string[];
        customTimeouts?: { createSeconds: number; updateSeconds: number; deleteSeconds: number };
        additionalSecretOutputs?: string[];
        deleteBeforeReplace?: boolean;
    };
}

/** Where the run happened: what names the root stack and the default providers. */
export interface AnalyzerViewOptions {
    stack: string;
    /** Defaults to `ecs-platform`, as `runProgram` does. */
    project?: string;
    /** The stack config (`namespace:key` → value); `<package>:*` keys configure the default providers. */
    config?: Record<string, string>;
}

/** The root stack, the default providers and every captured resource, with props as `AnalyzeStack` sees them. */
export function analyzerResources(run: RunResult<unknown>, options: AnalyzerViewOptions): AnalyzedResource[] {
    const project = options.project ?? "ecs-platform";
    const prefix = `urn:pulumi:${options.stack}::${project}::`;
    const root: AnalyzedResource = {
        type: "pulumi:pulumi:Stack",
        name: `${project}-${options.stack}`,
        urn: `${prefix}pulumi:pulumi:Stack::${project}-${options.stack}`,
        props: {},
    };
    const providers = new Map<string, AnalyzedResource>();
    const defaultProviderOf = (resource: CapturedResource): string | undefined => {
        const pkg = resource.type.split(":")[0];
        if (!resource.custom || pkg === "pulumi" || resource.version === undefined) return undefined;
        const name = `default_${resource.version.replace(/[.-]/g, "_")}`;
        const urn = `${prefix}pulumi:providers:${pkg}::${name}`;
        if (!providers.has(urn)) {
            providers.set(urn, {
                type: `pulumi:providers:${pkg}`,
                name,
                urn,
                props: providerConfig(pkg, resource.version, options.config ?? {}),
            });
        }
        return urn;
    };
    const resources = run.resources.map((resource): AnalyzedResource => {
        const provider = resource.provider
            ? resource.provider.split("::").slice(0, -1).join("::")
            : defaultProviderOf(resource);
        const parent = resource.parent ?? root.urn;
        return {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props: resource.state,
            parent,
            dependencies: resource.dependencies,
            propertyDependencies: resource.propertyDependencies,
            ...(provider ? { provider } : {}),
            options: {
                protect: resource.options.protect,
                ignoreChanges: resource.options.ignoreChanges,
                aliases: (resource.options.aliasSpecs ?? []).map(alias => aliasUrn(alias, resource, prefix)),
                customTimeouts: {
                    createSeconds: seconds(resource.options.customTimeouts?.create),
                    updateSeconds: seconds(resource.options.customTimeouts?.update),
                    deleteSeconds: seconds(resource.options.customTimeouts?.delete),
                },
                additionalSecretOutputs: resource.options.additionalSecretOutputs ?? [],
                ...(resource.options.deleteBeforeReplace === undefined
                    ? {}
                    : { deleteBeforeReplace: resource.options.deleteBeforeReplace }),
            },
        };
    });
    return [root, ...providers.values(), ...resources];
}

/** A default provider's inputs: the package's config keys, and the plugin version. */
function providerConfig(pkg: string, version: string, config: Record<string, string>): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith(`${pkg}:`)) props[key.slice(pkg.length + 1)] = value;
    }
    return { ...props, version };
}

/** The URN an alias names, as the engine resolves it (unset fields are the resource's own). */
function aliasUrn(alias: AliasSpec, resource: CapturedResource, prefix: string): string {
    if (alias.urn) return alias.urn;
    const parent = alias.noParent ? undefined : (alias.parentUrn ?? resource.parent);
    const parentType = parent?.split("::")[2];
    const type = alias.type ?? resource.type;
    const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    return `${prefix}${qualified}::${alias.name ?? resource.name}`;
}

/** A Go duration (`"1h30m"`, `"90s"`) in seconds; 0 when unset. */
function seconds(duration: string | undefined): number {
    if (!duration) return 0;
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
        total += Number(amount) * units[unit];
    }
    return total;
}
