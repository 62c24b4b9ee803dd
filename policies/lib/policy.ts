/**
 * Building blocks for this pack's policies: the metadata every policy must carry, type-filtered validation
 * functions that accept several type tokens, and config reading with the schema's defaults.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceRemediation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isOneOfTypes } from "./types";

/** Metadata every policy of this pack carries (checked by `test/policies/metadata.spec.ts`). */
export interface PlatformPolicyMetadata {
    /** Unique kebab-case name, e.g. `ecs-no-secrets-in-env`. */
    name: string;
    /** What the policy checks, starting with "Checks that". */
    description: string;
    /** How bad a violation is. */
    severity: Severity;
    /** Exactly what to change to comply. */
    remediationSteps: string;
    /** Default level when neither `all` nor the policy's own entry is configured. */
    enforcementLevel: EnforcementLevel;
    /**
     * External controls (`securityhub:ECS.5`, `checkov:CKV_AWS_336`, `cdk-nag:AwsSolutions-ECS2`,
     * `trivy:AVD-AWS-0036`) and exactly one family tag (`family:ecs`).
     */
    tags: string[];
    /** Settings, each with a `default` that the code also applies through {@link policyConfig}. */
    configSchema?: PolicyConfigSchema;
}

/** A resource policy with the pack's required metadata. */
export type PlatformResourcePolicy = ResourceValidationPolicy & PlatformPolicyMetadata;

/** A stack policy with the pack's required metadata. */
export type PlatformStackPolicy = StackValidationPolicy & PlatformPolicyMetadata;

/** Any policy of this pack. */
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

/** Validation function type tags, read by the engine (single token) and by the runner's test coverage. */
type Tagged<T> = T & { __pulumiType?: string; __pulumiTypes?: readonly string[] };

function tagTypes<T extends object>(fn: T, tokens: string | readonly string[]): Tagged<T> {
    const list = typeof tokens === "string" ? [tokens] : [...tokens];
    const tagged = fn as Tagged<T>;
    tagged.__pulumiTypes = list;
    // The engine skips a policy cheaply for other types when the function carries a single `__pulumiType`.
    if (list.length === 1) {
        tagged.__pulumiType = list[0];
    }
    return tagged;
}

/**
 * Like `validateResourceOfType`, but for type tokens (one or several, e.g. `lbTypes("listener")`). Other types are
 * reported as not applicable. `TProps` is the input shape, e.g. `Unwrap<aws.ecs.ServiceArgs>` from a type-only import.
 */
export function validateResourceOfTypes<TProps = Record<string, any>>(
    tokens: string | readonly string[],
    validate: (props: TProps, args: ResourceValidationArgs, reportViolation: ReportViolation) => void | Promise<void>,
): ResourceValidation {
    return tagTypes((args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!isOneOfTypes(args.type, tokens)) {
            return args.notApplicable(`Policy only applies to resources of type ${[tokens].flat().join(", ")}`);
        }
        return validate(args.props as TProps, args, reportViolation);
    }, tokens);
}

/**
 * Like `remediateResourceOfType`, but for type tokens. Return the fixed props (or nothing to leave them as they are).
 */
export function remediateResourceOfTypes<TProps = Record<string, any>>(
    tokens: string | readonly string[],
    remediate: (props: TProps, args: ResourceValidationArgs) => TProps | Record<string, any> | undefined | void,
): ResourceRemediation {
    return tagTypes((args: ResourceValidationArgs) => {
        if (!isOneOfTypes(args.type, tokens)) {
            return args.notApplicable(`Policy only applies to resources of type ${[tokens].flat().join(", ")}`);
        }
        return remediate(args.props as TProps, args) ?? undefined;
    }, tokens);
}

/**
 * A stack validation that runs only when the stack has resources of `tokens` (otherwise not applicable), and
 * gets those resources first.
 */
export function validateStackOfTypes(
    tokens: string | readonly string[],
    validate: (
        matching: PolicyResource[],
        args: StackValidationArgs,
        reportViolation: ReportViolation,
    ) => void | Promise<void>,
): StackValidation {
    return tagTypes((args: StackValidationArgs, reportViolation: ReportViolation) => {
        const matching = args.resources.filter(r => isOneOfTypes(r.type, tokens));
        if (matching.length === 0) {
            return args.notApplicable(`The stack has no resources of type ${[tokens].flat().join(", ")}`);
        }
        return validate(matching, args, reportViolation);
    }, tokens);
}

/**
 * The policy's settings: the `default`s of `schema` overlaid with the configured values. The engine applies the
 * schema defaults itself, but tests and older engines may not, so policies read config only through this.
 */
export function policyConfig<T extends object>(
    args: { getConfig<C extends object>(): C },
    schema: PolicyConfigSchema,
): T {
    const configured = args.getConfig<Partial<T>>();
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (property.default !== undefined) {
            // A configured value replaces the default (the engine passes them all): only the key's place is kept.
            defaults[key] = isOwnEnumerable(configured, key) ? undefined : structuredClone(property.default);
        }
    }
    return { ...defaults, ...configured } as T;
}

function isOwnEnumerable(value: object, key: string): boolean {
    return Object.prototype.propertyIsEnumerable.call(value, key);
}

/** The type tokens a validation function was built for with this module's helpers, if any. */
export function validatedTypes(fn: unknown): readonly string[] | undefined {
    return (fn as Tagged<object> | undefined)?.__pulumiTypes;
}
