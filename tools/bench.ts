/**
 * `npm run bench`: how long the offline preview takes and how much memory it needs, each measured in a fresh
 * process (median of several runs), next to the floor: a fresh process that only loads @pulumi/pulumi,
 * @pulumi/aws and @pulumi/policy.
 *
 * Targets: one stack within 2.5× the floor; 50 services within 4× the sample prod stack; peak memory under 1 GiB.
 * Exits 1 when a target is missed.
 */
import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { cpus, tmpdir } from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { REPO_ROOT } from "../testing/stack-file";

interface Sample {
    wallMs: number;
    peakMiB: number;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GENERATED_SERVICES = 50;

/** The code each measured process runs, after Node and ts-node start. */
function childScript(kind: "floor" | "stack", stack = "", dir = ""): string {
    const body =
        kind === "floor"
            ? `[require("@pulumi/pulumi"), require("@pulumi/aws"), require("@pulumi/policy")]`
            : `require(${JSON.stringify(path.join(REPO_ROOT, "tools/preview"))}).previewStack(${JSON.stringify(stack)}, { dir: ${JSON.stringify(dir)} })`;
    return `Promise.resolve(${body}).then(() => { process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })); process.exit(0); })`;
}

/** Runs a script in a fresh Node process: the floor in plain Node, the previews as `npm run check` runs them (ts-node, transpile-only). */
function measure(script: string, typescript: boolean): Sample {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [...(typescript ? ["-r", "ts-node/register"] : []), "-e", script], {
        cwd: REPO_ROOT,
        env: { ...process.env, TS_NODE_PROJECT: "tsconfig.tools.json" },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) {
        throw new Error(`benchmark process failed (${child.status}):\n${child.stderr}`);
    }
    const { maxRssKb } = JSON.parse(child.stdout.slice(child.stdout.lastIndexOf("{"))) as { maxRssKb: number };
    return { wallMs, peakMiB: maxRssKb / 1024 };
}

function median(script: string, typescript = true): Sample {
    const samples = Array.from({ length: RUNS }, () => measure(script, typescript));
    const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { wallMs: mid(samples.map(s => s.wallMs)), peakMiB: mid(samples.map(s => s.peakMiB)) };
}

/** A stack like prod with {@link GENERATED_SERVICES} services, each with its own route, in a scratch directory. */
export function generateLargeStack(services = GENERATED_SERVICES): { dir: string; stack: string } {
    const dir = mkdtempSync(path.join(tmpdir(), "ecs-platform-bench-"));
    const stack = "bench";
    const doc = parse(readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8")) as {
        config: Record<string, unknown>;
    };
    const template = (doc.config["ecs-platform:services"] as Record<string, Record<string, unknown>>).api;
    doc.config["ecs-platform:services"] = Object.fromEntries(
        Array.from({ length: services }, (_, i) => [
            `svc-${i}`,
            { ...template, route: { paths: [`/svc-${i}/*`], priority: 100 + 2 * i } },
        ]),
    );
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
    mkdirSync(path.join(dir, "policies"));
    copyFileSync(
        path.join(REPO_ROOT, "policies", "config.prod.json"),
        path.join(dir, "policies", `config.${stack}.json`),
    );
    return { dir, stack };
}

function main(): number {
    const floor = median(childScript("floor"), false);
    const staging = median(childScript("stack", "staging", REPO_ROOT));
    const prod = median(childScript("stack", "prod", REPO_ROOT));
    const large = generateLargeStack();
    const fifty = median(childScript("stack", large.stack, large.dir));

    const rows: [string, Sample, string][] = [
        ["floor: load @pulumi/pulumi, @pulumi/aws, @pulumi/policy", floor, ""],
        ["offline preview: staging", staging, `${(staging.wallMs / floor.wallMs).toFixed(2)}× floor (target ≤ 2.5×)`],
        ["offline preview: prod", prod, `${(prod.wallMs / floor.wallMs).toFixed(2)}× floor (target ≤ 2.5×)`],
        [
            `offline preview: ${GENERATED_SERVICES} services`,
            fifty,
            `${(fifty.wallMs / prod.wallMs).toFixed(2)}× prod (target ≤ 4×)`,
        ],
    ];
    console.log(`Benchmark (median of ${RUNS} fresh processes, ${process.version}, ${cpus().length} cores)\n`);
    console.log("| run | wall | peak RSS | ratio |\n|---|---:|---:|---|");
    for (const [label, s, ratio] of rows) {
        console.log(`| ${label} | ${(s.wallMs / 1000).toFixed(2)} s | ${s.peakMiB.toFixed(0)} MiB | ${ratio} |`);
    }
    const misses = [
        staging.wallMs > 2.5 * floor.wallMs && "staging exceeds 2.5× the floor",
        prod.wallMs > 2.5 * floor.wallMs && "prod exceeds 2.5× the floor",
        fifty.wallMs > 4 * prod.wallMs && `${GENERATED_SERVICES} services exceed 4× prod`,
        Math.max(...rows.map(([, s]) => s.peakMiB)) > 1024 && "peak memory exceeds 1 GiB",
    ].filter((m): m is string => typeof m === "string");
    console.log(misses.length === 0 ? "\nAll targets met." : `\nMissed: ${misses.join("; ")}`);
    return misses.length === 0 ? 0 : 1;
}

if (require.main === module) {
    process.exit(main());
}
