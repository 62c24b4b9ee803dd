/** A stack that runs containers has an AWS cost budget that alerts someone before the month's spend is over. */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, resourcesOfType, types, validateStackOfTypes } from "../lib";
import type { PlatformStackPolicy } from "../lib";

type BudgetProps = Unwrap<aws.budgets.BudgetArgs>;
type Notification = NonNullable<BudgetProps["notifications"]>[number];

const budgetType = awsType("budgets", "budget");

function alerts(notification: Notification): boolean {
    return (
        (notification.subscriberEmailAddresses ?? []).length > 0 ||
        (notification.subscriberSnsTopicArns ?? []).length > 0
    );
}

/** What a budget lacks to warn in time, as phrases; empty when it is complete. */
export function budgetGaps(budget: BudgetProps): string[] {
    const gaps: string[] = [];
    if (budget.budgetType !== "COST") {
        gaps.push(`budgetType is ${budget.budgetType}, not COST`);
    }
    if (budget.timeUnit !== "MONTHLY") {
        gaps.push(`timeUnit is ${budget.timeUnit}, not MONTHLY`);
    }
    const notifications = (budget.notifications ?? []).filter(alerts);
    for (const kind of ["FORECASTED", "ACTUAL"]) {
        if (!notifications.some(n => n.notificationType === kind && n.comparisonOperator === "GREATER_THAN")) {
            gaps.push(`no ${kind} notification with a subscriber`);
        }
    }
    return gaps;
}

export const budgetAlerts: PlatformStackPolicy = {
    name: "budget-alerts",
    description:
        "Checks that a stack running ECS has a monthly AWS cost budget that alerts a subscriber on forecast and actual spend.",
    severity: "medium",
    remediationSteps:
        "Add an aws.budgets.Budget (budgetType COST, timeUnit MONTHLY, a limitAmount) with a FORECASTED and an ACTUAL GREATER_THAN notification, each with subscriberEmailAddresses or subscriberSnsTopicArns; the platform's Budget component (components/budget) does this at forecast 100 % and actual 80 %.",
    enforcementLevel: "advisory",
    tags: ["family:cost"],
    validateStack: validateStackOfTypes(types.ecsCluster, (_clusters, args, reportViolation) => {
        const budgets = resourcesOfType(args.resources, [budgetType]);
        if (budgets.length === 0) {
            reportViolation(
                "The stack runs an ECS cluster but has no AWS cost budget: nobody hears of a cost overrun.",
            );
            return;
        }
        const complete = budgets.filter(b => budgetGaps(b.props as BudgetProps).length === 0);
        if (complete.length === 0) {
            for (const b of budgets) {
                reportViolation(`Budget ${b.name}: ${budgetGaps(b.props as BudgetProps).join("; ")}.`, b.urn);
            }
        }
    }),
};
