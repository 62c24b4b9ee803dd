/**
 * The engine's steps, as `@pulumi/policy`'s `makeRemediateRpcFun`, `makeAnalyzeRpcFun` and `makeAnalyzeStackRpcFun`
 * run them, followed by what the engine does with their answers (remediate → mandatory, stack URNs).
 */
import type {
    EnforcementLevel,
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceRemediation,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError } from "../lib/preview";
import {
    appliesTo,
    notApplicable,
    NotApplicable,
    pulumiTypeOf,
    resourceArgs,
    stackResources,
    type CallContext,
    type Providers,
} from "./args";
import type { ReconciledConfig } from "./config";
import type {
    PolicyAnalysis,
    PolicyEvaluation,
    PolicyInputResource,
    PolicyPackIdentity,
    PolicyViolation,
} from "./types";
import { toPlain } from "./values";

type Policy = Policies[number];

/** What the steps of one run share. */
export interface RunContext {
    policies: Policies;
    pack: PolicyPackIdentity;
    config: ReconciledConfig;
    stackTags: ReadonlyMap<string, string>;
    providers: Providers;
    analysis: PolicyAnalysis;
    /** Whether to fill `analysis.evaluations` (one entry per policy and resource: only tests read them). */
    recordEvaluations: boolean;
}

/** Records an evaluation: built only when the run records them (runs call this per policy and resource). */
function evaluated(run: RunContext, policy: Policy, outcome: PolicyEvaluation["outcome"], urn?: string): void {
    if (run.recordEvaluations) {
        run.analysis.evaluations.push(
            urn === undefined ? { policy: policy.name, outcome } : { policy: policy.name, urn, outcome },
        );
    }
}

/** A resource policy as one run calls it: its level and validation functions, worked out once per run. */
interface ResourceStep {
    policy: ResourceValidationPolicy;
    level: EnforcementLevel;
    validations: ResourceValidation[];
    /** The single type tag that skips the whole policy for other types, as the server does. */
    type?: string;
    context: CallContext;
}

type RemediationPolicy = ResourceValidationPolicy & { remediateResource: ResourceRemediation };

/** A policy at level `remediate` (with a remediation) as one run calls it. */
interface RemediationStep {
    policy: RemediationPolicy;
    /** The single type tag that skips it for other types. */
    type?: string;
    context: CallContext;
}

interface Steps {
    validations: ResourceStep[];
    remediations: RemediationStep[];
    /** Per resource type, the validation steps that call something for it. */
    callingByType: Map<string, ResourceStep[]>;
}

const stepsOfRun = new WeakMap<RunContext, Steps>();

/** What each resource goes through, worked out once per run instead of once per resource. */
function stepsOf(run: RunContext): Steps {
    let steps = stepsOfRun.get(run);
    if (!steps) {
        steps = { validations: [], remediations: [], callingByType: new Map() };
        for (const policy of run.policies) {
            const level = levelOf(policy, run);
            if (level === "disabled" || !isResourcePolicy(policy)) continue;
            const context = callContext(policy, run);
            const validation = policy.validateResource;
            // Only a single function (not an array) is skipped by its type tag, as the server does.
            const type = validation === undefined || Array.isArray(validation) ? undefined : pulumiTypeOf(validation);
            const validations = validation === undefined ? [] : [validation].flat();
            steps.validations.push({ policy, level, validations, type, context });
            if (level === "remediate" && hasRemediation(policy)) {
                steps.remediations.push({ policy, type: pulumiTypeOf(policy.remediateResource), context });
            }
        }
        stepsOfRun.set(run, steps);
    }
    return steps;
}

/**
 * The validation steps a resource of `type` goes through: all of them when the run records evaluations (skipped
 * steps are recorded too), else only those that call a function for the type (most policies apply to one type).
 */
function validationStepsFor(run: RunContext, type: string): ResourceStep[] {
    const steps = stepsOf(run);
    if (run.recordEvaluations) return steps.validations;
    let calling = steps.callingByType.get(type);
    if (!calling) {
        calling = steps.validations.filter(
            step => (!step.type || step.type === type) && step.validations.some(validate => appliesTo(validate, type)),
        );
        steps.callingByType.set(type, calling);
    }
    return calling;
}

/** The level the server runs a policy at: its reconciled entry, else its own, else the pack's. */
function levelOf(policy: Policy, run: RunContext): EnforcementLevel {
    return run.config[policy.name]?.enforcementLevel || policy.enforcementLevel || run.pack.enforcementLevel;
}

function callContext(policy: Policy, run: RunContext): CallContext {
    return {
        stackTags: run.stackTags,
        providers: run.providers,
        getConfig: () => ({ ...(run.config[policy.name]?.properties ?? {}) }),
    };
}

/** `policy '<name>' from policy pack '<pack>@v<version>'`, as the server names a policy in notes and errors. */
function policyFrom(kind: "policy" | "remediation", policy: Policy, pack: PolicyPackIdentity): string {
    return `${kind} '${policy.name}' from policy pack '${pack.name}@v${pack.version}'`;
}

/** The engine reports a violation at level `remediate` (left after remediation) as `mandatory`. */
function engineLevel(level: EnforcementLevel): PolicyViolation["enforcementLevel"] | undefined {
    return level === "remediate" ? "mandatory" : level === "disabled" ? undefined : level;
}

function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
    const p = policy as ResourceValidationPolicy;
    const validation = p.validateResource;
    if (typeof validation === "function") return true;
    if (Array.isArray(validation)) return validation.every(v => typeof v === "function");
    return typeof p.remediateResource === "function";
}

