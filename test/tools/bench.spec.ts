import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { evaluate, parseBenchArgs, readmeWithFigures, renderTable, TARGETS } from "../../tools/bench";
import { generateStack } from "../../tools/bench/generate-stack";
import { cli } from "../../tools/check";
import { linearFit, median } from "../../tools/bench/stats";
import { readStackFile, REPO_ROOT } from "../../testing/stack-file";

describe("tools/bench (npm run bench)", () => {
    it("generates stacks of any size that the stack reader accepts (200 services: no YAML alias limit)", () => {
        const generated = generateStack(200);
        const file = readStackFile(generated.stack, { dir: generated.dir });
        const services = JSON.parse(file.values["ecs-platform:services"]) as Record<string, any>;
        assert.strictEqual(Object.keys(services).length, 200);
        const paths = Object.values(services).map(s => s.route.paths[0]);
        const priorities = Object.values(services).map(s => s.route.priority);
        assert.strictEqual(new Set(paths).size, 200);
        assert.strictEqual(new Set(priorities).size, 200);
        assert.ok(!readFileSync(path.join(generated.dir, `Pulumi.${generated.stack}.yaml`), "utf8").includes("*a"));
    });

    it("a generated stack runs through the whole check (what the benchmark times)", async function () {
        this.timeout(120000);
        const generated = generateStack(3);
        let stdout = "";
        const status = await cli(["--stack", generated.stack, "--dir", generated.dir, "--json"], {
            stdout: { write: (text: string) => (stdout += text) },
            stderr: { write: (text: string) => assert.fail(text) },
        });
        assert.ok(status === 0 || status === 1, `exit ${status}`);
        const doc = JSON.parse(stdout);
        assert.strictEqual(doc.resources.filter((r: any) => r.type === "aws:ecs/service:Service").length, 3);
    });

    it("fits a line and reports how well it fits", () => {
        const line = linearFit([1, 2, 3, 4].map(x => ({ x, y: 10 + 3 * x })));
        assert.deepStrictEqual(line, { intercept: 10, slope: 3, rSquared: 1 });
        const curve = linearFit([1, 2, 3, 4, 5, 6].map(x => ({ x, y: 2 ** x })));
        assert.ok(curve.rSquared < TARGETS.linearRSquared, "exponential growth is not linear");
        assert.strictEqual(median([3, 1, 2]), 2);
        assert.strictEqual(median([4, 1, 2, 3]), 2.5);
    });

    const sample = (wallMs: number, peakMiB = 100) => ({ wallMs, peakMiB });
    /** Three rounds; the floor of the second is slow (a noisy spell), and so is everything else in it. */
    const results = (perServiceMs: number, prodMs = [1100, 2200, 1100], peakAtQuota = 300) => ({
        floor: [sample(1000), sample(2000), sample(1000)],
        stacks: { prod: prodMs.map(ms => sample(ms)), staging: [sample(900), sample(1800), sample(900)] },
        generated: [10, 50, 95].map(services => ({
            services,
            samples: [1, 2, 1].map(slow =>
                sample(slow * (1000 + perServiceMs * services), services === 95 ? peakAtQuota : 100),
            ),
        })),
    });

    it("judges each target on per-round ratios, so a noisy round moves no verdict", () => {
        const rows = evaluate(results(20));
        const verdicts = Object.fromEntries(rows.map(r => [r.measure, r.pass]));
        assert.deepStrictEqual(verdicts, {
            [rows[0].measure]: undefined,
            "`npm run check -- --stack prod`": true,
            "`npm run check -- --stack staging`": true,
            "generated stack, 10 services": undefined,
            "generated stack, 50 services": undefined,
            "generated stack, 95 services": true,
            "each added service": true,
            "growth (least squares over the generated stacks)": true,
            "CDK + cdk-nag, same platform": undefined,
        });
        assert.match(renderTable(rows), /\| `npm run check -- --stack prod` \| 1\.10 s, 100 MiB; 1\.10× floor \|/);
        assert.match(renderTable(rows), /wall = 1\.00 s \+ 20\.0 ms × services \(R² 1\.000\)/);
    });

    it("compares prod with CDK + cdk-nag when it is measured", () => {
        const withCdk = { ...results(20), cdk: [sample(10000), sample(20000), sample(3000)] };
        const row = evaluate(withCdk).find(r => r.measure === "CDK + cdk-nag, same platform")!;
        assert.strictEqual(row.pass, true);
        assert.match(row.figure, /prod = 0\.11× CDK/);
        assert.deepStrictEqual(parseBenchArgs(["--cdk", "/tmp/cdk"]).cdk, "/tmp/cdk");
    });

    it("fails the targets it misses", () => {
        const failed = (r: ReturnType<typeof evaluate>) => r.filter(row => row.pass === false).map(row => row.measure);
        assert.deepStrictEqual(failed(evaluate(results(60, [1300, 2600, 1300], 600))), [
            "`npm run check -- --stack prod`",
            "generated stack, 95 services",
            "each added service",
        ]);
    });

    it("parses its arguments", () => {
        assert.deepStrictEqual(parseBenchArgs([]), { rounds: 5, services: [10, 50, 95], writeReadme: false });
        assert.deepStrictEqual(parseBenchArgs(["--rounds", "2", "--services", "95,10", "--write-readme"]), {
            rounds: 2,
            services: [10, 95],
            writeReadme: true,
        });
        assert.throws(() => parseBenchArgs(["--rounds", "0"]), /--rounds/);
        assert.throws(() => parseBenchArgs(["--services", "95"]), /--services/);
        assert.throws(() => parseBenchArgs(["--fast"]), /Unknown option '--fast'/);
    });

    it("README.md has the benchmark section npm run bench -- --write-readme fills", () => {
        const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.match(readmeWithFigures(readme, "FIGURES"), /<!-- bench:start -->\nFIGURES\n<!-- bench:end -->/);
    });
});
