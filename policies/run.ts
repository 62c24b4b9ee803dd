/**
 * Runs the pack in-process, the way the Pulumi engine and `@pulumi/policy`'s analyzer server would, for tests and
 * tools (no CLI, no gRPC server). Mirrors `@pulumi/policy` 1.21 `server.js` and the CLI's config reconciliation:
 *
 * - Level: per-policy config entry, else `all`, else the policy's own `enforcementLevel`, else the pack default.
 *   `disabled` policies do not run. Config settings are overlaid on the `configSchema` defaults and validated.
 * - Per resource: remediations (policies at level `remediate`) run first, in order, each on the previous result;
 *   then every resource validation runs on the remediated props (`remediate` is reported as `mandatory`). A
 *   remediation that changed props is reported as an entry with level `remediate`.
 * - Then stack validations run once over all (remediated) resources, with `parent`, `dependencies` and
 *   `propertyDependencies` resolved from URNs to the resource objects.
 * - Props are wrapped in the SDK's `unknownCheckingProxy`: a read of an unknown value makes that policy an advisory
 *   "cannot be checked during preview" entry for that resource (or the stack). `args.notApplicable()` and a
 *   validation function typed for another resource type skip the policy.
 * - Messages: `${description}\n${message}`, as the engine prints them; the object form of `reportViolation` is
 *   honoured like the engine does (its message is used as is).
 */
import type {
    EnforcementLevel,
    Policies,
    PolicyConfigSchema,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { Secret } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isUnknownValueError, unknownCheckingProxy } from "./lib/preview";
import { packEnforcementLevel } from "./pack";

/** A resource as the engine passes it to the pack (inputs for resource policies, outputs for stack policies). */
export interface PolicyInputResource {
    /** Type token, e.g. `aws:ecs/service:Service`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN; `parent`, `dependencies` and `propertyDependencies` refer to resources by it. */
    urn: string;
    /** Properties; unknown values are the marker `"04da6b54-80e4-46f7-96ec-b56ff0331ba9"` (preview only). */
    props: Record<string, unknown>;
    /** URN of the parent resource, if any. */
    parent?: string;
    /** URNs the resource depends on. Defaults to none. */
    dependencies?: string[];
    /** URNs each top-level input property depends on. Defaults to none. */
    propertyDependencies?: Record<string, string[]>;
}

/** One entry the engine would print for the pack. */
export interface PolicyViolation {
    /** Policy name. */
    policy: string;
    /** `mandatory` blocks the update; `advisory` warns; `remediate` reports a fix that was applied. */
    enforcementLevel: Exclude<EnforcementLevel, "disabled">;
    /** Resource the entry is about; absent when a stack policy reports against the whole stack. */
    urn?: string;
    /** `${description}\n${detail}` (the object form of `reportViolation` sets it verbatim). */
    message: string;
}

/** Options of {@link runPolicies}. */
export interface RunPoliciesOptions {
    /** Contents of a `--policy-pack-config` file. Defaults to none (every policy at its default level). */
    config?: PolicyPackConfig;
    /**
     * Whether this is a preview, where props may hold unknown values. Defaults to `false`: an unknown value in an
     * update is a bug in the caller, so it throws.
     */
    preview?: boolean;
    /** Policies to run instead of the pack's (`policies.ts`); for tests. */
    policies?: Policies;
}

/** Whether a policy looked at a resource (or, for stack policies, the stack). */
export interface PolicyEvaluation {
    /** Policy name. */
    policy: string;
    /** Resource URN; absent for stack policies. */
    urn?: string;
    /** `applied`: ran to the end; `notApplicable`: skipped itself or by type; `unknown`: read an unknown value. */
    outcome: "applied" | "notApplicable" | "unknown";
}

/** Everything {@link analyzePolicies} found. */
export interface PolicyAnalysis {
    /** Entries the engine would print, in engine order (per resource, then the stack). */
    violations: PolicyViolation[];
    /** Which policies ran on what; lets tests prove a "compliant" case actually exercised the policy. */
    evaluations: PolicyEvaluation[];
}

