/** policies/config.<env>.json: valid `--policy-pack-config` files, complete, and prod at least as strict as staging. */
import * as assert from "node:assert/strict";
import type { EnforcementLevel } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { enforcementLevelOf, runPolicies } from "../../policies/run";
import { environmentConfig, environments } from "../../tools/policy-docs";

const strictness: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, remediate: 2, mandatory: 2 };

describe("policies/config.<env>.json", () => {
    for (const env of environments) {
        describe(`config.${env}.json`, () => {
            const config = environmentConfig(env);

            it("names only policies of the pack (or `all`)", () => {
                const names = new Set(policies.map(p => p.name));
                assert.deepEqual(
                    Object.keys(config).filter(key => key !== "all" && !names.has(key)),
                    [],
                );
            });

            it("has an entry for every policy, so each environment's level is a decision", () => {
                assert.deepEqual(
                    policies.filter(p => !(p.name in config)).map(p => p.name),
                    [],
                );
            });

            it("has valid levels and settings that match each policy's schema", async () => {
                await runPolicies([], { config });
            });
        });
    }

    it("is never stricter in staging than in prod", () => {
        const [staging, prod] = environments.map(environmentConfig);
        const looser = policies.filter(
            p => strictness[enforcementLevelOf(p, prod)] < strictness[enforcementLevelOf(p, staging)],
        );
        assert.deepEqual(
            looser.map(
                p => `${p.name}: staging ${enforcementLevelOf(p, staging)}, prod ${enforcementLevelOf(p, prod)}`,
            ),
            [],
        );
    });
});
