import * as assert from "assert";
import * as fc from "fast-check";
import { asProtobufValue, Struct as SdkStruct, usePlainStructs } from "../../testing/plain-structs";

/** The SDK's Struct, untyped: the spec also hands it what protobuf refuses. */
const Struct: any = SdkStruct;

/** A value, and its keys' order (deepStrictEqual alone ignores the order of keys; JSON alone, -0 and NaN). */
const exactly = (value: unknown) => [JSON.stringify(value), value];

describe("testing/plain-structs (protobuf Structs as plain data while a program runs)", () => {
    // JSON-like values with awkward keys (numeric, unordered, __proto__-free) and numbers protobuf keeps as doubles.
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 30 }).map(String));
    const value = fc.letrec(tie => ({
        leaf: fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.integer()),
        node: fc.oneof(
            { depthSize: "small" },
            tie("leaf"),
            fc.array(tie("node"), { maxLength: 4 }),
            fc.dictionary(key, tie("node"), { maxKeys: 5 }),
        ),
    })).node;

    it("gives back what protobuf's round trip gives back, key order included", async () => {
        const real = (object: object) => Struct.fromJavaScript(object).toJavaScript();
        const cases = fc.sample(fc.dictionary(key, value, { maxKeys: 6 }), 300);
        const expected = cases.map(object => exactly(real(object)));
        const plain = await usePlainStructs(async () =>
            cases.map(object => exactly(Struct.fromJavaScript(object).toJavaScript())),
        );
        assert.deepStrictEqual(plain, expected);
        for (const object of cases) {
            assert.deepStrictEqual(exactly(asProtobufValue(object)), exactly(real(object)));
        }
    });

    it("refuses what protobuf cannot encode, with protobuf's error, and copies the value when it is made", async () => {
        // eslint-disable-next-line no-sparse-arrays
        const holes = [{ a: [1, , 3] }];
        for (const bad of [
            { a: undefined },
            { a: [1, undefined] },
            { f: () => 1 },
            { n: 1n },
            { s: Symbol("s") },
            ...holes,
        ]) {
            assert.throws(() => Struct.fromJavaScript(bad), /Unexpected struct type/);
            await usePlainStructs(async () =>
                assert.throws(() => Struct.fromJavaScript(bad), /Unexpected struct type/),
            );
        }
        await usePlainStructs(async () => {
            const source = { tags: { b: "2", a: "1" } };
            const struct = Struct.fromJavaScript(source);
            source.tags.a = "changed";
            const first = struct.toJavaScript();
            first.tags.b = "mutated";
            assert.deepStrictEqual(exactly(struct.toJavaScript()), exactly({ tags: { a: "1", b: "2" } }));
        });
    });

    it("builds the protobuf fields for a caller that reads them, and restores protobuf's conversion after", async () => {
        const fromJavaScript = Struct.fromJavaScript;
        await usePlainStructs(async () => {
            assert.notStrictEqual(Struct.fromJavaScript, fromJavaScript);
            const fields = Struct.fromJavaScript({ urn: "urn:a", state: { id: "i-1" } }).getFieldsMap();
            assert.strictEqual(fields.get("urn").toJavaScript(), "urn:a");
            assert.deepStrictEqual(fields.get("state").getStructValue().toJavaScript(), { id: "i-1" });
            // From then on the fields are the value, as they are a real Struct's.
            const struct = Struct.fromJavaScript({ a: 1 });
            struct.getFieldsMap().del("a");
            assert.deepStrictEqual(struct.toJavaScript(), {});
        });
        assert.strictEqual(Struct.fromJavaScript, fromJavaScript);
        await assert.rejects(
            usePlainStructs(() => Promise.reject(new Error("boom"))),
            /boom/,
        );
        assert.strictEqual(Struct.fromJavaScript, fromJavaScript);
    });
});
