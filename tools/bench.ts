/**
 * `npm run bench [-- --rounds 5 --services 10,50,95 --write-readme]`: how fast the offline preview is and how it
 * grows, against its targets. Exits 1 when a target is missed.
 *
 * Each round runs every command once, each in a fresh process, in an order that rotates from round to round; the
 * figures are medians over rounds, and each ratio is taken within a round (against that round's floor) before
 * taking the median, so one noisy spell on a shared machine moves a single round, not a verdict. The floor is a
 * fresh Node process that only loads @pulumi/pulumi, @pulumi/aws and @pulumi/policy. Peak memory is Node's own
 * accounting (getrusage's maximum resident set size).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../testing/stack-file";
import { generateStack } from "./bench/generate-stack";
import { cdkCommand, checkCommand, Command, FLOOR, runOnce, Sample } from "./bench/measure";
import { linearFit, LinearFit, median } from "./bench/stats";

/** The targets (issue: "the offline preview at the speed of loading the SDKs"). */
export const TARGETS = {
    /** `npm run check` of prod and of staging, as a multiple of the floor. */
    stackVsFloor: 1.25,
    /** One ALB listener's rule quota is 100; 95 services leave room for the platform's own rules. */
    quotaServices: 95,
    peakMiBAtQuota: 512,
    /** The cost of one more service, as a fraction of the floor. */
    perServiceVsFloor: 0.05,
    /** Growth is linear when a line explains this much of the variance of wall time over service counts. */
    linearRSquared: 0.98,
    /** The ambition: prod's check against CDK + cdk-nag synthesizing the same platform (measured with `--cdk`). */
    prodVsCdk: 0.25,
};

interface BenchOptions {
    rounds: number;
    services: number[];
    writeReadme: boolean;
    /** A scratch folder with aws-cdk-lib, constructs and cdk-nag installed (tools/bench/cdk-platform.js says how). */
    cdk?: string;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
    const { values } = parseArgs({
        args: argv,
        options: {
            rounds: { type: "string", default: "5" },
            services: { type: "string", default: `10,50,${TARGETS.quotaServices}` },
            "write-readme": { type: "boolean", default: false },
            cdk: { type: "string" },
        },
    });
    const rounds = Number(values.rounds);
    const services = values.services.split(",").map(Number);
    if (!Number.isInteger(rounds) || rounds < 1) {
        throw new Error(`--rounds must be a positive integer, not ${JSON.stringify(values.rounds)}`);
    }
    if (services.length < 2 || services.some(n => !Number.isInteger(n) || n < 1)) {
        throw new Error(`--services must list at least two service counts, e.g. 10,50,95`);
    }
    return {
        rounds,
        services: [...new Set(services)].sort((a, b) => a - b),
        writeReadme: values["write-readme"],
        ...(values.cdk === undefined ? {} : { cdk: values.cdk }),
    };
}

interface Results {
    floor: Sample[];
    stacks: Record<string, Sample[]>;
    generated: { services: number; samples: Sample[] }[];
    cdk?: Sample[];
}

/** Runs `rounds` rounds of every command, the order rotating each round, after one unmeasured warm-up round. */
function measureAll(options: BenchOptions): Results {
    const stacks = ["prod", "staging"];
    const generated = options.services.map(n => ({ services: n, stack: generateStack(n) }));
    const commands: Command[] = [
        FLOOR,
        ...stacks.map(stack => checkCommand(stack, stack)),
        ...generated.map(g => checkCommand(`${g.services}`, g.stack.stack, g.stack.dir)),
    ];
    const cdk = options.cdk === undefined ? undefined : cdkCommand(options.cdk);
    if (cdk !== undefined) {
        commands.push(cdk);
    }
    commands.forEach(runOnce);
    const samples = new Map<Command, Sample[]>(commands.map(c => [c, []]));
    for (let round = 0; round < options.rounds; round++) {
        const order = [...commands.slice(round % commands.length), ...commands.slice(0, round % commands.length)];
        for (const command of order) {
            samples.get(command)!.push(runOnce(command));
        }
        process.stderr.write(`round ${round + 1}/${options.rounds} done\n`);
    }
    const of = (command: Command) => samples.get(command)!;
    return {
        floor: of(commands[0]),
        stacks: Object.fromEntries(stacks.map((stack, i) => [stack, of(commands[1 + i])])),
        generated: generated.map((g, i) => ({ services: g.services, samples: of(commands[1 + stacks.length + i]) })),
        ...(cdk === undefined ? {} : { cdk: of(cdk) }),
    };
}

