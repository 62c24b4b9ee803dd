import * as assert from "assert";
import { declarations, defaultOf } from "../../tools/args-docs";
import { DEFAULTS_OF, DERIVED_DEFAULTS, documentedValue, CHECKED_THROUGH_RESOLVERS } from "./defaults";

type Property =
    ReturnType<typeof declarations>["interfaces"] extends Map<string, { properties: (infer P)[] }> ? P : never;

describe("one home per component default (constant, code and TSDoc agree)", () => {
    const found = declarations();
    const propertiesOf = (name: string): Property[] => {
        const declared = found.interfaces.get(name);
        return declared ? [...declared.bases.flatMap(propertiesOf), ...declared.properties] : [];
    };

    for (const [name, defaults] of Object.entries(DEFAULTS_OF)) {
        describe(name, () => {
            it("is frozen, so no caller can change a default for everyone", () => {
                assert.ok(Object.isFrozen(defaults), `${name}'s defaults object is not frozen`);
            });

            it("documents each default in its TSDoc as the constant's value", () => {
                const properties = propertiesOf(name);
                assert.ok(properties.length > 0, `no interface ${name} under components/`);
                for (const [key, value] of Object.entries(defaults)) {
                    const property = properties.find(p => p.name === key);
                    assert.ok(property, `${name} has no property ${key}, but its defaults object sets it`);
                    const documented = documentedValue(defaultOf(property));
                    assert.ok(
                        documented,
                        `${name}.${key}: TSDoc states "Default: ${defaultOf(property)}", not a value`,
                    );
                    assert.deepStrictEqual(documented.value, value, `${name}.${key}: TSDoc and constant disagree`);
                }
            });

            it("holds every value default its TSDoc states", () => {
                for (const property of propertiesOf(name)) {
                    if (DERIVED_DEFAULTS.has(`${name}.${property.name}`)) continue;
                    if (documentedValue(defaultOf(property)) === undefined) continue;
                    assert.ok(
                        property.name in defaults,
                        `${name}.${property.name} documents "Default: ${defaultOf(property)}" but its constant lacks it`,
                    );
                }
            });
        });
    }

    it("leaves no value default outside a constant, except in the interfaces not yet converted", () => {
        const inline = [...found.interfaces.keys()].filter(
            name =>
                !(name in DEFAULTS_OF) &&
                !CHECKED_THROUGH_RESOLVERS.has(name) &&
                found.interfaces
                    .get(name)!
                    .properties.some(
                        p => !DERIVED_DEFAULTS.has(`${name}.${p.name}`) && documentedValue(defaultOf(p)) !== undefined,
                    ),
        );
        assert.deepStrictEqual(inline, [], "export a frozen <NAME>_DEFAULTS for these and list it in DEFAULTS_OF");
    });

    it("lists as not yet converted only interfaces that exist and have no constant", () => {
        for (const name of CHECKED_THROUGH_RESOLVERS) {
            assert.ok(found.interfaces.has(name), `CHECKED_THROUGH_RESOLVERS names ${name}, which no longer exists`);
            assert.ok(!(name in DEFAULTS_OF), `${name} is converted: drop it from CHECKED_THROUGH_RESOLVERS`);
        }
    });

    it("reads a documented value: numbers, booleans, backticked strings, arrays and objects; prose is none", () => {
        assert.deepStrictEqual(documentedValue("30"), { value: 30 });
        assert.deepStrictEqual(documentedValue("false"), { value: false });
        assert.deepStrictEqual(documentedValue("`/health`"), { value: "/health" });
        assert.deepStrictEqual(documentedValue('`["v"]`'), { value: ["v"] });
        assert.deepStrictEqual(documentedValue("`{ outOfBand: true }`"), { value: { outOfBand: true } });
        assert.strictEqual(documentedValue("the component name"), undefined);
        assert.strictEqual(documentedValue("SQS's 30"), undefined);
    });
});
