/**
 * The two packages build (`npm run build` in policies/ and testing/) and their built entry points load: the pack's
 * library exports each policy and the default levels, the kit exports its runner.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");
const tsc = path.join(root, "node_modules/typescript/bin/tsc");

function build(dir: string): void {
    execFileSync(process.execPath, [tsc, "-p", path.join(root, dir, "tsconfig.json")], {
        cwd: path.join(root, dir),
        stdio: "pipe",
    });
}

describe("packages", function () {
    this.timeout(180_000);

    it("ecs-platform-policies builds, and its library exports each policy and the default levels", () => {
        build("policies");
        const library = require(path.join(root, "policies/bin/library.js"));
        assert.ok(library.policies.length > 90);
        assert.equal(library.ecsNoSecretsInEnvironment.name, "ecs-no-secrets-in-env");
        assert.equal(library.policiesByName["resource-policy-not-public"], library.resourcePolicyNotPublic);
        assert.equal(library.defaultEnforcementLevels["ecr-tag-immutable"], "remediate");
        assert.equal(library.packVersion, require(path.join(root, "policies/package.json")).version);
        assert.deepEqual(
            library.selectPolicies(["kms-rotation"]).map((p: { name: string }) => p.name),
            ["kms-rotation"],
        );
        assert.throws(() => library.selectPolicies(["no-such-policy"]), /no policy named no-such-policy/);
    });

    it("pulumi-offline-kit builds, and exports the harness, the fake cloud and the policy server", () => {
        build("testing");
        const kit = require(path.join(root, "testing/bin/index.js"));
        for (const name of [
            "runProgram",
            "fakeCloud",
            "analyzerResources",
            "analyzeWithPolicyServer",
            "readStackFile",
        ]) {
            assert.equal(typeof kit[name], "function", name);
        }
    });
});
