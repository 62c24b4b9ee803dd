import * as assert from "node:assert/strict";
import { ArgumentProblems, ComponentArgumentError } from "../../components/shared";

describe("ComponentArgumentError", () => {
    it("names the component, the resource and every argument at once", () => {
        const problems = new ArgumentProblems().add("port", "must be 1-65535, got 0").add("cpu", "must be 256-16384");
        assert.throws(
            () => problems.throwIfAny("Service", "prod-api"),
            (err: unknown) => {
                assert.ok(ComponentArgumentError.isComponentArgumentError(err));
                assert.equal(
                    err.message,
                    'Service "prod-api" has invalid arguments:\n  - port: must be 1-65535, got 0\n  - cpu: must be 256-16384',
                );
                assert.deepEqual(
                    err.problems.map(p => p.argument),
                    ["port", "cpu"],
                );
                return true;
            },
        );
    });

    it("does nothing without problems", () => {
        new ArgumentProblems().throwIfAny("Service", "prod-api");
    });
});
