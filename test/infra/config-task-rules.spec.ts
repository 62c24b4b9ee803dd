import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ConfigError, ConfigProblem } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { main } from "../../infra/program";
import { CapturedResource, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

/** A valid staging stack file whose `web` service takes the lines each test adds. */
function stackLines(webLines: string[]): string[] {
    return [
        "config:",
        "  aws:region: eu-west-1",
        "  ecs-platform:environment: staging",
        "  ecs-platform:owner: team",
        "  ecs-platform:services:",
        "    web:",
        "      image: { source: ecr, tag: v1 }",
        "      route: { paths: ['/*'] }",
        "      cpu: 256",
        "      memory: 512",
        ...webLines.map(line => `      ${line}`),
    ];
}

/** The problems the config boundary reports for the stack file (none when it loads). */
function problemsOf(webLines: string[]): ConfigProblem[] {
    const dir = mkdtempSync(path.join(tmpdir(), "task-rules-"));
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackLines(webLines).join("\n"));
    try {
        parseStackConfig({ stack: "dev", ...readStackFile("dev", { dir }) });
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), `expected a ConfigError, got ${String(err)}`);
        assert.match(err.message, /^Invalid stack configuration in Pulumi\.dev\.yaml/);
        return err.problems;
    }
    return [];
}

const SIDECAR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0";

describe("infra/config: the TaskDefinition's and the services' own rules run at the config boundary", () => {
    const cases: { rule: string; bad: string[]; good: string[]; key: string; message: RegExp }[] = [
        {
            rule: "an EFS mount path other than / and /tmp",
            bad: ["efs: { containerPath: /tmp }"],
            good: ["efs: { containerPath: /data }"],
            key: "ecs-platform:services.web.efs.containerPath",
            message: /absolute path other than \/ and \/tmp/,
        },
        {
            rule: "sidecars leave the app some of the task's CPU",
            bad: [`sidecars: [{ name: proxy, image: "${SIDECAR_IMAGE}", cpu: 256 }]`],
            good: [`sidecars: [{ name: proxy, image: "${SIDECAR_IMAGE}", cpu: 64 }]`],
            key: "ecs-platform:services.web.sidecars",
            message: /reserve 256 of the task's 256 cpu/,
        },
        {
            rule: "a sidecar's name differs from the app container's",
            bad: [`sidecars: [{ name: web, image: "${SIDECAR_IMAGE}" }]`],
            good: [`sidecars: [{ name: proxy, image: "${SIDECAR_IMAGE}" }]`],
            key: "ecs-platform:services.web.sidecars.0.name",
            message: /must be unique in the task/,
        },
    ];
    for (const c of cases) {
        it(`${c.rule}: one problem naming the key when broken, none when right`, () => {
            const problems = problemsOf(c.bad);
            assert.strictEqual(problems.length, 1, JSON.stringify(problems));
            assert.strictEqual(problems[0].key, c.key);
            assert.match(problems[0].message, c.message);
            assert.deepStrictEqual(problemsOf(c.good), []);
        });
    }

    it("the program fails with that ConfigError before registering any resource", async function () {
        this.timeout(60000);
        const file = readStackFile("staging");
        const services = JSON.parse(file.values["ecs-platform:services"]);
        services.web.efs = { containerPath: "/" };
        file.values["ecs-platform:services"] = JSON.stringify(services);
        const registered: CapturedResource[] = [];
        await assert.rejects(
            runProgram(() => main(), { stack: "staging", config: file.values }).then(r =>
                registered.push(...r.resources),
            ),
            (err: unknown) =>
                ConfigError.isConfigError(err) &&
                err.problems.length === 1 &&
                /Pulumi\.staging\.yaml/.test(err.message) &&
                err.problems[0].key === "ecs-platform:services.web.efs.containerPath",
        );
        assert.strictEqual(registered.length, 0);
    });
});
