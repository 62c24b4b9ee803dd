import * as assert from "node:assert/strict";
import {
    awsType,
    compiledRegExp,
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

    it("keeps the schema's order of settings, whether a setting is configured or defaulted", () => {
        const schema = {
            properties: {
                first: { type: "integer" as const, default: 1 },
                second: { type: "array" as const, default: ["b"] },
                third: { type: "integer" as const, default: 3 },
            },
        };
        const settings = policyConfig(
            { getConfig: <T extends object>() => ({ extra: 0, second: ["x"] }) as T },
            schema,
        );
        assert.deepEqual(Object.entries(settings), [
            ["first", 1],
            ["second", ["x"]],
            ["third", 3],
            ["extra", 0],
        ]);
    });

    it("compiles a pattern once per translation and flags, and still matches after many patterns", () => {
        const exact = (pattern: string) => `^${pattern}$`;
        const prefix = (pattern: string) => `^${pattern}`;
        assert.equal(compiledRegExp("a.c", exact), compiledRegExp("a.c", exact));
        assert.notEqual(compiledRegExp("a.c", exact, "i"), compiledRegExp("a.c", exact));
        assert.ok(compiledRegExp("a.c", exact, "i").test("ABC"));
        assert.ok(!compiledRegExp("a.c", exact).test("ABC"));
        assert.ok(!compiledRegExp("a.c", exact).test("abcd"));
        assert.ok(compiledRegExp("a.c", prefix).test("abcd"), "another translation of the same pattern");
        for (let i = 0; i < 2500; i++) {
            assert.ok(compiledRegExp(`p${i}`, exact).test(`p${i}`));
        }
        assert.ok(compiledRegExp("a.c", exact).test("abc"));
    });
});
