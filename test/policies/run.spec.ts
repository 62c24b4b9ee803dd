import * as assert from "node:assert/strict";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Secret, validateResourceOfType } from "@pulumi/policy";
import {
    checkEachResource,
    remediateResourceOfTypes,
    validateResourceOfTypes,
    validateStackOfTypes,
} from "../../policies/lib";
import { analyzePolicies, enforcementLevelOf, runPolicies, settingsOf } from "../../policies/run";
import { fakeResource, UNKNOWN } from "./helpers";

const bucketType = "aws:s3/bucket:Bucket";
const queueType = "aws:sqs/queue:Queue";

/** A class-like value as `validateResourceOfType` expects (only `__pulumiType` is read). */
const Bucket = { __pulumiType: bucketType } as unknown as new (name: string, args: { acl?: string }) => any;

function flagAcl(overrides: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return {
        name: "no-public-acl",
        description: "Checks that buckets are private.",
        validateResource: validateResourceOfTypes<{ acl?: string }>(bucketType, (bucket, _args, report) => {
            if (bucket.acl === "public-read") {
                report("acl is public-read", "urn:ignored");
            }
        }),
        ...overrides,
    };
}

const publicBucket = fakeResource(bucketType, "public", { acl: "public-read" });
const privateBucket = fakeResource(bucketType, "private", { acl: "private" });

