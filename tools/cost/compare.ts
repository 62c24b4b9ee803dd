/**
 * `npm run cost:compare -- --stack <name> --head <check.json> [--base <check.json>]`: the pull-request comment of
 * one stack's estimate and its change against `main`, in Markdown, from two `npm run check -- --json` documents.
 * A missing or estimate-less base (a branch older than the estimate) shows the head's estimate without a delta.
 */
import { existsSync, readFileSync } from "fs";
import { parseArgs } from "node:util";
import type { CostEstimate, CostLine } from "./estimate";
import { usd } from "./format";

/** The marker that lets the workflow find and update this stack's comment. */
export function commentMarker(stack: string): string {
    return `<!-- ecs-platform-cost:${stack} -->`;
}

type Cost = CostEstimate & { ceiling?: { message: string; exceeded: boolean } | null };

/** Idle USD a month by resource (URN), with the resource's short name. */
function byResource(cost: Cost | undefined): Map<string, number> {
    const totals = new Map<string, number>();
    for (const line of cost?.lines ?? []) {
        if (!line.perUse && !line.unpriced) {
            totals.set(line.urn, (totals.get(line.urn) ?? 0) + line.monthly);
        }
    }
    return totals;
}

function signed(value: number): string {
    return value > 0 ? `+${usd(value)}` : usd(value);
}

function percent(change: number, from: number): string {
    return from > 0 ? ` (${change > 0 ? "+" : ""}${Math.round((change / from) * 100)} %)` : "";
}

const shortName = (urn: string) => urn.split("::").pop() ?? urn;
const shortType = (line: CostLine | undefined) => line?.type.split(":").pop() ?? "";

/** The Markdown comment: total on `main` and here, the change, the resources whose cost changed, the ceiling. */
export function compareEstimates(stack: string, head: Cost | undefined, base: Cost | undefined): string {
    const out = [commentMarker(stack), `### Estimated idle monthly cost: \`${stack}\``, ""];
    if (!head || head.monthly === null) {
        out.push(`No estimate for this branch: ${head?.unavailable ?? "the check did not produce one"}.`);
        return out.join("\n");
    }
    const from = base?.monthly ?? null;
    out.push("| | `main` | this pull request | change |", "|---|---:|---:|---:|");
    out.push(
        from === null
            ? `| **total** | — | **${usd(head.monthly)}** | no estimate on \`main\` |`
            : `| **total** | ${usd(from)} | **${usd(head.monthly)}** | ${signed(head.monthly - from)}${percent(head.monthly - from, from)} |`,
    );
    if (from !== null) {
        const [before, after] = [byResource(base), byResource(head)];
        const lineOf = new Map([...(base?.lines ?? []), ...head.lines].map(l => [l.urn, l]));
        const changed = [...new Set([...before.keys(), ...after.keys()])]
            .map(urn => ({ urn, from: before.get(urn) ?? 0, to: after.get(urn) ?? 0 }))
            .filter(r => Math.abs(r.to - r.from) >= 0.005)
            .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from));
        for (const r of changed) {
            const label = `${shortName(r.urn)} (${shortType(lineOf.get(r.urn))})`;
            out.push(`| ${label} | ${usd(r.from)} | ${usd(r.to)} | ${signed(r.to - r.from)} |`);
        }
    }
    out.push("");
    out.push(
        `${head.currency} list prices for ${head.region} of ${head.priceDate}, on-demand, 730 h/month: the floor an idle stack pays. ` +
            `Left out: ${head.leftOut.join("; ")}.`,
    );
    const perUse = head.lines.filter(l => l.perUse);
    if (perUse.length > 0) {
        out.push("", `Per use: ${perUse.map(l => `${l.item} ${usd(l.unitPrice, true)} per ${l.unit}`).join("; ")}.`);
    }
    if (head.ceiling) {
        out.push("", `${head.ceiling.exceeded ? "**Over the ceiling:**" : "Ceiling:"} ${head.ceiling.message}`);
    }
    return out.join("\n");
}

/** The `cost` member of a check document on disk, if the file exists and has one. */
function readCost(file: string | undefined): Cost | undefined {
    if (!file || !existsSync(file)) {
        return undefined;
    }
    try {
        return (JSON.parse(readFileSync(file, "utf8")) as { cost?: Cost }).cost;
    } catch {
        return undefined;
    }
}

const USAGE = "usage: npm run cost:compare -- --stack <name> --head <check.json> [--base <check.json>]";

if (require.main === module) {
    let args;
    try {
        args = parseArgs({
            options: { stack: { type: "string" }, head: { type: "string" }, base: { type: "string" } },
        }).values;
    } catch (err) {
        args = undefined;
        process.stderr.write(`${(err as Error).message}\n`);
    }
    if (!args?.stack || !args.head) {
        process.stderr.write(`${USAGE}\n`);
        process.exit(2);
    }
    process.stdout.write(`${compareEstimates(args.stack, readCost(args.head), readCost(args.base))}\n`);
}
