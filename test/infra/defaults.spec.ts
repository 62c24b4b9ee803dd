import * as assert from "assert";
import { lifecycleWithDefaults } from "../../components/registry";
import { registrySchema } from "../../infra/config/schema";
import { declarations, defaultOf } from "../../tools/args-docs";

/**
 * Defaults a stack file and a component both state: the stack config key, the component's Args interface and
 * property. The component owns the value; the schema shows it (so the config reference lists it) by reading the
 * component's constant, and the component's TSDoc states it.
 */
const SHARED_DEFAULTS: [configKey: string, argsInterface: string, property: string][] = [
    ["registry.lifecycle.untaggedExpireDays", "LifecycleRules", "untaggedExpireDays"],
    ["registry.lifecycle.releaseTagPrefixes", "LifecycleRules", "releaseTagPrefixes"],
    ["registry.lifecycle.keepReleaseImages", "LifecycleRules", "keepReleaseImages"],
    ["registry.lifecycle.otherTaggedExpireDays", "LifecycleRules", "otherTaggedExpireDays"],
];

describe("one home per default (stack config schema and components)", () => {
    const found = declarations();
    const schemaDefaults = { registry: registrySchema.parse({}) } as Record<string, any>;
    const componentDefaults: Record<string, Record<string, unknown>> = { LifecycleRules: lifecycleWithDefaults() };

    for (const [configKey, argsInterface, property] of SHARED_DEFAULTS) {
        it(`ecs-platform:${configKey} defaults to what ${argsInterface}.${property} applies and documents`, () => {
            const fromSchema = configKey.split(".").reduce((value, key) => value?.[key], schemaDefaults);
            assert.deepStrictEqual(fromSchema, componentDefaults[argsInterface][property]);
            const documented = found.interfaces.get(argsInterface)!.properties.find(p => p.name === property)!;
            assert.strictEqual(defaultOf(documented).replace(/`/g, ""), JSON.stringify(fromSchema));
        });
    }
});
