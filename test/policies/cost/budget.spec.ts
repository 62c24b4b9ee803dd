import { expectCompliant, expectNotApplicable, expectViolation, fakeResource } from "../helpers";

const cluster = fakeResource("aws:ecs/cluster:Cluster", "cluster", { name: "prod" });
const notification = (notificationType: string, threshold: number) => ({
    notificationType,
    comparisonOperator: "GREATER_THAN",
    threshold,
    thresholdType: "PERCENTAGE",
    subscriberEmailAddresses: ["platform-oncall@example.com"],
});
const budget = fakeResource("aws:budgets/budget:Budget", "budget", {
    budgetType: "COST",
    timeUnit: "MONTHLY",
    limitAmount: "640.00",
    limitUnit: "USD",
    notifications: [notification("FORECASTED", 100), notification("ACTUAL", 80)],
});

describe("policies/cost/budget", () => {
    describe("budget-alerts", () => {
        it("passes a monthly cost budget alerting on forecast and actual spend", async () => {
            await expectCompliant("budget-alerts", [cluster, budget]);
        });

        it("flags a stack with an ECS cluster and no budget", async () => {
            await expectViolation("budget-alerts", [cluster], { message: "has no AWS cost budget" });
        });

        it("flags a budget without a forecast alert or without subscribers", async () => {
            const actualOnly = { ...budget, props: { ...budget.props, notifications: [notification("ACTUAL", 80)] } };
            await expectViolation("budget-alerts", [cluster, actualOnly], {
                message: "no FORECASTED notification with a subscriber",
            });
            const silent = {
                ...budget,
                props: {
                    ...budget.props,
                    notifications: [
                        { ...notification("FORECASTED", 100), subscriberEmailAddresses: [] },
                        notification("ACTUAL", 80),
                    ],
                },
            };
            await expectViolation("budget-alerts", [cluster, silent], { message: "no FORECASTED notification" });
        });

        it("flags a usage or daily budget", async () => {
            const usage = { ...budget, props: { ...budget.props, budgetType: "USAGE", timeUnit: "DAILY" } };
            await expectViolation("budget-alerts", [cluster, usage], { message: "budgetType is USAGE, not COST" });
        });

        it("does not apply to a stack without ECS", async () => {
            await expectNotApplicable("budget-alerts", [budget]);
        });
    });
});
