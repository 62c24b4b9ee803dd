import * as assert from "assert";
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { REPO_ROOT } from "../../testing/stack-file";
import { toJsonDocument } from "../../tools/check";
import { previewStack } from "../../tools/preview";
import { checkInProcess as check } from "./check-in-process";

/** Runs a shell pipeline from the repository root, as a user types it. */
function shell(command: string) {
    return spawnSync("sh", ["-c", command], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** A scratch directory with both stack files and their policy configs, the staging file edited by `edit`. */
function scratch(edit: (staging: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "check-cli-"));
    for (const stack of ["staging", "prod"]) {
        cpSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
        cpSync(
            path.join(REPO_ROOT, "policies", `config.${stack}.json`),
            path.join(dir, "policies", `config.${stack}.json`),
        );
    }
    const staging = path.join(dir, "Pulumi.staging.yaml");
    writeFileSync(staging, edit(readFileSync(staging, "utf8")));
    return dir;
}

describe("tools/check from the command line", function () {
    this.timeout(120000);

    // A process behaviour: the document must reach a pipe whole before the process exits. The largest stack shows it.
    for (const stack of ["prod"]) {
        it(`${stack}: --json through a pipe is one complete JSON document`, () => {
            // The reader counts what it got: the document is larger than a pipe buffer, which an early exit cuts.
            const reader = `let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => { const doc = JSON.parse(s); console.log(doc.stack, doc.resources.length, s.length); })`;
            const run = shell(
                `npm run --silent check -- --stack ${stack} --json | node -e '${reader}'; echo "exit=$?"`,
            );
            const [name, resources, bytes] = run.stdout.split("\n")[0].split(" ");
            assert.strictEqual(name, stack, run.stderr);
            assert.ok(Number(resources) > 50);
            assert.ok(Number(bytes) > 128 * 1024, `document of ${bytes} bytes`);
            assert.match(run.stdout, /exit=0/);
        });
    }

    it("a YAML error is one line naming the file, line and column; exit 1", async () => {
        const dir = scratch(text =>
            text.replace("  ecs-platform:owner: platform-team\n", "  ecs-platform:owner: a\n  ecs-platform:owner: b\n"),
        );
        const run = await check("--stack", "staging", "--dir", dir);
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^Pulumi\.staging\.yaml:\d+:3: Map keys must be unique\n$/);
    });

    it("a missing stack file is one line; exit 1", async () => {
        const run = await check("--stack", "nope");
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /^No stack file Pulumi\.nope\.yaml in .*\n$/);
    });

    it("a secure registry-credentials value keeps the check running", async () => {
        const dir = scratch(text =>
            text
                .replace(
                    "      image:\n        source: ecr\n        tag: v0.1.0        # CI-owned: the image workflow bumps this tag\n      route:",
                    "      image:\n        source: external\n        name: docker.io/acme/web:1.0\n        credentialsSecret: DOCKERHUB\n      secrets:\n        DOCKERHUB:\n          source: config\n      route:",
                )
                .concat(
                    "  ecs-platform:secretValues:\n    web:\n      DOCKERHUB:\n        secure: v1:Y2lwaGVydGV4dA==\n",
                ),
        );
        const doc = toJsonDocument(await previewStack("staging", { dir }));
        const credentials = doc.resources.find(r => r.name === "staging-web-secrets-registry-credentials-version");
        assert.ok(credentials, "the credentials secret gets its value");
        assert.strictEqual(credentials.inputs.secretString, "[secret]");
    });
});
