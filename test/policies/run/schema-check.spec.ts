import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { PolicyConfigSchema } from "@pulumi/policy";
import * as fc from "fast-check";
import { policies } from "../../../policies/policies";
import { reconcileConfig } from "../../../policies/run";
import { quicklyValid } from "../../../policies/runner/schema-check";

/** The ajv the runner's config step uses, as it uses it (policies/runner/config.ts). */
const AjvOfRunner = createRequire(require.resolve("../../../policies/runner/config"))("ajv").default as new (
    options: object,
) => {
    compile(schema: object): (value: unknown) => boolean;
};
const ajv = new AjvOfRunner({ allErrors: true, strict: false, logger: false });
const ajvValid = (schema: PolicyConfigSchema, value: unknown) =>
    ajv.compile({
        type: "object",
        properties: schema.properties,
        ...(schema.required?.length ? { required: schema.required } : {}),
    })(value);

const scalar = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.constantFrom("a=b", "tier=public", "😀", "x"),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ min: -5, max: 5 }),
    fc.constantFrom(Number.NaN, Infinity, -0),
    fc.boolean(),
    fc.constant(null),
);
const value = fc.letrec(tie => ({
    value: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("value"), { maxLength: 3 }), tie("object")),
    object: fc.dictionary(fc.constantFrom("a", "b", "c", "toString"), tie("value"), { maxKeys: 3 }),
})).value;
const type = fc.constantFrom("string", "number", "integer", "boolean", "array", "object", "null", "other");
const schema = fc.letrec(tie => ({
    schema: fc.record(
        {
            type: fc.oneof(type, fc.array(type, { minLength: 1, maxLength: 2 })),
            enum: fc.array(scalar, { minLength: 1, maxLength: 3 }),
            minimum: fc.integer({ min: -3, max: 3 }),
            maximum: fc.integer({ min: -3, max: 3 }),
            minLength: fc.nat(3),
            maxLength: fc.nat(3),
            pattern: fc.constantFrom("^[^=]+=", "^a", "(", "\\p{L}"),
            items: tie("schema"),
            properties: fc.dictionary(fc.constantFrom("a", "b", "toString"), tie("schema"), { maxKeys: 2 }),
            required: fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }),
            default: value,
            multipleOf: fc.constant(2),
        },
        { requiredKeys: [] },
    ),
})).schema;

describe("policies/runner/schema-check (the quick check before ajv)", () => {
    it("never calls valid what ajv refuses, over the keywords policy schemas use and others", () => {
        let decided = 0;
        fc.assert(
            fc.property(
                fc.dictionary(fc.constantFrom("a", "b", "c"), schema, { maxKeys: 3 }),
                fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }),
                fc.dictionary(fc.constantFrom("a", "b", "c", "toString"), value, { maxKeys: 3 }),
                (properties, required, settings) => {
                    const configSchema = { properties, required } as PolicyConfigSchema;
                    let refused: boolean;
                    try {
                        refused = !ajvValid(configSchema, settings);
                    } catch {
                        refused = true; // ajv refuses the schema itself (an invalid pattern, a repeated type)
                    }
                    const quick = quicklyValid(configSchema, settings);
                    if (refused) assert.equal(quick, undefined);
                    if (quick) decided++;
                },
            ),
            { numRuns: 400 },
        );
        assert.ok(decided > 40, `only ${decided} of 400 decided without ajv: the check proves little`);
    });

    it("decides every policy of the pack at its default settings, so a run leaves ajv unloaded", () => {
        const config = reconcileConfig(policies, {}, "advisory");
        const configurable = policies.filter(policy => policy.configSchema);
        assert.ok(configurable.length > 10);
        for (const policy of configurable) {
            assert.equal(quicklyValid(policy.configSchema!, config[policy.name].properties), true, policy.name);
        }
    });

    it("leaves wrong settings to ajv, which words the error", () => {
        const configSchema: PolicyConfigSchema = {
            properties: { ports: { type: "array", items: { type: "integer" } } },
        };
        assert.equal(quicklyValid(configSchema, { ports: [80, "443"] }), undefined);
        assert.equal(quicklyValid(configSchema, { ports: [80, 443] }), true);
    });
});
