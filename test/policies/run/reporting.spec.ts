import * as assert from "node:assert/strict";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { validateResourceOfTypes } from "../../../policies/lib";
import { analyzePolicies, enforcementLevelOf, runPolicies } from "../../../policies/run";
import { fakeResource } from "../helpers";
import { Bucket, bucketType, flagAcl, privateBucket, publicBucket, queueType } from "./fixtures";

describe("policies/run: reporting, levels, applicability", () => {
    describe("reporting", () => {
        it("reports `${description}\\n${message}` against the validated resource's URN", async () => {
            const violations = await runPolicies([publicBucket, privateBucket], { policies: [flagAcl()] });
            assert.deepEqual(violations, [
                {
                    policy: "no-public-acl",
                    enforcementLevel: "advisory",
                    urn: publicBucket.urn,
                    message: "Checks that buckets are private.\nacl is public-read",
                },
            ]);
        });

        it("reports the description alone for an empty message", async () => {
            const policy: ResourceValidationPolicy = {
                name: "always",
                description: "Always fails.",
                validateResource: (_args, report) => report(""),
            };
            const [violation] = await runPolicies([privateBucket], { policies: [policy] });
            assert.equal(violation.message, "Always fails.");
        });

        it("honours the object form of reportViolation as the engine does (message verbatim, level override)", async () => {
            const policy: ResourceValidationPolicy = {
                name: "object-form",
                description: "Object form.",
                enforcementLevel: "mandatory",
                validateResource: (_args, report) =>
                    (report as unknown as (v: object) => void)({ message: "just this", enforcementLevel: "advisory" }),
            };
            const [violation] = await runPolicies([privateBucket], { policies: [policy] });
            assert.deepEqual(violation, {
                policy: "object-form",
                enforcementLevel: "advisory",
                urn: privateBucket.urn,
                message: "just this",
            });
        });

        it("runs every function of a validateResource array, each on its own copy of the props", async () => {
            const seen: unknown[] = [];
            const policy: ResourceValidationPolicy = {
                name: "two-steps",
                description: "Two steps.",
                validateResource: [
                    args => {
                        seen.push(args.props.acl);
                        args.props.acl = "mutated";
                    },
                    args => {
                        seen.push(args.props.acl);
                    },
                ],
            };
            await runPolicies([privateBucket], { policies: [policy] });
            assert.deepEqual(seen, ["private", "private"]);
        });

        it("rejects with the policy and resource named when a policy throws", async () => {
            const policy: ResourceValidationPolicy = {
                name: "broken",
                description: "Broken.",
                validateResource: () => {
                    throw new Error("boom");
                },
            };
            await assert.rejects(runPolicies([privateBucket], { policies: [policy] }), /policy 'broken'.*boom/);
        });
    });

    describe("enforcement levels", () => {
        it("uses the pack default (advisory) when the policy sets none", async () => {
            const [violation] = await runPolicies([publicBucket], { policies: [flagAcl()] });
            assert.equal(violation.enforcementLevel, "advisory");
        });

        it("applies policy default, then `all`, then the per-policy entry", () => {
            const policy = { name: "p", enforcementLevel: "mandatory" as const };
            assert.equal(enforcementLevelOf(policy), "mandatory");
            assert.equal(enforcementLevelOf(policy, { all: "advisory" }), "advisory");
            assert.equal(enforcementLevelOf(policy, { all: { enforcementLevel: "disabled" } }), "disabled");
            assert.equal(enforcementLevelOf(policy, { all: "advisory", p: "mandatory" }), "mandatory");
            assert.equal(
                enforcementLevelOf(policy, { all: "advisory", p: { enforcementLevel: "remediate" } }),
                "remediate",
            );
            assert.equal(enforcementLevelOf(policy, { all: "advisory", p: { setting: 1 } }), "advisory");
        });

        it("reports at the configured level", async () => {
            const [violation] = await runPolicies([publicBucket], {
                policies: [flagAcl({ enforcementLevel: "advisory" })],
                config: { all: "advisory", "no-public-acl": "mandatory" },
            });
            assert.equal(violation.enforcementLevel, "mandatory");
        });

        it("does not run disabled policies", async () => {
            let calls = 0;
            const policy: ResourceValidationPolicy = {
                name: "counted",
                description: "Counted.",
                validateResource: () => {
                    calls++;
                },
            };
            await runPolicies([privateBucket], { policies: [policy], config: { counted: "disabled" } });
            await runPolicies([privateBucket], { policies: [policy], config: { all: "disabled" } });
            assert.equal(calls, 0);
            await runPolicies([privateBucket], {
                policies: [policy],
                config: { all: "disabled", counted: "advisory" },
            });
            assert.equal(calls, 1);
        });

        it("rejects an invalid enforcement level in config", async () => {
            await assert.rejects(
                runPolicies([], { policies: [flagAcl()], config: { "no-public-acl": "strict" as never } }),
                /not a valid enforcement level/,
            );
        });
    });

    describe("applicability", () => {
        it("skips a policy typed for another resource type without calling it", async () => {
            let calls = 0;
            const policy: ResourceValidationPolicy = {
                name: "queues-only",
                description: "Queues.",
                validateResource: validateResourceOfTypes(queueType, () => {
                    calls++;
                }),
            };
            const { violations, evaluations } = await analyzePolicies([privateBucket], { policies: [policy] });
            assert.deepEqual(violations, []);
            assert.equal(calls, 0);
            assert.deepEqual(evaluations, [
                { policy: "queues-only", urn: privateBucket.urn, outcome: "notApplicable" },
            ]);
        });

        it("supports the SDK's validateResourceOfType, isType and asType", async () => {
            const policy: ResourceValidationPolicy = {
                name: "sdk-typed",
                description: "SDK typed.",
                validateResource: validateResourceOfType(Bucket, (bucket, args, report) => {
                    report(`${bucket.acl} ${args.isType(Bucket)} ${args.asType(Bucket)?.acl}`);
                }),
            };
            const violations = await runPolicies([privateBucket, fakeResource(queueType, "q", {})], {
                policies: [policy],
            });
            assert.deepEqual(
                violations.map(v => v.message),
                ["SDK typed.\nprivate true private"],
            );
        });

        it("keeps what was reported before notApplicable(), like the engine", async () => {
            const policy: ResourceValidationPolicy = {
                name: "half",
                description: "Half.",
                validateResource: (args, report) => {
                    report("first");
                    args.notApplicable("then gave up");
                },
            };
            const { violations, evaluations } = await analyzePolicies([privateBucket], { policies: [policy] });
            assert.equal(violations.length, 1);
            assert.equal(evaluations[0].outcome, "notApplicable");
        });

        it("matches several tokens with validateResourceOfTypes", async () => {
            const policy: ResourceValidationPolicy = {
                name: "either",
                description: "Either.",
                validateResource: validateResourceOfTypes([bucketType, queueType], (_props, args, report) =>
                    report(args.type),
                ),
            };
            const violations = await runPolicies(
                [privateBucket, fakeResource(queueType, "q", {}), fakeResource("aws:x/y:Y", "y", {})],
                {
                    policies: [policy],
                },
            );
            assert.deepEqual(
                violations.map(v => v.message),
                [`Either.\n${bucketType}`, `Either.\n${queueType}`],
            );
        });
    });

    describe("default policies", () => {
        it("runs the pack's policies when none are given", async () => {
            const policies: Policies = (await import("../../../policies/policies")).policies;
            const { evaluations } = await analyzePolicies([privateBucket]);
            const ran = new Set(evaluations.map(e => e.policy));
            const enabled = policies.filter(p => enforcementLevelOf(p) !== "disabled");
            assert.ok(enabled.length > 0);
            assert.deepEqual(
                enabled.filter(p => !ran.has(p.name)).map(p => p.name),
                [],
                "every enabled pack policy was evaluated",
            );
        });
    });
});
