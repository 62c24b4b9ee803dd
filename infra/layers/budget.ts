import { Budget } from "../../components/budget";
import type { Tags } from "../../components/shared";
import type { ResolvedBudget } from "../config/budget";
import type { StackConfig } from "../config/resolve";

/** The environment's AWS Budget: the spend tagged `environment=<env>`, alerting at forecast 100 % and actual 80 %. */
export function environmentBudget(config: StackConfig, budget: ResolvedBudget, tags: Tags): Budget {
    const env = config.environment;
    return new Budget(`${env}-budget`, {
        budgetName: `ecs-platform-${env}`,
        limitUsd: budget.limitUsd,
        trackedTag: { key: "environment", value: env },
        alertEmails: budget.emails,
        tags,
    });
}
