import { readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigError } from "./errors";

/** `ecs-platform:budget`: the environment's AWS Budget and the cost ceiling `npm run check` enforces. */
export const budgetSchema = z.strictObject({
    monthlyLimit: z
        .number()
        .positive()
        .max(1_000_000_000)
        .optional()
        .describe(
            "Monthly AWS Budget limit in USD for the spend tagged with this environment; unset = the recorded idle estimate × 1.5, rounded up to $10 (`infra/config/budget-defaults.json`, `npm run cost:record`).",
        ),
    ceiling: z
        .number()
        .positive()
        .optional()
        .describe(
            "Cost ceiling in USD a month: `npm run check` fails when the stack's idle estimate exceeds it (e.g. staging 150). Unset = no ceiling.",
        ),
    emails: z
        .array(z.email())
        .max(10)
        .optional()
        .describe("Addresses the budget alerts (at most 10); unset = `alarms.emails`."),
});

export type BudgetConfig = z.infer<typeof budgetSchema>;

/** Where `npm run cost:record` writes the default budget limit of each stack. */
export const BUDGET_DEFAULTS_FILE = path.join(__dirname, "budget-defaults.json");

/** The default limit from an idle estimate: 1.5 × the floor (room for traffic, logs, data), rounded up to $10. */
export function budgetFromEstimate(monthlyEstimate: number): number {
    return Math.max(10, Math.ceil((monthlyEstimate * 1.5) / 10) * 10);
}

/** The recorded default limits by stack name. */
export function recordedBudgetDefaults(file: string = BUDGET_DEFAULTS_FILE): Record<string, number> {
    const { limits } = JSON.parse(readFileSync(file, "utf8")) as { limits: Record<string, number> };
    return limits;
}

/** What the environment's budget needs, resolved from its config: its limit and whom it alerts. */
export interface ResolvedBudget {
    limitUsd: number;
    emails: string[];
}

/**
 * The budget's limit (configured, else the recorded default) and addresses (`budget.emails`, else `alarms.emails`).
 * Missing either is a config error, raised before any resource is registered.
 */
export function resolveBudget(
    config: { stack: string; stackFile: string; budget: BudgetConfig; alarms: { emails: string[] } },
    file: string = BUDGET_DEFAULTS_FILE,
): ResolvedBudget {
    const limitUsd = config.budget.monthlyLimit ?? recordedBudgetDefaults(file)[config.stack];
    const emails = config.budget.emails ?? config.alarms.emails;
    const problems = [];
    if (limitUsd === undefined) {
        problems.push({
            key: "ecs-platform:budget.monthlyLimit",
            message: `is unset and no default is recorded for stack ${config.stack}: set it, or run \`npm run cost:record\` to derive it from the stack's estimate`,
        });
    }
    if (emails.length === 0) {
        problems.push({
            key: "ecs-platform:budget.emails",
            message: "the budget needs at least one address to alert: set budget.emails or alarms.emails",
        });
    }
    if (limitUsd === undefined || problems.length > 0) {
        throw new ConfigError(config.stackFile, problems);
    }
    return { limitUsd, emails };
}
