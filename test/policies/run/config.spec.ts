import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { runPolicies, settingsOf } from "../../../policies/run";
import { privateBucket } from "./fixtures";

describe("policies/run: config", () => {
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

        it("rejects settings that do not match the schema after reconciliation, with ajv", async () => {
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { "max-size": { maxSize: "big" } } }),
                /max-size: \/maxSize must be integer/,
            );
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { "max-size": { maxSize: 0, names: [1] } } }),
                (error: Error) =>
                    /\/maxSize must be >= 1/.test(error.message) && /\/names\/0 must be string/.test(error.message),
            );
            const named: ResourceValidationPolicy = {
                ...configurable,
                configSchema: { properties: { prefix: { type: "string", minLength: 2, default: "ab" } } },
            };
            await assert.rejects(
                runPolicies([], { policies: [named], config: { "max-size": { prefix: "a" } } }),
                /must NOT have fewer than 2 characters/,
            );
            await assert.rejects(
                runPolicies([], {
                    policies: [{ ...configurable, configSchema: { properties: {}, required: ["token"] } }],
                }),
                /must have required property 'token'/,
            );
        });

        it("refuses an entry for a policy the pack does not have unless it sets a level, as the engine does", async () => {
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { "no-such-policy": { maxSize: 1 } } }),
                /invalid enforcement level "" for "no-such-policy"/,
            );
            await runPolicies([], { policies: [configurable], config: { "no-such-policy": "advisory" } });
            await assert.rejects(
                runPolicies([], { policies: [configurable], config: { all: { maxSize: 1 } } as never }),
                /invalid enforcement level "" for "all"/,
            );
        });

        it("exposes the merged settings", () => {
            assert.deepEqual(settingsOf(configurable, { "max-size": { enforcementLevel: "advisory", names: [] } }), {
                maxSize: 10,
                names: [],
            });
        });
    });
});
