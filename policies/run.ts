/**
 * Runs a policy pack in-process, the way the Pulumi engine drives `@pulumi/policy`'s analyzer server, for tests and
 * tools (no CLI, no gRPC server). `test/policies/parity.spec.ts` keeps it identical to the server's own handlers.
 *
 * - Config: parsed, reconciled and validated as the CLI does (`runner/config.ts`); an invalid file throws.
 * - Per resource: remediations (policies at level `remediate`) run first, in order, each on the previous result;
 *   every value a remediation returns is one remediation entry (level `remediate`, the policy's description). Then
 *   every resource validation runs on the remediated props; what a `remediate` policy still reports is `mandatory`.
 * - Then stack validations run once over all (remediated) resources, with `parent`, `dependencies`,
 *   `propertyDependencies` and `provider` resolved from URNs to the resource objects.
 * - Props are wrapped in the SDK's `unknownCheckingProxy`: a read of an unknown value makes that policy the SDK's
 *   advisory note "can't run policy '<name>' from policy pack '<pack>@v<version>' during preview: …".
 *   `args.notApplicable()` and a single validation function typed for another resource type skip the policy.
 */
import type { Policies, PolicyConfigSchema, PolicyPackConfig, EnforcementLevel } from "@pulumi/policy";
import { thisPack } from "./pack";
import { frozenStackTags, Providers } from "./runner/args";
import { reconcileConfig, validateConfig } from "./runner/config";
import { remediate, validateResource, validateStack, type RunContext } from "./runner/steps";
import type { PolicyAnalysis, PolicyInputResource, PolicyViolation, RunPoliciesOptions } from "./runner/types";
import { firstUnknownPath } from "./runner/values";

export type {
    PolicyAnalysis,
    PolicyEvaluation,
    PolicyInputResource,
    PolicyPackIdentity,
    PolicyRemediation,
    PolicyViolation,
    RunPoliciesOptions,
} from "./runner/types";
export { reconcileConfig, type ReconciledConfig } from "./runner/config";

/** Runs the pack (or `options.policies`) over `resources` and returns what the engine would report. */
export async function runPolicies(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions = {},
): Promise<PolicyViolation[]> {
    return (await analyze(resources, options, false)).violations;
}

/** {@link runPolicies}, plus which policies applied to which resources. */
export async function analyzePolicies(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions = {},
): Promise<PolicyAnalysis> {
    return analyze(resources, options, true);
}

async function analyze(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions,
    recordEvaluations: boolean,
): Promise<PolicyAnalysis> {
    // Loaded lazily so that runner tests with their own policies do not depend on every family compiling.
    const policies: Policies = options.policies ?? (await import("./policies")).policies;
    const pack = options.pack ?? thisPack;
    const config = reconcileConfig(policies, options.config ?? {}, pack.enforcementLevel);
    validateConfig(policies, config);
    if (!options.preview) {
        assertNoUnknowns(resources);
    }
    const run: RunContext = {
        policies,
        pack,
        config,
        stackTags: frozenStackTags(options.stackTags ?? {}),
        providers: new Providers(resources),
        analysis: { violations: [], evaluations: [], remediations: [] },
        recordEvaluations,
    };
    const remediated: PolicyInputResource[] = [];
    for (const resource of resources) {
        const props = await remediate(resource, run);
        const fixed = { ...resource, props };
        remediated.push(fixed);
        await validateResource(fixed, run);
    }
    await validateStack(remediated, run);
    return run.analysis;
}

/**
 * The level a policy runs at under `config`: per-policy entry, else `all`, else the policy's default, else the
 * pack's (the order the CLI reconciles them in).
 */
export function enforcementLevelOf(
    policy: { name: string; enforcementLevel?: EnforcementLevel },
    config: PolicyPackConfig = {},
): EnforcementLevel {
    return (
        reconcileConfig([policy], config, thisPack.enforcementLevel)[policy.name].enforcementLevel ||
        thisPack.enforcementLevel
    );
}

/** A policy's settings under `config`: its `configSchema` defaults overlaid with the configured values. */
export function settingsOf(
    policy: { name: string; configSchema?: PolicyConfigSchema },
    config: PolicyPackConfig = {},
): Record<string, unknown> {
    return reconcileConfig([policy], config, thisPack.enforcementLevel)[policy.name].properties;
}

function assertNoUnknowns(resources: PolicyInputResource[]): void {
    for (const resource of resources) {
        const path = firstUnknownPath(resource.props);
        if (path) {
            throw new Error(
                `${resource.urn}: ${path} is unknown, which only happens in a preview (pass preview: true)`,
            );
        }
    }
}
