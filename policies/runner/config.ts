/**
 * `--policy-pack-config`, as the Pulumi CLI parses, reconciles and validates it before it configures the pack
 * (`pkg/resource/analyzer/config.go`, then `analyzer.Configure`):
 *
 * 1. Parse: an entry is a level string or an object whose `enforcementLevel` (optional) is a valid level; entries
 *    with neither a level nor settings are dropped.
 * 2. Reconcile: every policy starts at its own level (else the pack's) with its `configSchema` defaults; `all`
 *    sets every policy's level; then each entry sets its policy's level and overlays its settings. An entry for a
 *    policy the pack does not have is kept as given.
 * 3. Validate each policy's settings against its schema (`{type: "object", properties, required}`), with ajv.
 * 4. Configure refuses any entry without a valid level, such as an unknown policy configured without one.
 */
import type { EnforcementLevel, Policies, PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";
import type Ajv from "ajv";
import { quicklyValid } from "./schema-check";

/** One policy's reconciled configuration, as the engine sends it to the pack (`Configure`). */
export interface ReconciledPolicyConfig {
    /** Empty only for an entry the CLI refuses (a policy the pack does not have, configured without a level). */
    enforcementLevel: EnforcementLevel | "";
    /** Settings: schema defaults overlaid with the configured values; `{}` when there are none. */
    properties: Record<string, unknown>;
}

/** Policy name (or `all`) → reconciled configuration. */
export type ReconciledConfig = Record<string, ReconciledPolicyConfig>;

const levels: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && levels.includes(value);
}

/** Step 1: the CLI's `parsePolicyPackConfig`. */
function parse(config: PolicyPackConfig): Record<string, { level?: EnforcementLevel; properties?: object }> {
    const parsed: Record<string, { level?: EnforcementLevel; properties?: object }> = {};
    for (const [key, entry] of Object.entries(config as Record<string, unknown>)) {
        if (typeof entry === "string") {
            if (!isLevel(entry)) {
                throw new Error(`parsing enforcement level for "${key}": "${entry}" is not a valid enforcement level`);
            }
            parsed[key] = { level: entry };
            continue;
        }
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            throw new Error(
                `parsing "${key}": ${JSON.stringify(entry)} is not a valid value; must be a string or object`,
            );
        }
        const { enforcementLevel, ...properties } = entry as Record<string, unknown>;
        if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
            throw new Error(
                `parsing enforcement level for "${key}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
            );
        }
        const hasProperties = Object.keys(properties).length > 0;
        if (enforcementLevel === undefined && !hasProperties) {
            continue;
        }
        parsed[key] = { level: enforcementLevel, ...(hasProperties ? { properties } : {}) };
    }
    return parsed;
}

/** Schema defaults of a policy (`undefined` when it has none, as the CLI leaves them). */
function defaultsOf(policy: { configSchema?: PolicyConfigSchema }): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) {
            defaults[key] = structuredClone(schema.default);
        }
    }
    return defaults;
}

/** Steps 1 and 2: the configuration each policy (and each other entry) gets. */
export function reconcileConfig(
    policies: readonly { name: string; enforcementLevel?: EnforcementLevel; configSchema?: PolicyConfigSchema }[],
    config: PolicyPackConfig,
    packEnforcementLevel: EnforcementLevel,
): ReconciledConfig {
    const given = parse(config);
    const result: ReconciledConfig = {};
    for (const policy of policies) {
        result[policy.name] = {
            enforcementLevel: policy.enforcementLevel || packEnforcementLevel,
            properties: defaultsOf(policy),
        };
    }
    const all = given.all?.level;
    if (all) {
        for (const entry of Object.values(result)) {
            entry.enforcementLevel = all;
        }
    }
    for (const [name, entry] of Object.entries(given)) {
        const current = result[name] ?? { enforcementLevel: "", properties: {} };
        result[name] = {
            enforcementLevel: entry.level ?? current.enforcementLevel,
            properties: { ...current.properties, ...structuredClone(entry.properties ?? {}) },
        };
    }
    return result;
}

type Validator = ReturnType<Ajv["compile"]>;

/** Loaded when a quick check leaves a policy's settings to it (./schema-check). */
let ajv: Ajv | undefined;
const validators = new WeakMap<PolicyConfigSchema, Validator>();

function validatorFor(schema: PolicyConfigSchema): Validator {
    let validate = validators.get(schema);
    if (!validate) {
        ajv ??= new (require("ajv").default as typeof Ajv)({ allErrors: true, strict: false });
        validate = ajv.compile({
            type: "object",
            properties: schema.properties,
            ...(schema.required?.length ? { required: schema.required } : {}),
        });
        validators.set(schema, validate);
    }
    return validate;
}

/** Steps 3 and 4: throws what the CLI would refuse, every problem listed. */
export function validateConfig(policies: Policies, reconciled: ReconciledConfig): void {
    const errors: string[] = [];
    for (const policy of policies) {
        if (!policy.configSchema) continue;
        const properties = reconciled[policy.name]?.properties ?? {};
        if (quicklyValid(policy.configSchema, properties)) continue;
        const validate = validatorFor(policy.configSchema);
        if (!validate(properties)) {
            for (const error of validate.errors ?? []) {
                errors.push(`${policy.name}: ${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`);
            }
        }
    }
    if (errors.length > 0) {
        throw new Error(`policy pack configuration is invalid:\n${errors.join("\n")}`);
    }
    for (const [name, entry] of Object.entries(reconciled)) {
        if (!isLevel(entry.enforcementLevel)) {
            throw new Error(
                `invalid enforcement level "${entry.enforcementLevel}" for "${name}" (a policy the pack does not have needs one)`,
            );
        }
    }
}