describe("policies/run", () => {
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

    describe("config", () => {
        const configurable: ResourceValidationPolicy = {
            name: "max-size",
            description: "Checks size.",
            configSchema: {
                properties: {
                    maxSize: { type: "integer", minimum: 1, default: 10 },
                    names: { type: "array", items: { type: "string" }, default: ["a"] },
                },
            },
            validateResource: (args, report) => report(JSON.stringify(args.getConfig())),
        };

        it("applies configSchema defaults and hides enforcementLevel from getConfig", async () => {
            const [byDefault] = await runPolicies([privateBucket], { policies: [configurable] });
            assert.equal(byDefault.message, 'Checks size.\n{"maxSize":10,"names":["a"]}');
            const [configured] = await runPolicies([privateBucket], {
                policies: [configurable],
                config: { "max-size": { enforcementLevel: "mandatory", maxSize: 3 } },
            });
            assert.equal(configured.message, 'Checks size.\n{"maxSize":3,"names":["a"]}');
            assert.equal(configured.enforcementLevel, "mandatory");
        });

        it("gives getConfig {} for policies without schema or config", async () => {
            const policy: ResourceValidationPolicy = {
                name: "plain",
                description: "Plain.",
                validateResource: (args, report) => report(JSON.stringify(args.getConfig())),
            };
            const [violation] = await runPolicies([privateBucket], { policies: [policy] });
            assert.equal(violation.message, "Plain.\n{}");
        });

        it("rejects settings that do not match the schema, as the CLI does", async () => {
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { "max-size": { maxSize: "big" } } }),
                /max-size: maxSize must be of type integer/,
            );
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { "max-size": { maxSize: 0, names: [1] } } }),
                (error: Error) =>
                    /maxSize must be >= 1/.test(error.message) &&
                    /names\[0\] must be of type string/.test(error.message),
            );
        });

        it("exposes the merged settings", () => {
            assert.deepEqual(settingsOf(configurable, { "max-size": { enforcementLevel: "advisory", names: [] } }), {
                maxSize: 10,
                names: [],
            });
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

    describe("preview", () => {
        const unknownAcl = fakeResource(bucketType, "unknown", {
            acl: UNKNOWN,
            nested: { deep: UNKNOWN },
            tags: { a: "b" },
        });

        it("turns a read of an unknown value into an advisory note, even for a mandatory policy", async () => {
            const violations = await runPolicies([unknownAcl], {
                policies: [flagAcl({ enforcementLevel: "mandatory" })],
                preview: true,
            });
            assert.deepEqual(violations, [
                {
                    policy: "no-public-acl",
                    enforcementLevel: "advisory",
                    urn: unknownAcl.urn,
                    message:
                        "Checks that buckets are private.\ncannot be checked during preview: string value at .acl can't be known during preview",
                },
            ]);
        });

        it("names nested paths, and does not complain about known values", async () => {
            const policy: ResourceValidationPolicy = {
                name: "nested",
                description: "Nested.",
                validateResource: (args, report) => {
                    if (args.props.tags.a !== "b") report("tags are wrong");
                    if (args.props.nested.deep === "x") report("never");
                },
            };
            const [violation] = await runPolicies([unknownAcl], { policies: [policy], preview: true });
            assert.match(violation.message, /value at \.nested\.deep can't be known/);
        });

        it("refuses unknown values outside a preview", async () => {
            await assert.rejects(runPolicies([unknownAcl], { policies: [flagAcl()] }), /props\.acl is unknown/);
        });
    });

    describe("remediation", () => {
        const setAcl = (name: string, acl: string): ResourceValidationPolicy => ({
            name,
            description: `Sets acl to ${acl}.`,
            enforcementLevel: "remediate",
            remediateResource: remediateResourceOfTypes<{ acl?: string }>(bucketType, bucket => ({ ...bucket, acl })),
        });

        it("runs remediations in order before validation, and validation sees the result", async () => {
            const seen: string[] = [];
            const second: ResourceValidationPolicy = {
                name: "second",
                description: "Second.",
                enforcementLevel: "remediate",
                remediateResource: args => {
                    seen.push(args.props.acl);
                    args.props.acl = "private";
                    return args.props;
                },
            };
            const violations = await runPolicies([publicBucket], {
                policies: [setAcl("first", "authenticated-read"), second, flagAcl({ enforcementLevel: "mandatory" })],
            });
            assert.deepEqual(seen, ["authenticated-read"]);
            assert.deepEqual(violations, [
                {
                    policy: "first",
                    enforcementLevel: "remediate",
                    urn: publicBucket.urn,
                    message: "Sets acl to authenticated-read.\nremediated: set acl",
                },
                {
                    policy: "second",
                    enforcementLevel: "remediate",
                    urn: publicBucket.urn,
                    message: "Second.\nremediated: set acl",
                },
            ]);
        });

        it("reports nothing when a remediation changes nothing", async () => {
            assert.deepEqual(await runPolicies([privateBucket], { policies: [setAcl("noop", "private")] }), []);
        });

        it("remediates only at level remediate; validation of a remediate policy reports mandatory", async () => {
            const policy: ResourceValidationPolicy = {
                ...setAcl("fix-acl", "private"),
                validateResource: (args, report) => {
                    if (args.props.acl !== "private") report("still public");
                },
            };
            const remediated = await runPolicies([publicBucket], { policies: [policy] });
            assert.deepEqual(
                remediated.map(v => v.enforcementLevel),
                ["remediate"],
            );
            const validatedOnly = await runPolicies([publicBucket], {
                policies: [policy],
                config: { "fix-acl": "mandatory" },
            });
            assert.deepEqual(
                validatedOnly.map(v => [v.enforcementLevel, v.message]),
                [["mandatory", "Sets acl to private.\nstill public"]],
            );
            const brokenFix: ResourceValidationPolicy = { ...policy, remediateResource: () => undefined };
            const leftOver = await runPolicies([publicBucket], { policies: [brokenFix] });
            assert.deepEqual(
                leftOver.map(v => v.enforcementLevel),
                ["mandatory"],
            );
        });

        it("opens Secret values and lists nested paths that changed", async () => {
            const policy: ResourceValidationPolicy = {
                name: "nested-fix",
                description: "Nested fix.",
                enforcementLevel: "remediate",
                remediateResource: args => ({
                    ...args.props,
                    logging: { ...args.props.logging, target: new Secret("bucket-logs") },
                }),
            };
            const stackSeen: unknown[] = [];
            const observer: StackValidationPolicy = {
                name: "observer",
                description: "Observer.",
                validateStack: args => {
                    stackSeen.push(args.resources[0].props.logging.target);
                },
            };
            const logged = fakeResource(bucketType, "logged", { logging: { target: "old", prefix: "p/" } });
            const violations = await runPolicies([logged], { policies: [policy, observer] });
            assert.equal(violations[0].message, "Nested fix.\nremediated: set logging.target");
            assert.deepEqual(stackSeen, ["bucket-logs"]);
        });

        it("turns an unknown read during remediation into an advisory note", async () => {
            const violations = await runPolicies([fakeResource(bucketType, "u", { acl: UNKNOWN })], {
                policies: [
                    {
                        ...setAcl("fix", "private"),
                        remediateResource: args => ({ acl: args.props.acl === "x" ? "y" : "z" }),
                    },
                ],
                preview: true,
            });
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["advisory"],
            );
            assert.match(violations[0].message, /cannot be remediated during preview/);
        });
    });

    describe("stack policies", () => {
        const vpc = fakeResource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
        const subnet = fakeResource(
            "aws:ec2/subnet:Subnet",
            "subnet",
            { vpcId: UNKNOWN },
            {
                parent: vpc.urn,
                dependencies: [vpc.urn, "urn:not:in:stack"],
                propertyDependencies: { vpcId: [vpc.urn] },
            },
        );

        it("resolves parent, dependencies and propertyDependencies to the resource objects", async () => {
            const checks: boolean[] = [];
            const policy: StackValidationPolicy = {
                name: "links",
                description: "Links.",
                validateStack: args => {
                    const [v, s] = args.resources;
                    checks.push(
                        s.parent === v,
                        s.dependencies.length === 1 && s.dependencies[0] === v,
                        s.propertyDependencies.vpcId[0] === v,
                    );
                    checks.push(
                        s.opts.parent === vpc.urn,
                        v.parent === undefined,
                        v.isType({ __pulumiType: "aws:ec2/vpc:Vpc" } as never),
                    );
                },
            };
            await runPolicies([vpc, subnet], { policies: [policy], preview: true });
            assert.deepEqual(checks, [true, true, true, true, true, true]);
        });

        it("reports against the given URN, or the stack when none is given", async () => {
            const policy: StackValidationPolicy = {
                name: "stack",
                description: "Stack.",
                enforcementLevel: "mandatory",
                validateStack: (_args, report) => {
                    report("whole stack");
                    report("one resource", vpc.urn);
                },
            };
            const violations = await runPolicies([vpc], { policies: [policy] });
            assert.deepEqual(violations, [
                { policy: "stack", enforcementLevel: "mandatory", urn: undefined, message: "Stack.\nwhole stack" },
                { policy: "stack", enforcementLevel: "mandatory", urn: vpc.urn, message: "Stack.\none resource" },
            ]);
        });

        it("turns an escaped unknown read into one advisory note for the stack", async () => {
            const policy: StackValidationPolicy = {
                name: "reads-vpc-id",
                description: "Reads vpcId.",
                enforcementLevel: "mandatory",
                validateStack: args => {
                    for (const r of args.resources) void r.props.vpcId;
                },
            };
            const violations = await runPolicies([vpc, subnet], { policies: [policy], preview: true });
            assert.deepEqual(
                violations.map(v => [v.enforcementLevel, v.urn]),
                [["advisory", undefined]],
            );
            assert.match(violations[0].message, /cannot be checked during preview: string value at \.vpcId/);
        });

        it("lets checkEachResource note unknowns per resource and keep checking the others", async () => {
            const policy: StackValidationPolicy = {
                name: "per-resource",
                description: "Per resource.",
                enforcementLevel: "mandatory",
                validateStack: (args, report) =>
                    checkEachResource(args.resources, report, r => {
                        if (r.props.vpcId === undefined) report("no vpcId", r.urn);
                    }),
            };
            const violations = await runPolicies([vpc, subnet], { policies: [policy], preview: true });
            assert.deepEqual(
                violations.map(v => [v.enforcementLevel, v.urn]),
                [
                    ["mandatory", vpc.urn],
                    ["advisory", subnet.urn],
                ],
            );
        });

        it("skips a typed stack policy when the stack has no resources of its types", async () => {
            let calls = 0;
            const policy: StackValidationPolicy = {
                name: "queues",
                description: "Queues.",
                validateStack: validateStackOfTypes(queueType, () => {
                    calls++;
                }),
            };
            const { evaluations } = await analyzePolicies([vpc], { policies: [policy] });
            assert.equal(calls, 0);
            assert.deepEqual(evaluations, [{ policy: "queues", outcome: "notApplicable" }]);
            await analyzePolicies([vpc, fakeResource(queueType, "q", {})], { policies: [policy] });
            assert.equal(calls, 1);
        });
    });

    describe("default policies", () => {
        it("runs the pack's policies when none are given", async () => {
            const policies: Policies = (await import("../../policies/policies")).policies;
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
