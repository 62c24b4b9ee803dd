import * as assert from "node:assert/strict";
import { isSetOrPending, knownValue, readKnown, UNKNOWN, unknownCheckingProxy } from "../../../policies/lib";

describe("policies/lib/preview", () => {
    const props = unknownCheckingProxy({ known: "a", unknown: UNKNOWN, empty: "" });

    it("tells known from unknown reads", () => {
        assert.deepEqual(
            readKnown(() => props.known),
            { known: true, value: "a" },
        );
        assert.deepEqual(
            readKnown(() => props.unknown),
            { known: false },
        );
        assert.equal(
            knownValue(() => props.unknown),
            undefined,
        );
    });

    it("rethrows other errors", () => {
        assert.throws(
            () =>
                readKnown(() => {
                    throw new TypeError("bug");
                }),
            TypeError,
        );
    });

    it("counts pending values as set for presence checks", () => {
        assert.ok(isSetOrPending(() => props.unknown));
        assert.ok(isSetOrPending(() => props.known));
        assert.ok(!isSetOrPending(() => props.empty));
        assert.ok(!isSetOrPending(() => (props as Record<string, unknown>).missing));
    });
});
