import * as assert from "node:assert/strict";
import {
    awsType,
    isOneOfTypes,
    lbTypes,
    policyConfig,
    validatedTypes,
    validateResourceOfTypes,
} from "../../../policies/lib";

describe("policies/lib/policy and types", () => {
    it("builds type tokens, with both lb and alb for load balancing", () => {
        assert.equal(awsType("ecs", "taskDefinition"), "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepEqual(lbTypes("listener"), ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]);
        assert.ok(isOneOfTypes("aws:alb/listener:Listener", lbTypes("listener")));
        assert.ok(!isOneOfTypes("aws:lb/listener:Listener", "aws:alb/listener:Listener"));
    });

    it("tags validation functions with their types, and a single type for the engine's fast path", () => {
        const single = validateResourceOfTypes("aws:s3/bucket:Bucket", () => undefined) as unknown as {
            __pulumiType?: string;
        };
        const both = validateResourceOfTypes(lbTypes("listener"), () => undefined) as unknown as {
            __pulumiType?: string;
        };
        assert.equal(single.__pulumiType, "aws:s3/bucket:Bucket");
        assert.equal(both.__pulumiType, undefined);
        assert.deepEqual(validatedTypes(both), lbTypes("listener"));
    });

    it("overlays configured settings on schema defaults, without sharing default objects", () => {
        const schema = {
            properties: {
                names: { type: "array" as const, default: ["a"] },
                max: { type: "integer" as const, default: 3 },
                free: { type: "string" as const },
            },
        };
        const settings = policyConfig<{ names: string[]; max: number }>(
            { getConfig: <T extends object>() => ({ max: 5 }) as T },
            schema,
        );
        assert.deepEqual(settings, { names: ["a"], max: 5 });
        settings.names.push("b");
        assert.deepEqual(schema.properties.names.default, ["a"]);
    });
});
