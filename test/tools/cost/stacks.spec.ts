import * as assert from "assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { budgetFromEstimate, recordedBudgetDefaults } from "../../../infra/config/budget";
import { REPO_ROOT } from "../../../testing/stack-file";
import { cli } from "../../../tools/check";
import { costReport } from "../../../tools/cost/report";
import { previewStack, StackPreview } from "../../../tools/preview";

/** The sample stacks' estimates, as `npm run check` prints and writes them. */
describe("tools/cost on the sample stacks", function () {
    this.timeout(60_000);
    const previews: Record<string, StackPreview> = {};

    before(async () => {
        for (const stack of ["staging", "prod"]) {
            previews[stack] = await previewStack(stack);
        }
    });

    for (const stack of ["staging", "prod"]) {
        describe(stack, () => {
            it("estimates the idle month from its resources, in text and as the JSON `cost` document", () => {
                const { cost, text, failed } = costReport(previews[stack]);
                assert.strictEqual(cost.region, "eu-west-1");
                assert.ok((cost.monthly ?? 0) > 0);
                for (const line of cost.lines) {
                    assert.deepStrictEqual(
                        ["urn", "type", "item", "quantity", "unit", "unitPrice", "monthly"].filter(k => !(k in line)),
                        [],
                    );
                }
                const items = cost.lines.map(l => l.item);
                for (const expected of ["NAT gateway-hours", "Application Load Balancer-hours", "Fargate X86_64"]) {
                    assert.ok(
                        items.some(i => i.startsWith(expected)),
                        `${expected} in ${items}`,
                    );
                }
                assert.match(text[0], /^Estimated idle monthly cost: \$\d+\.\d\d \(USD list prices for eu-west-1/);
                assert.ok(text.some(l => l.startsWith("    Left out: data processed")));
                assert.strictEqual(failed, false, "within the stack's ceiling");
                assert.strictEqual(cost.ceiling?.exceeded, false);
            });

            it("has a budget whose default limit is the one recorded from the current estimate (else: npm run cost:record)", () => {
                const { cost } = costReport(previews[stack]);
                const recorded = recordedBudgetDefaults()[stack];
                assert.strictEqual(
                    recorded,
                    budgetFromEstimate(cost.monthly!),
                    `infra/config/budget-defaults.json is stale for ${stack}: run \`npm run cost:record\``,
                );
                const budget = previews[stack].resources.find(r => r.type === "aws:budgets/budget:Budget");
                assert.strictEqual(budget?.inputs.limitAmount, recorded.toFixed(2));
            });
        });
    }

    it("prices interface endpoints per AZ in prod only (staging has none)", () => {
        const endpoints = (stack: string) =>
            costReport(previews[stack]).cost.lines.filter(l => l.item.startsWith("Interface endpoint"));
        assert.strictEqual(endpoints("staging").length, 0);
        assert.ok(endpoints("prod").every(l => l.item.endsWith("(3 AZs)") && l.quantity === 3 * 730));
    });

    it("fails the check when the estimate exceeds the stack's ceiling, naming the key and what to change", () => {
        const dir = withStackFile("staging", text => text.replace(/ceiling: \d+/, "ceiling: 50"));
        const report = costReport(previews.staging, { dir });
        assert.strictEqual(report.failed, true);
        assert.match(
            report.cost.ceiling!.message,
            /exceeds ecs-platform:budget\.ceiling \$50\.00: make the stack cheaper/,
        );
        assert.ok(report.text.some(l => l.includes("FAILED")));
    });

    it("says 'no price data' for a region without a table, and then a ceiling cannot pass", () => {
        const dir = withStackFile("staging", text => text.replace("aws:region: eu-west-1", "aws:region: ap-south-2"));
        const report = costReport(previews.staging, { dir });
        assert.strictEqual(report.cost.unavailable, "no price data for ap-south-2");
        assert.match(report.text[0], /no price data for ap-south-2/);
        assert.strictEqual(report.failed, true);
    });
});

describe("npm run check with the estimate", function () {
    this.timeout(60_000);

    async function check(...args: string[]) {
        let stdout = "";
        const status = await cli(args, { stdout: { write: t => (stdout += t) }, stderr: { write: () => true } });
        return { status, stdout };
    }

    it("carries the estimate in --json as `cost` and exits 0 within the ceiling", async () => {
        const { status, stdout } = await check("--stack", "staging", "--json");
        const { cost } = JSON.parse(stdout);
        assert.strictEqual(status, 0);
        assert.deepStrictEqual(Object.keys(cost).slice(0, 5), ["currency", "region", "priceDate", "monthly", "lines"]);
        assert.strictEqual(cost.ceiling.exceeded, false);
    });

    it("exits 1 when the estimate exceeds the ceiling, with no policy violation to blame", async () => {
        const dir = withStackFile("staging", text => text.replace(/ceiling: \d+/, "ceiling: 50"));
        mkdirSync(path.join(dir, "policies"));
        copyFileSync(
            path.join(REPO_ROOT, "policies", "config.staging.json"),
            path.join(dir, "policies", "config.staging.json"),
        );
        const { status, stdout } = await check("--stack", "staging", "--dir", dir);
        assert.strictEqual(status, 1);
        assert.match(stdout, /0 mandatory/);
        assert.match(stdout, /FAILED: the estimate \$\d+\.\d\d\/month exceeds ecs-platform:budget\.ceiling \$50\.00/);
    });
});

/** A temporary directory holding an edited copy of a stack file. */
function withStackFile(stack: string, edit: (text: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "cost-"));
    const file = `Pulumi.${stack}.yaml`;
    writeFileSync(path.join(dir, file), edit(readFileSync(path.join(REPO_ROOT, file), "utf8")));
    return dir;
}