/** Runs the pack (or `options.policies`) over `resources` and returns what the engine would report. */
export async function runPolicies(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions = {},
): Promise<PolicyViolation[]> {
    return (await analyzePolicies(resources, options)).violations;
}

/** {@link runPolicies}, plus which policies applied to which resources. */
export async function analyzePolicies(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions = {},
): Promise<PolicyAnalysis> {
    // Loaded lazily so that runner tests with their own policies do not depend on every family compiling.
    const policies = options.policies ?? (await import("./policies")).policies;
    const config = parseConfig(options.config ?? {});
    validateSettings(policies, config);
    if (!options.preview) {
        assertNoUnknowns(resources);
    }
    const analysis: PolicyAnalysis = { violations: [], evaluations: [] };
    const enabled = policies
        .map(policy => ({ policy, level: enforcementLevelOf(policy, config) }))
        .filter(({ level }) => level !== "disabled");

    const remediatedProps = new Map<string, Record<string, unknown>>();
    for (const resource of resources) {
        const props = await remediate(resource, enabled, config, analysis);
        remediatedProps.set(resource.urn, props);
        await validateResource({ ...resource, props }, enabled, config, analysis);
    }
    await validateStack(
        resources.map(r => ({ ...r, props: remediatedProps.get(r.urn)! })),
        enabled,
        config,
        analysis,
    );
    return analysis;
}

/**
 * The level a policy runs at under `config`: per-policy entry, else `all`, else the policy's default, else the
 * pack's (the order the CLI reconciles them in).
 */
export function enforcementLevelOf(
    policy: { name: string; enforcementLevel?: EnforcementLevel },
    config: PolicyPackConfig = {},
): EnforcementLevel {
    return levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel ?? packEnforcementLevel;
}

/** A policy's settings under `config`: its `configSchema` defaults overlaid with the configured values. */
export function settingsOf(
    policy: { name: string; configSchema?: PolicyConfigSchema },
    config: PolicyPackConfig = {},
): Record<string, unknown> {
    const settings: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) {
            settings[key] = structuredClone(schema.default);
        }
    }
    const entry = config[policy.name];
    if (typeof entry === "object" && entry !== null) {
        const { enforcementLevel: _level, ...configured } = entry;
        Object.assign(settings, structuredClone(configured));
    }
    return settings;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine steps

type EnabledPolicy = { policy: Policies[number]; level: EnforcementLevel };

async function remediate(
    resource: PolicyInputResource,
    enabled: EnabledPolicy[],
    config: PolicyPackConfig,
    analysis: PolicyAnalysis,
): Promise<Record<string, unknown>> {
    let props = toPlain(resource.props) as Record<string, unknown>;
    for (const { policy, level } of enabled) {
        const remediation = isResourcePolicy(policy) ? policy.remediateResource : undefined;
        if (level !== "remediate" || !remediation || !typeMatches(remediation, resource.type)) {
            continue;
        }
        try {
            const result = await remediation(resourceArgs(resource, props, policy, config));
            if (!result) {
                continue;
            }
            const fixed = toPlain(result) as Record<string, unknown>;
            const changed = changedPaths(props, fixed);
            props = fixed;
            if (changed.length > 0) {
                analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "remediate",
                    urn: resource.urn,
                    message: `${policy.description}\nremediated: set ${changed.join(", ")}`,
                });
            }
        } catch (error) {
            if (isUnknownValueError(error)) {
                analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "advisory",
                    urn: resource.urn,
                    message: `${policy.description}\ncannot be remediated during preview: ${error.message}`,
                });
            } else if (!(error instanceof NotApplicable)) {
                throw new Error(`Error remediating ${resource.urn} with policy '${policy.name}': ${describe(error)}`, {
                    cause: error,
                });
            }
        }
    }
    return props;
}

