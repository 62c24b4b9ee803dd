/** policies/package.json: a publishable package whose Pulumi SDK versions are the root's. */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

describe("policies/package.json", () => {
    const pack = read("policies/package.json");
    const rootPackage = read("package.json");

    it("pins the same @pulumi/* versions as the root package.json", () => {
        const pulumiPackages = (deps: Record<string, string> = {}) =>
            Object.fromEntries(Object.entries(deps).filter(([name]) => name.startsWith("@pulumi/")));
        const rootVersions = {
            ...pulumiPackages(rootPackage.dependencies),
            ...pulumiPackages(rootPackage.devDependencies),
        };
        const packVersions = pulumiPackages(pack.dependencies);
        assert.ok(Object.keys(packVersions).length > 0);
        assert.deepEqual(
            Object.entries(packVersions).filter(([name, version]) => rootVersions[name] !== version),
            [],
            `root pins ${JSON.stringify(rootVersions)}`,
        );
    });

    it("is publishable: not private, the served pack as main, the library as its export", () => {
        assert.notEqual(pack.private, true);
        assert.equal(pack.main, "index.ts");
        assert.equal(pack.exports["."].default, "./bin/library.js");
        assert.ok(pack.files.includes("PulumiPolicy.yaml"));
    });
});
