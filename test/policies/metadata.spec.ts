/** Metadata every policy of the pack must carry (see policies/README.md, "Writing a policy"). */
import * as assert from "node:assert/strict";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { runPolicies } from "../../policies/run";

type Described = Policies[number] & {
    severity?: string;
    remediationSteps?: string;
    tags?: string[];
    validateResource?: unknown;
    remediateResource?: unknown;
    validateStack?: unknown;
};

/** `cdk-nag:` takes `<pack>-<rule>` (`AwsSolutions-ECS2`, `NIST.800.53.R5-ALBWAFEnabled`) or a bare rule name. */
const controlTag =
    /^(securityhub:[A-Za-z0-9]+\.\d+|checkov:CKV2?_AWS_\d+|cdk-nag:([A-Za-z0-9.]+-)?[A-Za-z0-9]+|trivy:AVD-AWS-\d{4}|aws-config:[a-z0-9-]+|awsguard:[a-z0-9-]+)$/;
const families = [
    "network",
    "loadbalancer",
    "storage",
    "compute",
    "ecs",
    "ecr",
    "iam",
    "kms",
    "secrets",
    "logging",
    "tagging",
    "cost",
];

describe("policy metadata", () => {
    it("has policies", () => {
        assert.ok(policies.length > 0);
    });

    it("gives every policy a unique kebab-case name (and none named `all`)", () => {
        const names = policies.map(p => p.name);
        assert.deepEqual(
            names.filter(n => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n) || n === "all"),
            [],
        );
        assert.deepEqual(
            names.filter((n, i) => names.indexOf(n) !== i),
            [],
            "duplicate names",
        );
    });

    for (const policy of policies as Described[]) {
        describe(policy.name, () => {
            it("describes what it checks, how bad a violation is and what to change", () => {
                assert.match(policy.description, /^Checks that .{10,}/);
                assert.ok(
                    ["low", "medium", "high", "critical"].includes(policy.severity ?? ""),
                    `severity ${policy.severity}`,
                );
                assert.ok((policy.remediationSteps ?? "").length >= 20, "remediationSteps");
                assert.ok(
                    ["advisory", "mandatory", "remediate", "disabled"].includes(policy.enforcementLevel ?? ""),
                    "enforcementLevel",
                );
            });

            it("tags its external controls and exactly one known family", () => {
                const tags = policy.tags ?? [];
                const familyTags = tags.filter(t => t.startsWith("family:"));
                assert.equal(familyTags.length, 1, `family tags: ${familyTags}`);
                assert.ok(families.includes(familyTags[0].slice("family:".length)), familyTags[0]);
                assert.deepEqual(
                    tags.filter(t => !t.startsWith("family:") && !controlTag.test(t)),
                    [],
                    "malformed control tags",
                );
                assert.equal(new Set(tags).size, tags.length, "duplicate tags");
            });

            it("validates (remediation-only policies would be invisible at other levels)", () => {
                const validations = [policy.validateResource ?? []].flat();
                assert.ok(
                    typeof policy.validateStack === "function" ||
                        (validations.length > 0 && validations.every(v => typeof v === "function")),
                );
                if (policy.enforcementLevel === "remediate") {
                    assert.equal(
                        typeof policy.remediateResource,
                        "function",
                        "level remediate needs remediateResource",
                    );
                }
            });

            it("gives every setting a default that satisfies its own schema", async () => {
                const properties = Object.entries(policy.configSchema?.properties ?? {});
                assert.deepEqual(
                    properties.filter(([, schema]) => schema.default === undefined || !schema.type).map(([key]) => key),
                    [],
                );
                assert.ok(!properties.some(([key]) => key === "enforcementLevel"), "enforcementLevel is reserved");
                await runPolicies([], { policies: [policy] }); // throws on a default that fails the schema
            });
        });
    }
});
