import * as assert from "node:assert/strict";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfTypes } from "../../../policies/lib";
import { analyzePolicies, runPolicies } from "../../../policies/run";
import { fakeResource } from "../helpers";
import { assertSameAsPolicyServer } from "../parity";
import { bucketType, privateBucket, queueType } from "./fixtures";

/** A policy that records the args of each call. */
function recorder(seen: ResourceValidationArgs[]): ResourceValidationPolicy {
    return { name: "recorder", description: "Records.", validateResource: args => void seen.push(args) };
}

describe("policies/run: arguments, as the server builds them", () => {
    it("passes the resource's options, its provider and the stack tags", async () => {
        const provider = fakeResource("pulumi:providers:aws", "default_7_48_0", {
            region: "eu-west-1",
            version: "7.48.0",
        });
        const bucket = {
            ...fakeResource(
                bucketType,
                "logs",
                { acl: "private" },
                { parent: "urn:pulumi:test::p::pulumi:pulumi:Stack::p-test" },
            ),
            provider: provider.urn,
            options: {
                protect: true,
                ignoreChanges: ["tags"],
                aliases: ["urn:pulumi:test::p::aws:s3/bucket:Bucket::old-logs"],
                customTimeouts: { createSeconds: 60, updateSeconds: 0, deleteSeconds: 0 },
                deleteBeforeReplace: true,
            },
        };
        const seen: ResourceValidationArgs[] = [];
        await runPolicies([provider, bucket], { policies: [recorder(seen)], stackTags: { "pulumi:project": "p" } });
        const args = seen[1];
        assert.deepEqual(args.opts, {
            protect: true,
            ignoreChanges: ["tags"],
            aliases: ["urn:pulumi:test::p::aws:s3/bucket:Bucket::old-logs"],
            customTimeouts: { createSeconds: 60, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            deleteBeforeReplace: true,
            parent: "urn:pulumi:test::p::pulumi:pulumi:Stack::p-test",
        });
        assert.equal(args.provider?.urn, provider.urn);
        assert.equal(args.provider?.props.region, "eu-west-1");
        assert.equal(args.stackTags.get("pulumi:project"), "p");
        assert.equal(seen[0].provider, undefined, "the provider itself has none");
    });

    it("gives each call its own copy of the props and the provider, as the server deserializes per call", async () => {
        const provider = fakeResource("pulumi:providers:aws", "default_7_48_0", { defaultTags: { tags: { a: "1" } } });
        const bucket = { ...fakeResource(bucketType, "logs", { tags: { a: "1" } }), provider: provider.urn };
        const seen: unknown[] = [];
        const meddler = (name: string): ResourceValidationPolicy => ({
            name,
            description: "Reads, then changes what it read.",
            validateResource: args => {
                if (args.type !== bucketType) return;
                seen.push([
                    args.props.tags.a,
                    args.provider?.props.defaultTags.tags.a,
                    args.provider === args.provider,
                ]);
                args.props.tags.a = "changed";
                args.provider!.props.defaultTags.tags.a = "changed";
            },
        });
        const policies = [meddler("first"), meddler("second")];
        const analysis = await analyzePolicies([provider, bucket], { policies });
        assert.deepEqual(seen, [
            ["1", "1", true],
            ["1", "1", true],
        ]);
        await assertSameAsPolicyServer([provider, bucket], { policies }, analysis);
    });

    it("passes the provider's props as the wire carries them, as the server does", async () => {
        const provider = fakeResource("pulumi:providers:aws", "default", { region: "eu-west-1", profile: undefined });
        const bucket = { ...fakeResource(bucketType, "logs", {}), provider: provider.urn };
        const policies: ResourceValidationPolicy[] = [
            {
                name: "provider-props",
                description: "Reports the provider's props.",
                enforcementLevel: "advisory",
                validateResource: (args, report) => {
                    if (args.provider) report(JSON.stringify(Object.entries(args.provider.props)));
                },
            },
        ];
        const analysis = await analyzePolicies([provider, bucket], { policies });
        assert.deepEqual(
            analysis.violations.map(v => v.message),
            ['Reports the provider\'s props.\n[["region","eu-west-1"]]'],
        );
        await assertSameAsPolicyServer([provider, bucket], { policies }, analysis);
    });

    it("calls the same validations in the same order whether or not evaluations are recorded", async () => {
        const calls: string[] = [];
        const call = (label: string) => (args: { type: string }) => void calls.push(`${label} ${args.type}`);
        const ofTypes = (tokens: string | string[], label: string) =>
            validateResourceOfTypes(tokens, (_props, args) => call(label)(args));
        const queue = fakeResource(queueType, "jobs", {});
        const policies: ResourceValidationPolicy[] = [
            {
                name: "typed",
                description: "T.",
                validateResource: Object.assign(call("typed"), { __pulumiType: queueType }),
            },
            {
                name: "array",
                description: "A.",
                validateResource: [ofTypes(bucketType, "array"), call("any")],
            },
            {
                name: "both",
                description: "B.",
                validateResource: ofTypes([queueType, bucketType], "both"),
            },
            { name: "remediation-only", description: "R.", remediateResource: () => undefined },
        ];
        await analyzePolicies([privateBucket, queue], { policies });
        const recorded = calls.splice(0);
        await runPolicies([privateBucket, queue], { policies });
        assert.deepEqual(calls, recorded);
        assert.deepEqual(recorded, [
            `array ${bucketType}`,
            `any ${bucketType}`,
            `both ${bucketType}`,
            `typed ${queueType}`,
            `any ${queueType}`,
            `both ${queueType}`,
        ]);
    });

    it("runs a one-element array of typed validations as the server does (no fast type skip)", async () => {
        let calls = 0;
        const typed = validateResourceOfTypes("aws:sqs/queue:Queue", () => void calls++);
        const inArray: ResourceValidationPolicy = { name: "in-array", description: "A.", validateResource: [typed] };
        const single: ResourceValidationPolicy = { name: "single", description: "S.", validateResource: typed };
        const { evaluations } = await analyzePolicies([privateBucket], { policies: [inArray, single] });
        assert.equal(calls, 0, "the helper itself reports not applicable");
        assert.deepEqual(
            evaluations.map(e => e.policy),
            ["in-array", "single"],
        );
    });

    it("skips a function tagged with this pack's __pulumiTypes for other types, recording it as not applicable", async () => {
        const calls: string[] = [];
        const tagged = Object.assign((args: { type: string }) => void calls.push(args.type), {
            __pulumiTypes: ["aws:sqs/queue:Queue", "aws:sns/topic:Topic"],
        });
        const policy: ResourceValidationPolicy = { name: "queues", description: "Q.", validateResource: tagged };
        const { evaluations } = await analyzePolicies([privateBucket], { policies: [policy] });
        assert.deepEqual(calls, []);
        assert.deepEqual(
            evaluations.map(e => e.outcome),
            ["notApplicable"],
        );
    });

    it("throws notApplicable() without building a stack trace", async () => {
        const stacks: string[] = [];
        const policy: ResourceValidationPolicy = {
            name: "skip",
            description: "Skips.",
            validateResource: args => {
                try {
                    args.notApplicable("not mine");
                } catch (error) {
                    stacks.push(String((error as Error).stack));
                    throw error;
                }
            },
        };
        const { evaluations } = await analyzePolicies([privateBucket], { policies: [policy] });
        assert.deepEqual(
            evaluations.map(e => e.outcome),
            ["notApplicable"],
        );
        assert.doesNotMatch(stacks[0], /\n\s+at /);
    });
});