interface Row {
    measure: string;
    figure: string;
    target: string;
    pass?: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (value: number) => `${value.toFixed(0)} MiB`;
const sampleFigure = (samples: Sample[]) =>
    `${seconds(median(samples.map(s => s.wallMs)))}, ${mib(median(samples.map(s => s.peakMiB)))}`;

/** The table: medians, per-round ratios, and a verdict per target. */
export function evaluate(results: Results): Row[] {
    const rounds = results.floor.length;
    const perRound = (f: (round: number) => number) => median(Array.from({ length: rounds }, (_, r) => f(r)));
    const rows: Row[] = [{ measure: FLOOR.label, figure: sampleFigure(results.floor), target: "" }];
    for (const [stack, samples] of Object.entries(results.stacks)) {
        const ratio = perRound(r => samples[r].wallMs / results.floor[r].wallMs);
        rows.push({
            measure: `\`npm run check -- --stack ${stack}\``,
            figure: `${sampleFigure(samples)}; ${ratio.toFixed(2)}× floor`,
            target: `≤ ${TARGETS.stackVsFloor}× floor`,
            pass: ratio <= TARGETS.stackVsFloor,
        });
    }
    for (const { services, samples } of results.generated) {
        const peak = Math.max(...samples.map(s => s.peakMiB));
        const atQuota = services === TARGETS.quotaServices;
        rows.push({
            measure: `generated stack, ${services} services`,
            figure: `${sampleFigure(samples)}${atQuota ? ` (highest peak ${mib(peak)})` : ""}`,
            target: atQuota ? `peak < ${TARGETS.peakMiBAtQuota} MiB` : "",
            pass: atQuota ? peak < TARGETS.peakMiBAtQuota : undefined,
        });
    }
    const fitOf = (round: number | undefined, y: (s: Sample) => number): LinearFit =>
        linearFit(
            results.generated.map(g => ({
                x: g.services,
                y: round === undefined ? median(g.samples.map(y)) : y(g.samples[round]),
            })),
        );
    const perService = perRound(r => fitOf(r, s => s.wallMs).slope / results.floor[r].wallMs);
    const wall = fitOf(undefined, s => s.wallMs);
    const memory = fitOf(undefined, s => s.peakMiB);
    rows.push(
        {
            measure: "each added service",
            figure: `${wall.slope.toFixed(1)} ms, ${(100 * perService).toFixed(1)} % of floor; ${memory.slope.toFixed(2)} MiB`,
            target: `≤ ${100 * TARGETS.perServiceVsFloor} % of floor`,
            pass: perService <= TARGETS.perServiceVsFloor,
        },
        {
            measure: "growth (least squares over the generated stacks)",
            figure:
                `wall = ${seconds(wall.intercept)} + ${wall.slope.toFixed(1)} ms × services (R² ${wall.rSquared.toFixed(3)}); ` +
                `peak = ${mib(memory.intercept)} + ${memory.slope.toFixed(2)} MiB × services (R² ${memory.rSquared.toFixed(3)})`,
            target: `linear: R² ≥ ${TARGETS.linearRSquared}`,
            pass: wall.rSquared >= TARGETS.linearRSquared,
        },
    );
    const cdk = results.cdk;
    if (cdk === undefined) {
        rows.push({
            measure: "CDK + cdk-nag, same platform",
            figure: "not measured: install as tools/bench/cdk-platform.js says, then `npm run bench -- --cdk <folder>`",
            target: `prod ≤ ${TARGETS.prodVsCdk}× CDK`,
        });
    } else {
        const ratio = perRound(r => results.stacks.prod[r].wallMs / cdk[r].wallMs);
        rows.push({
            measure: "CDK + cdk-nag, same platform",
            figure: `${sampleFigure(cdk)}; prod = ${ratio.toFixed(2)}× CDK`,
            target: `prod ≤ ${TARGETS.prodVsCdk}× CDK`,
            pass: ratio <= TARGETS.prodVsCdk,
        });
    }
    return rows;
}

export function renderTable(rows: Row[]): string {
    const verdict = (row: Row) => (row.pass === undefined ? "" : row.pass ? "pass" : "**FAIL**");
    return [
        "| measure | median figure | target | result |",
        "|---|---|---|---|",
        ...rows.map(row => `| ${row.measure} | ${row.figure} | ${row.target} | ${verdict(row)} |`),
    ].join("\n");
}

const README = path.join(REPO_ROOT, "README.md");
const README_START = "<!-- bench:start -->";
const README_END = "<!-- bench:end -->";

/** README.md with its benchmark figures replaced. */
export function readmeWithFigures(readme: string, figures: string): string {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) {
        throw new Error(`README.md lacks the ${README_START} … ${README_END} markers`);
    }
    return `${readme.slice(0, start + README_START.length)}\n${figures}\n${readme.slice(end)}`;
}

function main(argv: string[]): number {
    const options = parseBenchArgs(argv);
    const loadBefore = loadavg()[0];
    const rows = evaluate(measureAll(options));
    const date = new Date().toISOString().slice(0, 10);
    const figures = [
        `Measured ${date} by \`npm run bench\`: ${options.rounds} interleaved rounds, Node ${process.version.slice(1)}, ` +
            `${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after.`,
        "",
        renderTable(rows),
    ].join("\n");
    console.log(figures);
    const missed = rows.filter(row => row.pass === false).map(row => row.measure);
    console.log(missed.length === 0 ? "\nAll targets met." : `\nMissed: ${missed.join("; ")}`);
    if (options.writeReadme) {
        writeFileSync(README, readmeWithFigures(readFileSync(README, "utf8"), figures));
    }
    return missed.length === 0 ? 0 : 1;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
