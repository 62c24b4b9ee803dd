import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { OFFLINE_SECRET, readStackFile } from "../../testing/stack-file";

function stackDir(yaml: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "stack-"));
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml);
    return dir;
}

describe("testing/stack-file", () => {
    it("passes values the way the engine does: namespaced keys, structured values as JSON, scalars as strings", () => {
        const dir = stackDir(
            [
                "config:",
                "  aws:region: us-west-2",
                "  owner: me",
                "  ecs-platform:network:",
                "    azCount: 2",
                "  ecs-platform:flag: true",
            ].join("\n"),
        );
        const file = readStackFile("dev", { dir });
        assert.deepStrictEqual(file.values, {
            "aws:region": "us-west-2",
            "ecs-platform:owner": "me",
            "ecs-platform:network": JSON.stringify({ azCount: 2 }),
            "ecs-platform:flag": "true",
        });
        assert.deepStrictEqual(file.secretKeys, []);
    });

    it("turns secure values into marked placeholders and reports their keys secret", () => {
        const dir = stackDir(
            [
                "config:",
                "  ecs-platform:token:",
                "    secure: v1:AAAABBBBCCCC",
                "  ecs-platform:secretValues:",
                "    api:",
                "      DB_PASSWORD:",
                "        secure: v1:DDDDEEEE",
            ].join("\n"),
        );
        const file = readStackFile("dev", { dir });
        assert.strictEqual(file.values["ecs-platform:token"], OFFLINE_SECRET);
        assert.deepStrictEqual(JSON.parse(file.values["ecs-platform:secretValues"]), {
            api: { DB_PASSWORD: OFFLINE_SECRET },
        });
        assert.deepStrictEqual(file.secretKeys.sort(), ["ecs-platform:secretValues", "ecs-platform:token"]);
        assert.ok(!JSON.stringify(file).includes("v1:"), "ciphertext never passes through");
    });

    it("lists imported ESC environments", () => {
        const dir = stackDir(["environment:", "  - ecs-platform/dev", "config: {}"].join("\n"));
        assert.deepStrictEqual(readStackFile("dev", { dir }).environments, ["ecs-platform/dev"]);
    });

    it("names the missing stack file", () => {
        assert.throws(() => readStackFile("nope", { dir: tmpdir() }), /No stack file Pulumi\.nope\.yaml/);
    });
});
