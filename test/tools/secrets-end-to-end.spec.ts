import * as assert from "assert";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ConfigError } from "../../infra/config/errors";
import { REPO_ROOT } from "../../testing/stack-file";
import { formatReport, toJsonDocument } from "../../tools/check";
import { renderDiagram } from "../../tools/diagram";
import { previewStack } from "../../tools/preview";

/** What every `secure:` value becomes offline; it must never be printed. */
const PLACEHOLDER = "not decryptable offline";

/** A scratch copy of the staging stack file and its policy config, edited by `edit`. */
function scratchStaging(edit: (text: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "secrets-"));
    const original = readFileSync(path.join(REPO_ROOT, "Pulumi.staging.yaml"), "utf8");
    const edited = edit(original);
    assert.notStrictEqual(edited, original, "the edit applies");
    writeFileSync(path.join(dir, "Pulumi.staging.yaml"), edited);
    mkdirSync(path.join(dir, "policies"));
    cpSync(path.join(REPO_ROOT, "policies", "config.staging.json"), path.join(dir, "policies", "config.staging.json"));
    return dir;
}

describe("secrets follow the value, end to end (npm run check)", function () {
    this.timeout(120000);

    it("a secure environment value is a secret in every resource's inputs, and absent from --json, the text and the diagram", async () => {
        const dir = scratchStaging(text =>
            text.replace(
                "      environment:\n        APP_NAME: api\n",
                "      environment:\n        APP_NAME: api\n        API_TOKEN:\n          secure: v1:dG9rZW4tY2lwaGVydGV4dA==\n",
            ),
        );
        const preview = await previewStack("staging", { dir });

        const carrying = preview.resources.filter(r => JSON.stringify(r.inputs).includes(PLACEHOLDER));
        assert.deepStrictEqual(
            carrying.map(r => r.type),
            ["aws:secretsmanager/secretVersion:SecretVersion"],
            "the value reaches its Secrets Manager secret and nothing else",
        );
        for (const r of preview.resources) {
            for (const [property, value] of Object.entries(r.inputs)) {
                if (JSON.stringify(value).includes(PLACEHOLDER)) {
                    assert.strictEqual(
                        r.maskedInputs[property],
                        "[secret]",
                        `${r.name}.${property} is a Pulumi secret`,
                    );
                }
            }
        }
        const task = preview.resources.find(
            r => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === "staging-api",
        )!;
        const [app] = JSON.parse(task.inputs.containerDefinitions);
        assert.ok(!app.environment.some((e: { name: string }) => e.name === "API_TOKEN"), "not a plain variable");
        assert.ok(
            app.secrets.some((s: { name: string }) => s.name === "API_TOKEN"),
            "injected through valueFrom",
        );

        const printed = [
            JSON.stringify(toJsonDocument(preview)),
            formatReport(preview, false),
            renderDiagram("staging", preview.resources),
        ];
        for (const text of printed) {
            assert.ok(!text.includes(PLACEHOLDER) && !text.includes("dG9rZW4t"), "the value is never printed");
        }
        const mandatory = preview.violations.filter(v => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(mandatory, []);
    });

    it("a secure owner is refused before any resource, and the message does not show it", async () => {
        const dir = scratchStaging(text =>
            text.replace(
                "  ecs-platform:owner: platform-team\n",
                "  ecs-platform:owner:\n    secure: v1:b3duZXItY2lwaGVydGV4dA==\n",
            ),
        );
        await assert.rejects(previewStack("staging", { dir }), (err: unknown) => {
            assert.ok(ConfigError.isConfigError(err), String(err));
            assert.deepStrictEqual(
                err.problems.map(p => p.key),
                ["ecs-platform:owner"],
            );
            assert.match(err.message, /becomes a tag on every resource, and AWS keeps tags in plaintext/);
            assert.ok(!err.message.includes(PLACEHOLDER) && !err.message.includes("b3duZXIt"));
            return true;
        });
    });
});