function hasRemediation(policy: ResourceValidationPolicy): policy is RemediationPolicy {
    return typeof policy.remediateResource === "function";
}

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** `makeReportViolationFun`, then the engine: resource entries belong to the resource, stack entries to the stack. */
function reporter(
    policy: Policy,
    level: EnforcementLevel,
    run: RunContext,
    urnOf: (urn?: string) => string | undefined,
): ReportViolation {
    const push = (entry: Omit<PolicyViolation, "enforcementLevel">, reportedLevel: EnforcementLevel) => {
        const enforcementLevel = engineLevel(reportedLevel);
        if (!enforcementLevel) return;
        const { urn, ...rest } = entry;
        run.analysis.violations.push({
            policy: rest.policy,
            enforcementLevel,
            ...(urn ? { urn } : {}),
            message: rest.message,
        });
    };
    return (message: unknown, urn?: string) => {
        if (typeof message === "object" && message !== null) {
            const info = message as {
                name?: string;
                message?: string;
                description?: string;
                urn?: string;
                enforcementLevel?: EnforcementLevel;
            };
            push(
                {
                    policy: info.name || policy.name,
                    urn: urnOf(info.urn),
                    message: info.message || info.description || policy.description,
                },
                info.enforcementLevel || level,
            );
            return;
        }
        push(
            {
                policy: policy.name,
                urn: urnOf(urn),
                message: message ? `${policy.description}\n${message}` : policy.description,
            },
            level,
        );
    };
}

/** Remediate: each policy at level `remediate`, in order; a returned value replaces the props and is one remediation. */
export async function remediate(resource: PolicyInputResource, run: RunContext): Promise<Record<string, unknown>> {
    let props = toPlain(resource.props) as Record<string, unknown>;
    for (const { policy, type, context } of stepsOf(run).remediations) {
        if ((type && type !== resource.type) || !appliesTo(policy.remediateResource, resource.type)) continue;
        try {
            const result = await policy.remediateResource(resourceArgs(resource, props, context));
            if (result) {
                props = toPlain(result) as Record<string, unknown>;
                run.analysis.remediations.push({ policy: policy.name, urn: resource.urn, props });
                run.analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "remediate",
                    urn: resource.urn,
                    message: policy.description,
                });
            }
        } catch (error) {
            if (isUnknownValueError(error)) {
                run.analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "advisory",
                    urn: resource.urn,
                    message: `can't run ${policyFrom("remediation", policy, run.pack)} during preview: ${error.message}`,
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

/** Analyze: every resource policy's validations on the (remediated) props. */
export async function validateResource(resource: PolicyInputResource, run: RunContext): Promise<void> {
    for (const { policy, level, validations, type, context } of validationStepsFor(run, resource.type)) {
        if (validations.length === 0 || (type && type !== resource.type)) {
            evaluated(run, policy, "notApplicable", resource.urn);
            continue;
        }
        let report: ReportViolation | undefined;
        for (const validate of validations) {
            // This pack's validateResourceOfTypes reports other types as not applicable, as it would if called.
            if (!appliesTo(validate, resource.type)) {
                evaluated(run, policy, "notApplicable", resource.urn);
                continue;
            }
            report ??= reporter(policy, level === "remediate" ? "mandatory" : level, run, () => resource.urn);
            const outcome = await settle(
                () => validate(resourceArgs(resource, resource.props, context), report!),
                error =>
                    run.analysis.violations.push({
                        policy: policy.name,
                        enforcementLevel: "advisory",
                        urn: resource.urn,
                        message: `can't run ${policyFrom("policy", policy, run.pack)} during preview: ${error.message}`,
                    }),
                `Error validating ${resource.urn} with policy '${policy.name}'`,
            );
            evaluated(run, policy, outcome, resource.urn);
        }
    }
}

/** AnalyzeStack: every stack policy once, over one shared, read-only copy of the resources. */
export async function validateStack(resources: PolicyInputResource[], run: RunContext): Promise<void> {
    let shared: PolicyResource[] | undefined;
    const urns = new Set(resources.map(r => r.urn));
    const rootStack = resources.find(r => r.type === "pulumi:pulumi:Stack")?.urn;
    const types = new Set(resources.map(r => r.type));
    const stackUrn = (urn?: string) => (urn !== undefined && urns.has(urn) ? urn : rootStack);
    for (const policy of run.policies) {
        const level = levelOf(policy, run);
        if (level === "disabled" || !isStackPolicy(policy)) continue;
        const type = pulumiTypeOf(policy.validateStack);
        if (type && !types.has(type)) {
            evaluated(run, policy, "notApplicable");
            continue;
        }
        shared ??= stackResources(resources, run.providers);
        const args: StackValidationArgs = {
            resources: [...shared],
            stackTags: run.stackTags,
            getConfig: <T extends object>() => callContext(policy, run).getConfig() as T,
            notApplicable,
        };
        const outcome = await settle(
            () =>
                policy.validateStack(
                    args,
                    reporter(policy, level === "remediate" ? "mandatory" : level, run, stackUrn),
                ),
            error =>
                run.analysis.violations.push({
                    policy: policy.name,
                    enforcementLevel: "advisory",
                    ...(rootStack ? { urn: rootStack } : {}),
                    message: `can't run ${policyFrom("policy", policy, run.pack)} during preview: ${error.message}`,
                }),
            `Error validating the stack with policy '${policy.name}'`,
        );
        evaluated(run, policy, outcome);
    }
}

/** Runs one validation and classifies how it ended; unexpected errors are rethrown (the engine fails the run). */
async function settle(
    run: () => void | Promise<void>,
    onUnknown: (error: Error) => void,
    context: string,
): Promise<"applied" | "notApplicable" | "unknown"> {
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
