import type { CapturedResource } from "../../testing/harness";
import type { CostEstimate, CostLine } from "./estimate";
import { ResourceGraph, round } from "./model";

/** USD with cents; small unit prices keep their significant digits. */
export function usd(value: number, unitPrice = false): string {
    if (unitPrice && !Number.isInteger(Math.round(value * 1e6) / 1e4)) {
        return `$${Number(value.toPrecision(4))}`;
    }
    return `${value < 0 ? "-" : ""}$${Math.abs(value).toFixed(2)}`;
}

/**
 * The estimate as a table: lines grouped under the component that owns them (with a subtotal), the total, the
 * per-use prices, and what is left out.
 */
export function formatCost(estimate: CostEstimate, resources: CapturedResource[]): string[] {
    if (estimate.unavailable) {
        return [`Estimated idle monthly cost: ${estimate.unavailable} (add tools/cost/prices/${estimate.region}.json)`];
    }
    const graph = new ResourceGraph(resources);
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const groups = new Map<string, CostLine[]>();
    for (const line of estimate.lines) {
        const resource = byUrn.get(line.urn);
        const component = resource ? graph.component(resource) : undefined;
        const key = component ? `${component.name} (${component.type.split(":").pop()})` : "stack";
        groups.set(key, [...(groups.get(key) ?? []), line]);
    }
    const out = [
        `Estimated idle monthly cost: ${usd(estimate.monthly ?? 0)} (${estimate.currency} list prices for ${estimate.region} of ${estimate.priceDate}, on-demand, 730 h)`,
    ];
    const rows: string[][] = [];
    for (const [group, lines] of groups) {
        const idle = lines.filter(l => !l.perUse && !l.unpriced);
        if (idle.length === 0) {
            continue;
        }
        const subtotal = idle.reduce((sum, l) => sum + l.monthly, 0);
        rows.push([group, "", "", usd(subtotal)]);
        for (const { item, names, quantity, unit, unitPrice, monthly } of sameItems(idle, byUrn)) {
            const where = names.length === 1 ? names[0] : `${names.length} resources`;
            rows.push([`    ${item}`, where, `${round(quantity)} ${unit} × ${usd(unitPrice, true)}`, usd(monthly)]);
        }
    }
    out.push(...table(rows).map(row => `    ${row}`));
    const perUse = estimate.lines.filter(l => l.perUse);
    if (perUse.length > 0) {
        out.push("    Per use (not in the total):");
        for (const l of perUse) {
            out.push(`        ${l.item}: ${usd(l.unitPrice, true)} per ${l.unit} (${byUrn.get(l.urn)?.name})`);
        }
    }
    for (const l of estimate.lines.filter(l => l.unpriced)) {
        out.push(`    Not priced: ${l.item} (${byUrn.get(l.urn)?.name}): ${l.unpriced}`);
    }
    out.push(`    Left out: ${estimate.leftOut.join("; ")}.`);
    return out;
}

/** Lines of one group with the same item and price, summed (ten alarms are one row). */
function sameItems(lines: CostLine[], byUrn: Map<string, CapturedResource>) {
    const rows = new Map<
        string,
        { item: string; names: string[]; quantity: number; unit: string; unitPrice: number; monthly: number }
    >();
    for (const l of lines) {
        const key = `${l.item}\0${l.unit}\0${l.unitPrice}`;
        const row = rows.get(key) ?? {
            item: l.item,
            names: [],
            quantity: 0,
            unit: l.unit,
            unitPrice: l.unitPrice,
            monthly: 0,
        };
        row.names.push(byUrn.get(l.urn)?.name ?? l.urn);
        row.quantity += l.quantity ?? 0;
        row.monthly += l.monthly;
        rows.set(key, row);
    }
    return [...rows.values()];
}

/** Left-aligned text columns, the last right-aligned. */
function table(rows: string[][]): string[] {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map(r => r[i].length))) ?? [];
    return rows.map(r =>
        r
            .map((cell, i) => (i === r.length - 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd(),
    );
}
