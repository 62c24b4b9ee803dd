import * as assert from "node:assert/strict";
import { readFileSync } from "fs";
import { policiesTable, readmePath, withTable } from "../../tools/policy-docs";

describe("policies/README.md", () => {
    it("has the policies table that tools/policy-docs.ts generates from policies.ts and the config files", () => {
        const readme = readFileSync(readmePath, "utf8");
        assert.equal(
            readme,
            withTable(readme, policiesTable()),
            "The README table is stale: run `npm run docs:policies`",
        );
    });

    it("lists every policy of the pack in the table", () => {
        const readme = readFileSync(readmePath, "utf8");
        const rows = readme.split("\n").filter(line => /^\| `[a-z0-9-]+` \|/.test(line));
        const { policies } = require("../../policies/policies") as typeof import("../../policies/policies");
        assert.deepEqual(
            rows.map(row => /`([a-z0-9-]+)`/.exec(row)![1]),
            policies.map(p => p.name),
        );
    });
});
