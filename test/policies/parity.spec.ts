/**
 * Both stacks, after an update and in a first preview, through `@pulumi/policy`'s own handlers and through
 * `analyzePolicies`: identical entries, messages included. (Every policy spec case is compared the same way by
 * `analyzeWith` in ./helpers.)
 */
import * as assert from "node:assert/strict";
import { main } from "../../infra/program";
import { analyzePolicies } from "../../policies/run";
import { analyzerResources } from "../../testing/analyzer-view";
import { runProgram } from "../../testing/harness";
import { projectStackTags, readStackFile } from "../../testing/stack-file";
import { policyConfigFor } from "../../tools/preview";
import { assertSameAsPolicyServer } from "./parity";

describe("policies: parity with @pulumi/policy's handlers on the platform's stacks", function () {
    this.timeout(120_000);

    for (const stack of ["staging", "prod"]) {
        for (const preview of [false, true]) {
            it(`${stack}, ${preview ? "first preview" : "after an update"}`, async () => {
                const stackFile = readStackFile(stack);
                const run = await runProgram(main, {
                    stack,
                    config: stackFile.values,
                    secretKeys: stackFile.secretKeys,
                    preview,
                });
                const resources = analyzerResources(run, { stack, config: stackFile.values });
                assert.ok(
                    resources.some(r => r.type === "pulumi:pulumi:Stack"),
                    "the root stack is analyzed",
                );
                assert.ok(
                    resources.some(r => r.type === "pulumi:providers:aws"),
                    "the default aws provider is analyzed",
                );
                const options = { config: policyConfigFor(stack), preview, stackTags: projectStackTags() };
                const analysis = await analyzePolicies(resources, options);
                await assertSameAsPolicyServer(resources, options, analysis);
                assert.deepEqual(
                    analysis.violations.filter(v => v.enforcementLevel === "mandatory"),
                    [],
                    "no mandatory violation",
                );
            });
        }
    }
});
