import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { ecrPolicies } from "../../policies/ecr";
import { iamPolicies } from "../../policies/iam";
import { kmsPolicies } from "../../policies/kms";
import { loggingPolicies } from "../../policies/logging";
import { secretsPolicies } from "../../policies/secrets";
import { taggingPolicies } from "../../policies/tagging";
import { analyzePolicies } from "../../policies/run";
import prodConfig from "../../policies/config.prod.json";
import stagingConfig from "../../policies/config.staging.json";
import { key, logGroup, platformStack, replacing, repository, secret, tags, withProps } from "./platform-stack";

const families = [
    ...ecrPolicies,
    ...iamPolicies,
    ...kmsPolicies,
    ...secretsPolicies,
    ...loggingPolicies,
    ...taggingPolicies,
];

/** The stack as staging builds it: short key and log windows, force-deletable repositories and secrets. */
function stagingStack() {
    const staging = { ...tags, environment: "staging" };
    return replacing(
        platformStack(),
        withProps(key, { deletionWindowInDays: 7, tags: staging }),
        withProps(repository, { forceDelete: true, tags: staging }),
        withProps(secret, { recoveryWindowInDays: 0, tags: staging }),
        withProps(logGroup, { retentionInDays: 14, tags: staging }),
    );
}

describe("policies: the platform's best-practice stack", () => {
    it("passes every ecr, iam, kms, secrets, logging and tagging policy at its default settings, each applying to it", async () => {
        const { violations, evaluations } = await analyzePolicies(platformStack(), { policies: families });
        assert.deepEqual(violations, []);
        const applied = new Set(evaluations.filter(e => e.outcome === "applied").map(e => e.policy));
        assert.deepEqual(
            families.map(p => p.name).filter(name => !applied.has(name)),
            [],
            "policies that did not apply to the stack prove nothing",
        );
    });

    it("passes under policies/config.prod.json", async () => {
        const { violations } = await analyzePolicies(platformStack(), {
            policies: families,
            config: prodConfig as PolicyPackConfig,
        });
        assert.deepEqual(violations, []);
    });

    it("passes the staging variant under policies/config.staging.json, which prod would block", async () => {
        const { violations } = await analyzePolicies(stagingStack(), {
            policies: families,
            config: stagingConfig as PolicyPackConfig,
        });
        assert.deepEqual(violations, []);
        const inProd = await analyzePolicies(stagingStack(), {
            policies: families,
            config: prodConfig as PolicyPackConfig,
        });
        assert.deepEqual(
            [...new Set(inProd.violations.filter(v => v.enforcementLevel === "mandatory").map(v => v.policy))].sort(),
            ["ecr-no-force-delete", "kms-deletion-window", "log-retention-bounds", "secret-recovery-window"],
        );
    });
});
