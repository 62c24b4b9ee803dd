/** The argument objects `@pulumi/policy`'s analyzer server builds for policies (`server.js`), from runner inputs. */
import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "../lib/preview";
import type { PolicyInputResource } from "./types";
import { readOnlyView, toPlain } from "./values";

/** Thrown by `args.notApplicable()`; the runner records the policy as not applicable. */
export class NotApplicable extends Error {}

/**
 * `args.notApplicable`. Built without a stack trace: policies call it for every resource of another kind, so the
 * trace would be most of the cost of a run, and nothing reads it.
 */
export function notApplicable(reason?: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const error = new NotApplicable(reason ?? "Policy does not apply");
    Error.stackTraceLimit = limit;
    throw error;
}

/** The read-only map the SDK gives policies as `stackTags`. */
export function frozenStackTags(tags: Record<string, string>): ReadonlyMap<string, string> {
    const map = new Map(Object.entries(tags));
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    }) as ReadonlyMap<string, string>;
}

/** The type token a validation function or resource class carries (`__pulumiType`), if any. */
export function pulumiTypeOf(value: unknown): string | undefined {
    const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

/**
 * Whether a validation or remediation tagged with this pack's `__pulumiTypes` (`validateResourceOfTypes` and its
 * kin, which report every other type as not applicable) applies to `type`; untagged functions always may.
 */
export function appliesTo(fn: unknown, type: string): boolean {
    const types = (fn as { __pulumiTypes?: unknown } | undefined)?.__pulumiTypes;
    return !Array.isArray(types) || types.includes(type);
}

/** `isTypeOf` of `server.js`: the class's `__pulumiType`, else its `isInstance`. */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
    const expected = pulumiTypeOf(resourceClass);
    if (expected) {
        return expected === type;
    }
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** The options the engine reports for a resource (`getResourceOptions`). */
export function resourceOptions(resource: PolicyInputResource): PolicyResourceOptions {
    const options = resource.options ?? {};
    const opts: PolicyResourceOptions = {
        protect: options.protect ?? false,
        ignoreChanges: [...(options.ignoreChanges ?? [])],
        aliases: [...(options.aliases ?? [])],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0, ...options.customTimeouts },
        additionalSecretOutputs: [...(options.additionalSecretOutputs ?? [])],
    };
    // Added in place rather than spread in: this runs for every resource and policy call.
    if (options.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = options.deleteBeforeReplace;
    if (resource.parent) opts.parent = resource.parent;
    return opts;
}

/** Resolves each resource's `provider` URN to the provider resource the engine passes (`args.provider`). */
export class Providers {
    /** Each provider, with its props as the wire carries them (copied once here, then once per use). */
    private readonly byUrn: Map<string, PolicyInputResource>;

    constructor(resources: readonly PolicyInputResource[]) {
        this.byUrn = new Map(
            resources
                .filter(r => r.type.startsWith("pulumi:providers:"))
                .map(r => [r.urn, { ...r, props: toPlain(r.props) as Record<string, unknown> }]),
        );
    }

    /** A fresh copy of the resource's provider, as the server deserializes one per call and per resource. */
    of(resource: PolicyInputResource): PolicyProviderResource | undefined {
        const provider = resource.provider === undefined ? undefined : this.byUrn.get(resource.provider);
        if (!provider) return undefined;
        return {
            type: provider.type,
            name: provider.name,
            urn: provider.urn,
            props: unknownCheckingProxy(toPlain(provider.props) as Record<string, unknown>),
        };
    }
}

/** What every resource policy call shares. */
export interface CallContext {
    stackTags: ReadonlyMap<string, string>;
    providers: Providers;
    getConfig: () => Record<string, unknown>;
}

/**
 * `args` of a resource validation or remediation, on a fresh copy of `props` (the server deserializes per call;
 * `props` are already plain, so `toPlain` is that copy).
 */
export function resourceArgs(
    resource: PolicyInputResource,
    props: Record<string, unknown>,
    context: CallContext,
): ResourceValidationArgs {
    const proxied = unknownCheckingProxy(toPlain(props) as Record<string, unknown>);
    const args: ResourceValidationArgs = {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: proxied,
        opts: resourceOptions(resource),
        stackTags: context.stackTags,
        isType: resourceClass => isTypeOf(resource.type, resourceClass),
        asType: ((resourceClass: unknown) =>
            isTypeOf(resource.type, resourceClass) ? proxied : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => context.getConfig() as T,
        notApplicable,
    };
    const provider = context.providers.of(resource);
    if (provider) {
        args.provider = provider;
    }
    return args;
}

/**
 * The stack's resources as stack policies see them, built once and shared by every stack policy: a read-only view
 * of the props (the runner's own plain copies, which resource policies never saw), `parent`, `dependencies` and
 * `propertyDependencies` resolved to the objects (empty property-dependency lists dropped, as the engine does).
 */
export function stackResources(resources: readonly PolicyInputResource[], providers: Providers): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const resource of resources) {
        const props = unknownCheckingProxy(readOnlyView(resource.props));
        const policyResource: PolicyResource = {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props,
            opts: resourceOptions(resource),
            dependencies: [],
            propertyDependencies: {},
            isType: resourceClass => isTypeOf(resource.type, resourceClass),
            asType: ((resourceClass: unknown) =>
                isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
        };
        const provider = providers.of(resource);
        if (provider) {
            policyResource.provider = provider;
        }
        byUrn.set(resource.urn, policyResource);
    }
    // A loop, not flatMap: every dependency of every resource goes through here.
    const resolve = (urns: readonly string[] = []) => {
        const found: PolicyResource[] = [];
        for (const urn of urns) {
            const dependency = byUrn.get(urn);
            if (dependency) found.push(dependency);
        }
        return found;
    };
    for (const resource of resources) {
        const policyResource = byUrn.get(resource.urn)!;
        const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
        if (parent) {
            policyResource.parent = parent;
        }
        policyResource.dependencies = resolve(resource.dependencies);
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
            if (urns.length > 0) {
                policyResource.propertyDependencies[property] = resolve(urns);
            }
        }
    }
    return [...byUrn.values()];
}
