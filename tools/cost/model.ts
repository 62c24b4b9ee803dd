import type { CapturedResource } from "../../testing/harness";
import type { Price, PriceKey, PriceTable } from "./prices";

/** One line of the estimate: what one resource pays for one item in a month. */
export interface CostLine {
    urn: string;
    type: string;
    /** What is paid for, e.g. "NAT gateway-hours". */
    item: string;
    /** How many units a month; null for a "per use" line, which has no idle quantity. */
    quantity: number | null;
    /** The unit of `quantity` and `unitPrice`, e.g. "hours", "vCPU-hours", "million requests". */
    unit: string;
    /** USD per unit. */
    unitPrice: number;
    /** USD a month: quantity × unitPrice; 0 for a "per use" line. */
    monthly: number;
    /** Usage-priced: shown with its unit price, not counted in the total (an idle stack uses nothing). */
    perUse?: true;
    /** Why the line could not be priced (e.g. an EC2 instance type missing from the table). */
    unpriced?: string;
}

/** The captured resources with the lookups the rules need. */
export class ResourceGraph {
    private readonly byUrn: Map<string, CapturedResource>;

    constructor(public readonly resources: CapturedResource[]) {
        this.byUrn = new Map(resources.map(r => [r.urn, r]));
    }

    /** The resources of `type` whose outputs flowed into `property` of `resource` (works in preview too). */
    dependencies(resource: CapturedResource, property: string, type: string): CapturedResource[] {
        return (resource.propertyDependencies[property] ?? [])
            .map(urn => this.byUrn.get(urn))
            .filter((r): r is CapturedResource => r !== undefined && r.type === type);
    }

    /** Resources of `type` that took an output of `resource` into `property`. */
    dependents(resource: CapturedResource, property: string, type: string): CapturedResource[] {
        return this.resources.filter(
            r => r.type === type && (r.propertyDependencies[property] ?? []).includes(resource.urn),
        );
    }

    /** The nearest component resource above `resource`, for grouping lines. */
    component(resource: CapturedResource): CapturedResource | undefined {
        let parent = resource.parent ? this.byUrn.get(resource.parent) : undefined;
        while (parent && parent.custom) {
            parent = parent.parent ? this.byUrn.get(parent.parent) : undefined;
        }
        return parent;
    }
}

/** What a pricing rule gets: the region's table and line builders that keep units and rounding in one place. */
export class PricingContext {
    readonly hours: number;

    constructor(
        readonly prices: PriceTable,
        readonly graph: ResourceGraph,
    ) {
        this.hours = prices.hoursPerMonth;
    }

    price(key: PriceKey): Price {
        return this.prices.prices[key];
    }

    /** A line of `quantity` units at `unitPrice`. */
    line(resource: CapturedResource, item: string, quantity: number, unit: string, unitPrice: number): CostLine {
        return {
            urn: resource.urn,
            type: resource.type,
            item,
            quantity: round(quantity),
            unit,
            // Derived prices (Spot) carry float noise: keep 9 decimals, far below any list price's precision.
            unitPrice: Math.round(unitPrice * 1e9) / 1e9,
            monthly: round(quantity * unitPrice),
        };
    }

    /** `count` of something billed by the hour, all month (730 h). */
    hourly(resource: CapturedResource, item: string, key: PriceKey, count = 1): CostLine {
        return this.line(resource, item, count * this.hours, "hours", this.price(key).value);
    }

    /** `count` of something billed by the month. */
    monthlyItem(resource: CapturedResource, item: string, key: PriceKey, unit: string, count = 1): CostLine {
        return this.line(resource, item, count, unit, this.price(key).value);
    }

    /** A usage-priced line: its unit price, nothing in the idle total. */
    perUse(resource: CapturedResource, item: string, key: PriceKey, unit: string): CostLine {
        return { ...this.line(resource, item, 0, unit, this.price(key).value), quantity: null, perUse: true };
    }

    /** A line the table cannot price: shown, with the reason, never guessed. */
    unpriced(resource: CapturedResource, item: string, reason: string): CostLine {
        return { ...this.line(resource, item, 0, "", 0), quantity: null, unpriced: reason };
    }
}

/** A pricing rule: the lines one captured resource costs an idle stack (none for free resources). */
export type PricingRule = (resource: CapturedResource, context: PricingContext) => CostLine[];

/** Rounds to 1/10000 of a dollar so sums of rounded lines stay exact enough to print and compare. */
export function round(value: number): number {
    return Math.round(value * 10000) / 10000;
}

/** A list input's length: the resolved value, else (preview: unknown) the resources that flowed into it. */
export function listLength(resource: CapturedResource, property: string): number {
    const value = resource.inputs[property];
    return Array.isArray(value) ? value.length : (resource.propertyDependencies[property] ?? []).length;
}
