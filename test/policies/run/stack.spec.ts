import * as assert from "node:assert/strict";
import type { StackValidationPolicy } from "@pulumi/policy";
import { checkEachResource, validateStackOfTypes } from "../../../policies/lib";
import { analyzePolicies, runPolicies } from "../../../policies/run";
import { fakeResource, UNKNOWN } from "../helpers";
import { previewNote, queueType } from "./fixtures";

describe("policies/run: stack policies", () => {
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

        it("gives each resource with a provider its own copy of it, and none to the others", async () => {
            const provider = fakeResource("pulumi:providers:aws", "default", { region: "eu-west-1" });
            const queues = ["a", "b"].map(name => ({ ...fakeResource(queueType, name, {}), provider: provider.urn }));
            const seen: unknown[] = [];
            const policy: StackValidationPolicy = {
                name: "providers",
                description: "Providers.",
                validateStack: args => {
                    const [p, a, b] = args.resources;
                    seen.push(p.provider, a.provider?.urn, a.provider?.props.region, a.provider === a.provider);
                    seen.push(a.provider !== b.provider, Object.keys(a).includes("provider"));
                },
            };
            await runPolicies([provider, ...queues], { policies: [policy] });
            assert.deepEqual(seen, [undefined, provider.urn, "eu-west-1", true, true, true]);
        });

        it("reports against the given URN of the stack, else against the root stack (none when absent)", async () => {
            const policy: StackValidationPolicy = {
                name: "stack",
                description: "Stack.",
                enforcementLevel: "mandatory",
                validateStack: (_args, report) => {
                    report("whole stack");
                    report("one resource", vpc.urn);
                    report("elsewhere", "urn:pulumi:test::other::aws:ec2/vpc:Vpc::gone");
                },
            };
            const violations = await runPolicies([vpc], { policies: [policy] });
            assert.deepEqual(violations, [
                { policy: "stack", enforcementLevel: "mandatory", message: "Stack.\nwhole stack" },
                { policy: "stack", enforcementLevel: "mandatory", urn: vpc.urn, message: "Stack.\none resource" },
                { policy: "stack", enforcementLevel: "mandatory", message: "Stack.\nelsewhere" },
            ]);
            const root = fakeResource("pulumi:pulumi:Stack", "ecs-platform-test", {});
            const withRoot = await runPolicies([root, vpc], { policies: [policy] });
            assert.deepEqual(
                withRoot.map(v => v.urn),
                [root.urn, vpc.urn, root.urn],
            );
        });

        it("drops empty property-dependency lists, as the engine does", async () => {
            const seen: string[][] = [];
            const policy: StackValidationPolicy = {
                name: "deps",
                description: "Deps.",
                validateStack: args => {
                    seen.push(Object.keys(args.resources[1].propertyDependencies));
                },
            };
            const withEmpty = { ...subnet, propertyDependencies: { vpcId: [vpc.urn], tags: [] } };
            await runPolicies([vpc, withEmpty], { policies: [policy], preview: true });
            assert.deepEqual(seen, [["vpcId"]]);
        });

        it("shares one read-only view of the resources between stack policies", async () => {
            const seen: unknown[] = [];
            const writer: StackValidationPolicy = {
                name: "writer",
                description: "Writer.",
                validateStack: args => {
                    seen.push(args.resources[0].props);
                    assert.throws(() => {
                        args.resources[0].props.cidrBlock = "0.0.0.0/0";
                    }, TypeError);
                    assert.throws(() => Object.preventExtensions(args.resources[0].props), TypeError);
                    assert.throws(() => Object.setPrototypeOf(args.resources[0].props, { cidrBlock: "x" }), TypeError);
                    args.resources.reverse();
                },
            };
            const reader: StackValidationPolicy = {
                name: "reader",
                description: "Reader.",
                validateStack: args => {
                    seen.push(args.resources[0].props);
                    seen.push(args.resources[0].props.cidrBlock);
                },
            };
            await runPolicies([vpc, subnet], { policies: [writer, reader], preview: true });
            assert.equal(seen[2], "10.0.0.0/16", "the reader sees the original props, in the original order");
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
            assert.deepEqual(violations, [
                {
                    policy: "reads-vpc-id",
                    enforcementLevel: "advisory",
                    message: previewNote("reads-vpc-id", "string value at .vpcId can't be known during preview"),
                },
            ]);
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
});
