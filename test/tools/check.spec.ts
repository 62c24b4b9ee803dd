import * as assert from "assert";
import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ConfigError } from "../../infra/config/errors";
import { formatReport, parseCheckArgs, toJsonDocument } from "../../tools/check";
import { readmeWithDiagram, README_STACK, renderDiagram } from "../../tools/diagram";
import { npmScript } from "../../tools/npm-script";
import { previewStack, StackPreview } from "../../tools/preview";
import { REPO_ROOT } from "../../testing/stack-file";
import { checkInProcess as check } from "./check-in-process";

describe("tools/check (npm run check)", function () {
    this.timeout(120000);
    const previews: Record<string, StackPreview> = {};

    before(async () => {
        for (const stack of ["staging", "prod"]) {
            previews[stack] = await previewStack(stack);
        }
    });

    it("parses its arguments and rejects bad ones", () => {
        assert.deepStrictEqual(parseCheckArgs(["--stack", "prod", "--json"]), {
            stack: "prod",
            json: true,
            preview: false,
            firstDeploy: false,
        });
        assert.deepStrictEqual(parseCheckArgs(["-s", "prod"]), {
            stack: "prod",
            json: false,
            preview: false,
            firstDeploy: false,
        });
        assert.deepStrictEqual(parseCheckArgs(["--stack=staging", "--preview", "--dir", "/x"]), {
            stack: "staging",
            json: false,
            preview: true,
            firstDeploy: false,
            dir: "/x",
        });
        assert.deepStrictEqual(parseCheckArgs(["--stack", "prod", "--first-deploy"]), {
            stack: "prod",
            json: false,
            preview: false,
            firstDeploy: true,
        });
        assert.throws(() => parseCheckArgs([]), /--stack is required/);
        assert.throws(() => parseCheckArgs(["--stack", "prod", "--yes"]), /Unknown option '--yes'/);
        assert.throws(() => parseCheckArgs(["--stack"]), /--stack/);
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: synthesizes and passes the policy pack with zero mandatory violations`, () => {
            const preview = previews[stack];
            assert.ok(preview.resources.length > 50);
            const mandatory = preview.violations.filter(v => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory, [], mandatory.map(v => `${v.policy}: ${v.message}`).join("\n"));
        });
    }

    for (const stack of ["staging", "prod"]) {
        it(`docs/architecture-${stack}.md is generated from this program (npm run diagram)`, () => {
            const committed = readFileSync(path.join(REPO_ROOT, "docs", `architecture-${stack}.md`), "utf8");
            assert.strictEqual(
                committed,
                renderDiagram(stack, previews[stack].resources),
                "stale diagram: run `npm run diagram`",
            );
        });
    }

    it("README.md shows the generated architecture diagram (npm run diagram)", () => {
        const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.strictEqual(
            readme,
            readmeWithDiagram(readme, previews[README_STACK].resources),
            "stale diagram: run `npm run diagram`",
        );
    });

    it("prints resources by type under their components, then violations grouped by policy", () => {
        const report = formatReport(previews.staging, false);
        assert.match(report, /^Offline preview of stack staging \(Pulumi\.staging\.yaml/);
        assert.match(
            report,
            /\n {4}ecs-platform:index:Networking {2}staging-network\n {8}\+ aws:ec2\/defaultSecurityGroup/,
        );
        assert.match(report, /\+ aws:ec2\/subnet:Subnet ×4: /);
        assert.match(report, /warning: .*HTTP only/, "staging has no certificate, and the preview says so");
        assert.ok(!/HTTP only/.test(formatReport(previews.prod, false)), "prod serves HTTPS");
    });

    it("the JSON document keeps the names other tools read, and hides secrets", () => {
        const doc = toJsonDocument(previews.prod);
        assert.deepStrictEqual(Object.keys(doc), ["stack", "resources", "violations", "warnings"]);
        assert.strictEqual(doc.stack, "prod");
        for (const r of doc.resources) {
            assert.deepStrictEqual(Object.keys(r), [
                "urn",
                "id",
                "type",
                "name",
                "parent",
                "dependencies",
                "propertyDependencies",
                "inputs",
                "options",
            ]);
            assert.deepStrictEqual(Object.keys(r.options), ["protect", "retainOnDelete", "ignoreChanges", "dependsOn"]);
        }
        for (const v of doc.violations) {
            assert.deepStrictEqual(Object.keys(v), ["policy", "enforcementLevel", "urn", "message"]);
        }
        const repository = doc.resources.find(r => r.type === "aws:ecr/repository:Repository")!;
        assert.strictEqual(repository.options.protect, true);
    });

    /** A scratch copy of a stack file and its policy config, edited by `edit`. */
    function scratchStack(
        stack: string,
        edit: (file: string) => string,
        policyConfig?: Record<string, unknown>,
    ): string {
        const dir = mkdtempSync(path.join(tmpdir(), "check-"));
        writeFileSync(
            path.join(dir, `Pulumi.${stack}.yaml`),
            edit(readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")),
        );
        mkdirSync(path.join(dir, "policies"));
        const config =
            policyConfig ?? JSON.parse(readFileSync(path.join(REPO_ROOT, "policies", `config.${stack}.json`), "utf8"));
        writeFileSync(path.join(dir, "policies", `config.${stack}.json`), JSON.stringify(config));
        return dir;
    }

    it("exits 1 with the config message, and no stack trace, on bad configuration", async () => {
        const dir = scratchStack("staging", file =>
            file.replace('        paths: ["/*"]\n', '        paths: ["/*"]\n      cpu: 300\n'),
        );
        const run = await check("--stack", "staging", "--dir", dir);
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.match(
            run.stderr,
            /^Invalid stack configuration in Pulumi\.staging\.yaml \(1 problem\):\n {2}- ecs-platform:services\.web\.cpu: /,
        );
        assert.ok(!/\n\s+at /.test(run.stderr), run.stderr);
    });

    it("--first-deploy runs against an empty account: dormant services, their warnings, exit 0 for prod", async () => {
        const run = await check("--stack", "prod", "--first-deploy");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(
            run.stdout,
            /fake cloud, values as after an update, empty account: no image or secret value yet\)/,
        );
        assert.match(run.stdout, /warning: services\.api starts dormant \(0 tasks, tagged dormant\)/);
        assert.match(run.stdout, /\[advisory\] ecs-service-dormant \(3\)/);
    });

    it("exits 2 with the usage on bad arguments", async () => {
        const run = await check("--stack", "prod", "--yes");
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /Unknown option '--yes'[^]*\nusage: npm run check -- --stack/);
    });

    it("exits 1 on a mandatory policy violation", async () => {
        const policyConfig = {
            ...JSON.parse(readFileSync(path.join(REPO_ROOT, "policies", "config.staging.json"), "utf8")),
            "alb-waf": "mandatory",
        };
        const run = await check(
            "--stack",
            "staging",
            "--dir",
            scratchStack("staging", file => file, policyConfig),
        );
        assert.strictEqual(run.status, 1, run.stderr);
        assert.match(run.stdout, /\[mandatory\] alb-waf \(1\)/);
    });

    it("npm run check --json prints exactly one JSON document on stdout and exits 0 (a fresh process)", async () => {
        const [node, ...args] = npmScript("check");
        assert.strictEqual(node, "node");
        const run = spawnSync(process.execPath, [...args, "--stack", "staging", "--json"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        assert.strictEqual(run.status, 0, run.stderr);
        const inProcess = await check("--stack", "staging", "--json");
        assert.strictEqual(run.stdout, inProcess.stdout, "the process prints what the entry point writes");
        const doc = JSON.parse(run.stdout);
        assert.strictEqual(doc.stack, "staging");
        assert.ok(Array.isArray(doc.resources) && doc.resources.length > 50);
    });

    it("placeholders replace secrets it cannot decrypt, never crash and never print", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "check-"));
        const stackFile = readFileSync(path.join(REPO_ROOT, "Pulumi.staging.yaml"), "utf8").replace(
            "          description: Password of the api database user\n",
            "          description: Password of the api database user\n          source: config\n",
        );
        assert.notStrictEqual(stackFile, readFileSync(path.join(REPO_ROOT, "Pulumi.staging.yaml"), "utf8"));
        writeFileSync(
            path.join(dir, "Pulumi.staging.yaml"),
            `${stackFile}  ecs-platform:secretValues:\n    api:\n      DATABASE_PASSWORD:\n        secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n`,
        );
        const preview = await previewStack("staging", { dir });
        const printed = JSON.stringify(toJsonDocument(preview)) + formatReport(preview, false);
        assert.ok(!printed.includes("v1:c2VjcmV0"), "ciphertext never printed");
        assert.ok(!printed.includes("not decryptable offline"), "the placeholder itself is masked as a secret");
        const version = preview.resources.find(r => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
        assert.ok(version, "the secret value still reaches its secret resource");
        assert.match(version.inputs.secretString, /not decryptable offline/);
    });

    it("a configuration error fails with the config message", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "check-"));
        writeFileSync(
            path.join(dir, "Pulumi.staging.yaml"),
            readFileSync(path.join(REPO_ROOT, "Pulumi.staging.yaml"), "utf8").replace(
                "vpcCidr: 10.20.0.0/16",
                "vpcCidr: 10.20.0.0/30",
            ),
        );
        copyFileSync(path.join(REPO_ROOT, "policies", "config.staging.json"), path.join(dir, "config.staging.json"));
        await assert.rejects(
            previewStack("staging", { dir }),
            (err: unknown) => ConfigError.isConfigError(err) && /network\.vpcCidr/.test(err.message),
        );
    });

    it("--preview leaves computed values unknown and reports what cannot be checked yet", async () => {
        const preview = await previewStack("staging", { preview: true });
        assert.ok(
            preview.violations.every(v => v.enforcementLevel !== "mandatory"),
            "unknowns never become mandatory failures",
        );
        assert.ok(
            preview.violations.some(v => /preview/i.test(v.message)),
            "some policy says it cannot check during preview",
        );
    });
});
