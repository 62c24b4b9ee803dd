/**
 * Parity with the engine: the same resources and options through `@pulumi/policy`'s own handlers
 * (`testing/policy-server.ts`) must give exactly what `analyzePolicies` gives, messages included.
 */
import * as assert from "node:assert/strict";
import { thisPack } from "../../policies/pack";
import { policies as packPolicies } from "../../policies/policies";
import {
    reconcileConfig,
    type PolicyAnalysis,
    type PolicyInputResource,
    type RunPoliciesOptions,
} from "../../policies/run";
import { analyzeWithPolicyServer } from "../../testing/policy-server";

/** Asserts that the SDK's handlers report `analysis` for `resources` under `options`. */
export async function assertSameAsPolicyServer(
    resources: PolicyInputResource[],
    options: RunPoliciesOptions,
    analysis: PolicyAnalysis,
): Promise<void> {
    const policies = options.policies ?? packPolicies;
    const pack = options.pack ?? thisPack;
    const server = await analyzeWithPolicyServer(resources, {
        policies,
        pack,
        policyConfig: reconcileConfig(policies, options.config ?? {}, pack.enforcementLevel) as never,
        stackTags: options.stackTags,
    });
    assert.deepEqual(analysis.violations, server.violations, "runPolicies differs from @pulumi/policy's handlers");
    assert.deepEqual(
        analysis.remediations,
        server.remediations,
        "remediated props differ from @pulumi/policy's handlers",
    );
}
