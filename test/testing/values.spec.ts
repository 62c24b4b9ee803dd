import * as assert from "assert";
import { holdsSecret, SECRET_PLACEHOLDER, toPlainValue, UNKNOWN } from "../../testing/values";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const output = (value: unknown, isSecret: boolean) => ({
    [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
    value,
    secret: isSecret,
});

describe("testing/values (wire-format values as a policy and a printout see them)", () => {
    const nested = { tags: { Name: "a" }, env: [{ name: "TOKEN", value: secret("hunter2") }] };

    it("reveals secrets for policies and masks them for printing", () => {
        assert.deepStrictEqual(toPlainValue(nested, "reveal"), {
            tags: { Name: "a" },
            env: [{ name: "TOKEN", value: "hunter2" }],
        });
        assert.deepStrictEqual(toPlainValue(nested, "mask"), {
            tags: { Name: "a" },
            env: [{ name: "TOKEN", value: SECRET_PLACEHOLDER }],
        });
        const unknown = { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", secret: false };
        assert.strictEqual(toPlainValue(unknown, "reveal"), UNKNOWN);
    });

    it("finds a secret anywhere, also inside an output value, and only where one is", () => {
        assert.strictEqual(holdsSecret(nested), true);
        assert.strictEqual(holdsSecret({ a: [{ b: output("x", true) }] }), true);
        assert.strictEqual(holdsSecret({ a: [{ b: output("x", false) }], n: 1, s: "secret", z: null }), false);
        // Where it finds none, masking changes nothing (the harness then shares the revealed copy).
        const plain = { a: [{ b: output("x", false) }], c: { d: [1, "two"] } };
        assert.deepStrictEqual(toPlainValue(plain, "mask"), toPlainValue(plain, "reveal"));
    });
});