async function validateResource(
    resource: PolicyInputResource,
    enabled: EnabledPolicy[],
    config: PolicyPackConfig,
    analysis: PolicyAnalysis,
): Promise<void> {
    for (const { policy, level } of enabled) {
        if (!isResourcePolicy(policy) || !policy.validateResource) {
            continue;
        }
        const validations = [policy.validateResource].flat();
        if (validations.length === 1 && !typeMatches(validations[0], resource.type)) {
            analysis.evaluations.push({ policy: policy.name, urn: resource.urn, outcome: "notApplicable" });
            continue;
        }
        const report = reporter(policy, reportedLevel(level), analysis, resource.urn);
        for (const validation of validations) {
            const outcome = await settle(
                () => validation(resourceArgs(resource, resource.props, policy, config), report),
                error =>
                    analysis.violations.push({
                        policy: policy.name,
                        enforcementLevel: "advisory",
                        urn: resource.urn,
                        message: `${policy.description}\ncannot be checked during preview: ${error.message}`,
                    }),
                `Error validating ${resource.urn} with policy '${policy.name}'`,
            );
            analysis.evaluations.push({ policy: policy.name, urn: resource.urn, outcome });
        }
    }
}

async function validateStack(
    resources: PolicyInputResource[],
    enabled: EnabledPolicy[],
    config: PolicyPackConfig,
    analysis: PolicyAnalysis,
): Promise<void> {
    for (const { policy, level } of enabled) {
        if (!isStackPolicy(policy)) {
            continue;
        }
        const type = pulumiTypeOf(policy.validateStack);
        if (type && !resources.some(r => r.type === type)) {
            analysis.evaluations.push({ policy: policy.name, outcome: "notApplicable" });
            continue;
        }
        const args: StackValidationArgs = {
            resources: policyResources(resources),
            stackTags: emptyStackTags,
            getConfig: <T extends object>() => settingsOf(policy, config) as T,
            notApplicable,
        };
        const outcome = await settle(
            () => policy.validateStack(args, reporter(policy, reportedLevel(level), analysis)),
            error =>
                analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "advisory",
                    message: `${policy.description}\ncannot be checked during preview: ${error.message}`,
                }),
            `Error validating the stack with policy '${policy.name}'`,
        );
        analysis.evaluations.push({ policy: policy.name, outcome });
    }
}

/** Runs one validation and classifies how it ended; unexpected errors are rethrown (the engine fails the run). */
async function settle(
    run: () => void | Promise<void>,
    onUnknown: (error: Error) => void,
    context: string,
): Promise<PolicyEvaluation["outcome"]> {
    try {
        await run();
        return "applied";
    } catch (error) {
        if (isUnknownValueError(error)) {
            onUnknown(error);
            return "unknown";
        }
        if (error instanceof NotApplicable) {
            return "notApplicable";
        }
        throw new Error(`${context}: ${describe(error)}`, { cause: error });
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Argument objects, as server.js builds them

const emptyStackTags: ReadonlyMap<string, string> = new Map();

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "Policy does not apply");
}

function resourceArgs(
    resource: PolicyInputResource,
    props: Record<string, unknown>,
    policy: { name: string; configSchema?: PolicyConfigSchema },
    config: PolicyPackConfig,
): ResourceValidationArgs {
    // Each call gets its own copy, as the engine deserializes props afresh for every validation.
    const proxied = unknownCheckingProxy(structuredClone(props));
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: proxied,
        opts: resourceOptions(resource),
        stackTags: emptyStackTags,
        isType: resourceClass => isTypeOf(resource.type, resourceClass),
        asType: ((resourceClass: unknown) =>
            isTypeOf(resource.type, resourceClass) ? proxied : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => settingsOf(policy, config) as T,
        notApplicable,
    };
}

