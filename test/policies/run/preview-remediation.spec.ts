import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Secret } from "@pulumi/policy";
import { runPolicies } from "../../../policies/run";
import { fakeResource, UNKNOWN } from "../helpers";
import { bucketType, flagAcl, previewNote, privateBucket, publicBucket, setAcl } from "./fixtures";

describe("policies/run: preview and remediation", () => {
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
                    message: previewNote("no-public-acl", "string value at .acl can't be known during preview"),
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

        it("names the first unknown value's whole path, below objects and lists, outside a preview", async () => {
            const nested = fakeResource(bucketType, "nested", {
                acl: "private",
                size: 3,
                rules: [{ cidr: "10.0.0.0/8" }, { ports: [80, UNKNOWN] }],
            });
            await assert.rejects(
                runPolicies([privateBucket, nested], { policies: [flagAcl()] }),
                /urn:pulumi:test::ecs-platform::aws:s3\/bucket:Bucket::nested: props\.rules\.1\.ports\.1 is unknown/,
            );
        });
    });

    describe("remediation", () => {
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
                    message: "Sets acl to authenticated-read.",
                },
                {
                    policy: "second",
                    enforcementLevel: "remediate",
                    urn: publicBucket.urn,
                    message: "Second.",
                },
            ]);
        });

        it("counts every value a remediation returns, changed or not (as the engine does), and nothing for none", async () => {
            const unchanged = await runPolicies([privateBucket], { policies: [setAcl("noop", "private")] });
            assert.deepEqual(unchanged, [
                {
                    policy: "noop",
                    enforcementLevel: "remediate",
                    urn: privateBucket.urn,
                    message: "Sets acl to private.",
                },
            ]);
            const none: ResourceValidationPolicy = { ...setAcl("none", "private"), remediateResource: () => undefined };
            assert.deepEqual(await runPolicies([privateBucket], { policies: [none] }), []);
        });

        it("reports an object-form violation at level remediate as mandatory", async () => {
            const policy: ResourceValidationPolicy = {
                ...setAcl("object-form", "private"),
                remediateResource: () => undefined,
                validateResource: (_args, report) =>
                    (report as unknown as (v: object) => void)({ message: "left over", enforcementLevel: "remediate" }),
            };
            const violations = await runPolicies([publicBucket], { policies: [policy] });
            assert.deepEqual(violations, [
                { policy: "object-form", enforcementLevel: "mandatory", urn: publicBucket.urn, message: "left over" },
            ]);
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

        it("opens Secret values in what it returns", async () => {
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
            assert.equal(violations[0].message, "Nested fix.");
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
            assert.equal(
                violations[0].message,
                previewNote("fix", "string value at .acl can't be known during preview", "remediation"),
            );
        });
    });
});
