import * as assert from "assert";
import { Budget } from "../../../components/budget";
import { ofType, runProgram } from "../../../testing/harness";

describe("budget/Budget", () => {
    it("creates a monthly cost budget on the environment's tag, alerting at forecast 100 % and actual 80 %", async () => {
        const { resources } = await runProgram(
            () =>
                new Budget("prod-budget", {
                    budgetName: "ecs-platform-prod",
                    limitUsd: 640,
                    trackedTag: { key: "environment", value: "prod" },
                    alertEmails: ["oncall@example.com"],
                    tags: { environment: "prod", owner: "platform-team", "cost-centre": "cc-1" },
                }),
            { stack: "test" },
        );
        const [budget] = ofType(resources, "aws:budgets/budget:Budget");
        assert.strictEqual(budget.inputs.name, "ecs-platform-prod");
        assert.deepStrictEqual(
            [budget.inputs.budgetType, budget.inputs.timeUnit, budget.inputs.limitAmount, budget.inputs.limitUnit],
            ["COST", "MONTHLY", "640.00", "USD"],
        );
        assert.deepStrictEqual(budget.inputs.costFilters, [{ name: "TagKeyValue", values: ["user:environment$prod"] }]);
        assert.deepStrictEqual(
            budget.inputs.notifications.map((n: any) => [n.notificationType, n.threshold, n.subscriberEmailAddresses]),
            [
                ["FORECASTED", 100, ["oncall@example.com"]],
                ["ACTUAL", 80, ["oncall@example.com"]],
            ],
        );
        assert.ok(budget.inputs.notifications.every((n: any) => n.comparisonOperator === "GREATER_THAN"));
        assert.deepStrictEqual(budget.inputs.tags, {
            environment: "prod",
            owner: "platform-team",
            "cost-centre": "cc-1",
        });
    });

    it("notifies an SNS topic instead of email", async () => {
        const topic = "arn:aws:sns:eu-west-1:123456789012:alarms";
        const { resources } = await runProgram(() => new Budget("b", { limitUsd: 10, alertTopicArns: [topic] }), {
            stack: "test",
        });
        const [budget] = ofType(resources, "aws:budgets/budget:Budget");
        assert.ok(budget.inputs.notifications.every((n: any) => n.subscriberSnsTopicArns[0] === topic));
        assert.strictEqual(budget.inputs.costFilters, undefined, "no tag: the account's spend");
    });

    it("rejects a budget nobody hears of, a non-positive limit and bad thresholds, all at once", async () => {
        await assert.rejects(
            runProgram(() => new Budget("b", { limitUsd: 0, actualPercent: -1 }), { stack: "test" }),
            (err: Error) =>
                err.name === "ComponentArgumentError" &&
                /limitUsd/.test(err.message) &&
                /actualPercent/.test(err.message) &&
                /alertEmails: a budget needs someone to alert/.test(err.message),
        );
    });
});