function policyResources(resources: PolicyInputResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const resource of resources) {
        const props = unknownCheckingProxy(structuredClone(resource.props));
        byUrn.set(resource.urn, {
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
        });
    }
    const resolve = (urns: string[] = []) => urns.flatMap(urn => byUrn.get(urn) ?? []);
    for (const resource of resources) {
        const policyResource = byUrn.get(resource.urn)!;
        const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
        if (parent) {
            policyResource.parent = parent;
        }
        policyResource.dependencies = resolve(resource.dependencies);
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
            policyResource.propertyDependencies[property] = resolve(urns);
        }
    }
    return [...byUrn.values()];
}

function resourceOptions(resource: PolicyInputResource): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(resource.parent === undefined ? {} : { parent: resource.parent }),
    };
}

/** `reportViolation`, as `makeReportViolationFun` builds it; resource policies always report their own URN. */
function reporter(
    policy: { name: string; description: string },
    level: PolicyViolation["enforcementLevel"],
    analysis: PolicyAnalysis,
    resourceUrn?: string,
): ReportViolation {
    return (message: unknown, urn?: string) => {
        if (typeof message === "object" && message !== null) {
            const detail = message as {
                name?: string;
                message?: string;
                description?: string;
                urn?: string;
                enforcementLevel?: PolicyViolation["enforcementLevel"];
            };
            analysis.violations.push({
                policy: detail.name || policy.name,
                enforcementLevel: detail.enforcementLevel || level,
                urn: resourceUrn ?? detail.urn,
                message: detail.message || detail.description || policy.description,
            });
            return;
        }
        analysis.violations.push({
            policy: policy.name,
            enforcementLevel: level,
            urn: resourceUrn ?? urn,
            message: message ? `${policy.description}\n${message}` : policy.description,
        });
    };
}

function reportedLevel(level: EnforcementLevel): PolicyViolation["enforcementLevel"] {
    // Validation runs after remediation; a violation left over is blocking (server.js does the same).
    return level === "remediate" || level === "disabled" ? "mandatory" : level;
}

// ---------------------------------------------------------------------------------------------------------------
// Policy shapes and types

function isResourcePolicy(policy: Policies[number]): policy is ResourceValidationPolicy {
    const p = policy as ResourceValidationPolicy;
    return (
        typeof p.remediateResource === "function" ||
        [p.validateResource ?? []].flat().some(v => typeof v === "function")
    );
}

function isStackPolicy(policy: Policies[number]): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

