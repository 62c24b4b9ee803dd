import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { ecsPolicies } from "../../../policies/ecs";
import { policies } from "../../../policies/policies";
import { analyzePolicies, runPolicies } from "../../../policies/run";
import prodConfig = require("../../../policies/config.prod.json");
import stagingConfig = require("../../../policies/config.staging.json");
import { UNKNOWN } from "../helpers";
import { compliantStack, replacing, withProps } from "./fixtures";

const configs: Record<string, PolicyPackConfig> = {
    staging: stagingConfig as PolicyPackConfig,
    prod: prodConfig as PolicyPackConfig,
};

describe("policies/ecs", () => {
    it("is part of the pack", () => {
        const names = new Set(policies.map(p => p.name));
        assert.deepEqual(
            ecsPolicies.filter(p => !names.has(p.name)).map(p => p.name),
            [],
        );
    });

    for (const [env, config] of Object.entries(configs)) {
        it(`passes the platform's compliant stack with config.${env}.json`, async () => {
            assert.deepEqual(await runPolicies(compliantStack().all, { policies: ecsPolicies, config }), []);
        });
    }

    it("never passes a task definition silently when its containerDefinitions is unknown", async () => {
        const stack = compliantStack();
        const preview = replacing(stack.all, withProps(stack.task, { containerDefinitions: UNKNOWN }));
        const { violations, evaluations } = await analyzePolicies(preview, {
            policies: ecsPolicies,
            preview: true,
            config: configs.prod,
        });
        const readers = new Set(
            evaluations.filter(e => e.urn === stack.task.urn && e.outcome === "unknown").map(e => e.policy),
        );
        assert.ok(
            readers.size >= 10,
            `expected the container policies to hit the unknown, got ${[...readers].join(", ")}`,
        );
        assert.ok(
            evaluations
                .filter(e => e.urn === stack.task.urn)
                .every(e => e.outcome !== "applied" || !readers.has(e.policy)),
            "no container policy may report a pass for the unknown task definition",
        );
        assert.ok(
            violations.every(v => v.enforcementLevel === "advisory"),
            JSON.stringify(violations, null, 2),
        );
        const notes = violations.filter(v => v.urn === stack.task.urn).map(v => v.policy);
        for (const policy of readers) {
            assert.ok(notes.includes(policy), `${policy} must say that it could not check the task definition`);
        }
    });

    it("flags the shape of awsx v3 FargateService defaults (shared role, public IP)", async () => {
        const stack = compliantStack();
        const sharedRole = withProps(
            stack.task,
            {},
            {
                propertyDependencies: { ...stack.task.propertyDependencies, taskRoleArn: [stack.executionRole.urn] },
            },
        );
        const publicIp = withProps(stack.service, {
            networkConfiguration: { ...(stack.service.props.networkConfiguration as object), assignPublicIp: true },
        });
        const violations = await runPolicies(replacing(stack.all, sharedRole, publicIp), {
            policies: ecsPolicies,
            config: configs.prod,
        });
        assert.deepEqual(violations.map(v => [v.policy, v.enforcementLevel]).sort(), [
            ["ecs-service-no-public-ip", "mandatory"],
            ["ecs-task-role-ne-exec-role", "mandatory"],
        ]);
    });
});
