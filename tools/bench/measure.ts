import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../testing/stack-file";
import { npmScript } from "../npm-script";

/** One process the benchmark runs: Node's arguments, from the repository root. */
export interface Command {
    label: string;
    nodeArgs: string[];
    env?: Record<string, string>;
}

export interface Sample {
    wallMs: number;
    peakMiB: number;
}

const PEAK_RSS = path.join(__dirname, "peak-rss.js");

/** The floor: a fresh Node process that loads the three SDKs every offline run needs, and nothing else. */
export const FLOOR: Command = {
    label: "floor: load @pulumi/pulumi, @pulumi/aws, @pulumi/policy",
    nodeArgs: ["-e", `require("@pulumi/pulumi"); require("@pulumi/aws"); require("@pulumi/policy");`],
};

/** `npm run check -- --stack <stack> --json [--dir <dir>]`, started as the package.json script starts it (no npm). */
export function checkCommand(label: string, stack: string, dir?: string): Command {
    const [node, ...script] = npmScript("check");
    if (node !== "node") {
        throw new Error(`package.json's check script does not start node: ${node}`);
    }
    return {
        label,
        nodeArgs: [...script, "--stack", stack, "--json", ...(dir === undefined ? [] : ["--dir", dir])],
    };
}

/**
 * CDK + cdk-nag synthesizing the same platform (tools/bench/cdk-platform.js), with aws-cdk-lib, constructs and
 * cdk-nag from a scratch folder's node_modules: they are never the project's dependencies.
 */
export function cdkCommand(scratch: string): Command {
    return {
        label: "CDK + cdk-nag: synthesize the prod platform",
        nodeArgs: [path.join(__dirname, "cdk-platform.js")],
        env: { NODE_PATH: path.resolve(scratch, "node_modules") },
    };
}

/**
 * Runs a command once in a fresh process: its wall time (spawn to exit) and peak resident memory. A run counts when
 * it exits 0, or 1 with a whole JSON document on stdout: a check that ran to the end and found a mandatory policy
 * violation or a cost above the stack's ceiling (as a stack scaled up to a hundred services may) did all the work.
 */
export function runOnce(command: Command): Sample {
    const scratch = mkdtempSync(path.join(tmpdir(), "ecs-platform-peak-"));
    const peakFile = path.join(scratch, "peak");
    const stdoutFile = path.join(scratch, "stdout");
    const stdout = openSync(stdoutFile, "w");
    try {
        const start = process.hrtime.bigint();
        const child = spawnSync(process.execPath, ["-r", PEAK_RSS, ...command.nodeArgs], {
            cwd: REPO_ROOT,
            env: { ...process.env, ...command.env, BENCH_PEAK_RSS_FILE: peakFile },
            stdio: ["ignore", stdout, "pipe"],
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (!(child.status === 0 || (child.status === 1 && isJsonDocument(readFileSync(stdoutFile, "utf8"))))) {
            throw new Error(`${command.label}: exit ${child.status ?? child.signal}\n${child.stderr}`);
        }
        return { wallMs, peakMiB: Number(readFileSync(peakFile, "utf8")) / 2 ** 20 };
    } finally {
        closeSync(stdout);
        rmSync(scratch, { recursive: true, force: true });
    }
}

function isJsonDocument(text: string): boolean {
    try {
        return typeof JSON.parse(text) === "object";
    } catch {
        return false;
    }
}