function pulumiTypeOf(value: unknown): string | undefined {
    const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

function typeMatches(fn: unknown, type: string): boolean {
    const expected = pulumiTypeOf(fn);
    return expected === undefined || expected === type;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const expected = pulumiTypeOf(resourceClass);
    if (expected) {
        return expected === type;
    }
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

// ---------------------------------------------------------------------------------------------------------------
// Config, as the CLI parses, reconciles and validates `--policy-pack-config`

const levels: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

function levelIn(entry: PolicyPackConfig[string] | undefined): EnforcementLevel | undefined {
    return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

function parseConfig(config: PolicyPackConfig): PolicyPackConfig {
    for (const [key, entry] of Object.entries(config)) {
        const level =
            typeof entry === "string"
                ? entry
                : typeof entry === "object" && entry !== null
                  ? entry.enforcementLevel
                  : null;
        if (level === null || (level !== undefined && !levels.includes(level))) {
            throw new Error(
                `parsing policy pack config "${key}": ${JSON.stringify(entry)} is not a valid enforcement level or object`,
            );
        }
    }
    return config;
}

function validateSettings(policies: Policies, config: PolicyPackConfig): void {
    const errors = policies.flatMap(policy =>
        policy.configSchema
            ? schemaErrors({ type: "object", ...policy.configSchema }, settingsOf(policy, config), "").map(
                  error => `${policy.name}: ${error}`,
              )
            : [],
    );
    if (errors.length > 0) {
        throw new Error(`policy pack configuration is invalid:\n${errors.join("\n")}`);
    }
}

/** The JSON-schema keywords policies here use (type, enum, bounds, pattern, items, required). */
function schemaErrors(schema: PolicyConfigJSONSchema | boolean, value: unknown, path: string): string[] {
    if (typeof schema === "boolean") {
        return schema ? [] : [`${path || "value"} is not allowed`];
    }
    const at = path || "config";
    const typeNames = [schema.type ?? []].flat();
    if (typeNames.length > 0 && !typeNames.some(t => hasJsonType(value, t))) {
        return [`${at} must be of type ${typeNames.join(" or ")}`];
    }
    const errors: string[] = [];
    if (schema.enum && !schema.enum.some(allowed => JSON.stringify(allowed) === JSON.stringify(value))) {
        errors.push(`${at} must be one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at} must be >= ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at} must be <= ${schema.maximum}`);
    }
    if (typeof value === "string" && schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
        errors.push(`${at} must match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems)
            errors.push(`${at} needs at least ${schema.minItems} items`);
        const items = schema.items;
        if (items !== undefined && !Array.isArray(items)) {
            value.forEach((item, i) => errors.push(...schemaErrors(items, item, `${at}[${i}]`)));
        }
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (record[key] === undefined) errors.push(`${path ? `${path}.` : ""}${key} is required`);
        }
        for (const [key, property] of Object.entries(schema.properties ?? {})) {
            if (record[key] !== undefined) {
                errors.push(...schemaErrors(property, record[key], path ? `${path}.${key}` : key));
            }
        }
    }
    return errors;
}

function hasJsonType(value: unknown, type: string): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(value);
        case "array":
            return Array.isArray(value);
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return typeof value === type;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** The SDK's proxy marker keys and unknown sentinels (`@pulumi/policy/proxy`, untyped). */
const proxyModule = require("@pulumi/policy/proxy") as Record<string, string>;
const unknownSentinels = new Set(
    [
        "unknownBooleanValue",
        "unknownNumberValue",
        "unknownStringValue",
        "unknownArrayValue",
        "unknownAssetValue",
        "unknownArchiveValue",
        "unknownObjectValue",
    ].map(key => proxyModule[key]),
);

/** A plain deep copy: proxies unwrapped (reading through them would throw on unknowns) and `Secret`s opened. */
function toPlain(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const target =
        (value as Record<string, unknown>)[proxyModule.isSpecialProxy] === true
            ? (value as Record<string, unknown>)[proxyModule.getSpecialProxyTarget]
            : value;
    if (target instanceof Secret) {
        return toPlain(target.value);
    }
    if (Array.isArray(target)) {
        return target.map(toPlain);
    }
    return Object.fromEntries(Object.entries(target as object).map(([k, v]) => [k, toPlain(v)]));
}

function assertNoUnknowns(resources: PolicyInputResource[]): void {
    const find = (value: unknown, path: string): string | undefined => {
        if (typeof value === "string") {
            return unknownSentinels.has(value) ? path : undefined;
        }
        if (typeof value === "object" && value !== null) {
            for (const [key, child] of Object.entries(value)) {
                const found = find(child, `${path}.${key}`);
                if (found) return found;
            }
        }
        return undefined;
    };
    for (const resource of resources) {
        const path = find(resource.props, "props");
        if (path) {
            throw new Error(
                `${resource.urn}: ${path} is unknown, which only happens in a preview (pass preview: true)`,
            );
        }
    }
}

/** Dotted paths whose values differ between `before` and `after` (arrays compare as a whole). */
function changedPaths(before: unknown, after: unknown, path = ""): string[] {
    const isRecord = (v: unknown): v is Record<string, unknown> =>
        typeof v === "object" && v !== null && !Array.isArray(v);
    if (isRecord(before) && isRecord(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap(key => changedPaths(before[key], after[key], path ? `${path}.${key}` : key));
    }
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [path || "props"];
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
