/** The cost part of `npm run check`: the estimate of a previewed stack and its ceiling from the stack config. */
import { parseStackConfig } from "../../infra/config/load";
import { readStackFile } from "../../testing/stack-file";
import type { StackPreview } from "../preview";
import { CostEstimate, estimateCost } from "./estimate";
import { formatCost, usd } from "./format";

export interface CeilingCheck {
    /** `ecs-platform:budget.ceiling`, USD a month. */
    ceiling: number;
    /** True when the estimate is above the ceiling, or cannot be made for the region. */
    exceeded: boolean;
    message: string;
}

export interface CostReport {
    /** The `cost` member of `npm run check -- --json`. */
    cost: CostEstimate & { ceiling: CeilingCheck | null };
    /** The text section of `npm run check`. */
    text: string[];
    /** Whether the check must fail on cost. */
    failed: boolean;
}

/**
 * Estimates a previewed stack in its region and checks the estimate against the stack's ceiling, both from the
 * configuration the program ran with; or, with `dir`, from the stack file of that name in another directory (a
 * variant of the previewed stack's file).
 */
export function costReport(preview: StackPreview, options: { dir?: string; pricesDir?: string } = {}): CostReport {
    const config = options.dir === undefined ? preview.config : configIn(preview.stack, options.dir);
    const estimate = estimateCost(preview.resources, config.region, { pricesDir: options.pricesDir });
    const ceiling = config.budget.ceiling === undefined ? null : checkCeiling(estimate, config.budget.ceiling);
    const text = formatCost(estimate, preview.resources);
    if (ceiling) {
        text.push(`    ${ceiling.exceeded ? "FAILED" : "ok"}: ${ceiling.message}`);
    }
    return { cost: { ...estimate, ceiling }, text, failed: ceiling?.exceeded ?? false };
}

function configIn(stack: string, dir: string) {
    const stackFile = readStackFile(stack, { dir });
    return parseStackConfig({ stack, values: stackFile.values, secretKeys: stackFile.secretKeys });
}

function checkCeiling(estimate: CostEstimate, ceiling: number): CeilingCheck {
    const key = "ecs-platform:budget.ceiling";
    if (estimate.monthly === null) {
        return {
            ceiling,
            exceeded: true,
            message: `${key} is ${usd(ceiling)} but the estimate cannot be made (${estimate.unavailable}): add the region's price table or remove the ceiling.`,
        };
    }
    return estimate.monthly > ceiling
        ? {
              ceiling,
              exceeded: true,
              message: `the estimate ${usd(estimate.monthly)}/month exceeds ${key} ${usd(ceiling)}: make the stack cheaper (e.g. natGateways: single, fewer interface endpoints, smaller minimum counts) or raise the ceiling.`,
          }
        : {
              ceiling,
              exceeded: false,
              message: `the estimate ${usd(estimate.monthly)}/month is within ${key} ${usd(ceiling)}.`,
          };
}
