/**
 * The idle monthly cost of a stack, from the resources the program registered (types and inputs), priced with the
 * region's table in `prices/<region>.json`: list prices, on-demand, 730 hours. Rules are chosen by resource type, so
 * a resource kind any component adds is priced wherever it appears. How the estimate is made and what it leaves out:
 * docs/DESIGN.md ("Cost estimate").
 */
import type { CapturedResource } from "../../testing/harness";
import { CostLine, PricingContext, PricingRule, ResourceGraph, round } from "./model";
import { loadPriceTable, PRICES_DIR } from "./prices";
import { computeRules } from "./rules-compute";
import { networkRules } from "./rules-network";
import { serviceRules } from "./rules-services";

export type { CostLine } from "./model";

/** Every pricing rule, by resource type token. Types without a rule cost an idle stack nothing. */
export const PRICING_RULES: Record<string, PricingRule> = { ...networkRules, ...computeRules, ...serviceRules };

/** What the estimate does not include: it is the floor the stack pays doing nothing. */
export const LEFT_OUT = [
    "data processed and transferred (NAT gateways, interface endpoints, ALB LCUs beyond one, data transfer out)",
    "CloudWatch Logs ingestion and storage, Container Insights and custom metrics",
    "requests and API calls (SQS, Scheduler, Route 53 queries, WAF, KMS, Secrets Manager, SNS): shown per use",
    "storage (ECR images, S3, EFS, Fargate ephemeral storage beyond 20 GB)",
    "tasks above the autoscaling minimum (load, scheduled scaling, deployments), one-off and scheduled tasks",
    "free tiers and allowances, taxes, Savings Plans, Reserved Instances and Spot price movements",
];

export interface CostEstimate {
    currency: "USD";
    region: string;
    /** The day the region's prices were read; null without price data. */
    priceDate: string | null;
    /** USD a month, the sum of the lines; null without price data for the region. */
    monthly: number | null;
    lines: CostLine[];
    /** Set when the region has no price table: the estimate is not made rather than guessed. */
    unavailable?: string;
    leftOut: string[];
}

export interface EstimateOptions {
    /** Where `<region>.json` tables live; default: `tools/cost/prices`. */
    pricesDir?: string;
}

/** Prices every captured resource that an idle stack pays for. */
export function estimateCost(
    resources: CapturedResource[],
    region: string,
    options: EstimateOptions = {},
): CostEstimate {
    const prices = loadPriceTable(region, options.pricesDir ?? PRICES_DIR);
    if (!prices) {
        return {
            currency: "USD",
            region,
            priceDate: null,
            monthly: null,
            lines: [],
            unavailable: `no price data for ${region}`,
            leftOut: LEFT_OUT,
        };
    }
    const context = new PricingContext(prices, new ResourceGraph(resources));
    const lines = resources
        .filter(r => r.custom)
        .flatMap(r => PRICING_RULES[r.type]?.(r, context) ?? [])
        .filter(line => line.perUse || line.unpriced || line.monthly > 0);
    return {
        currency: "USD",
        region,
        priceDate: prices.priceDate,
        monthly: round(lines.reduce((sum, line) => sum + line.monthly, 0)),
        lines,
        leftOut: LEFT_OUT,
    };
}
