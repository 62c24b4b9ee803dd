import * as assert from "assert";
import { npmScript } from "../../tools/npm-script";

describe("tools/npm-script (a package.json script as the words npm would run)", () => {
    it("splits a plain command, Node's flags with their values included", () => {
        const scripts = { check: "node --expose-gc --max-semi-space-size=32 -r ./loader.js tools/check.ts" };
        assert.deepStrictEqual(npmScript("check", scripts), [
            "node",
            "--expose-gc",
            "--max-semi-space-size=32",
            "-r",
            "./loader.js",
            "tools/check.ts",
        ]);
    });

    it("refuses what only a shell would run as npm does: environment assignments, shell syntax, no script", () => {
        for (const script of ["NODE_OPTIONS=--x node a.js", "node a.js && node b.js", "node a.js > out", "node $X"]) {
            assert.throws(() => npmScript("s", { s: script }), /not a plain command/, script);
        }
        assert.throws(() => npmScript("missing", {}), /script missing is not a plain command: undefined/);
    });

    it("reads this repository's package.json by default", () => {
        assert.strictEqual(npmScript("check")[0], "node");
    });
});
