import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, Tags, withFormerTypes } from "../shared";

/** A cost-allocation tag: the budget tracks the spend of resources carrying it. */
export interface TrackedTag {
    /** Tag key, e.g. `environment`. */
    key: string;
    /** Tag value, e.g. `prod`. */
    value: string;
}

export interface BudgetArgs {
    /** Monthly limit in USD (AWS Budgets takes at most two decimals). Required. */
    limitUsd: number;
    /**
     * The cost-allocation tag whose spend the budget tracks, e.g. `{ key: "environment", value: "prod" }`. The tag
     * must be activated as a cost allocation tag in the billing console (AWS only bills by activated tags).
     * Default: none (the whole account's spend).
     */
    trackedTag?: TrackedTag;
    /** Addresses emailed at each threshold (AWS Budgets allows 10 per notification). Default: none. */
    alertEmails?: string[];
    /**
     * SNS topics notified at each threshold. The topic's access policy must let `budgets.amazonaws.com` publish, and
     * a KMS-encrypted topic's key must let it use the key. Default: none.
     */
    alertTopicArns?: pulumi.Input<string>[];
    /** Alert when the month's forecast reaches this percentage of the limit. Default: 100. */
    forecastedPercent?: number;
    /** Alert when the month's actual spend reaches this percentage of the limit. Default: 80. */
    actualPercent?: number;
    /** Budget name (unique in the account). Default: the component name. */
    budgetName?: string;
    /** Tags on the budget. Default: none. */
    tags?: Tags;
}

/** The Budget defaults, written once: applied below, stated in the TSDoc (a spec checks they agree). */
export const BUDGET_DEFAULTS: Readonly<Required<Pick<BudgetArgs, "forecastedPercent" | "actualPercent">>> =
    Object.freeze({
        forecastedPercent: 100,
        actualPercent: 80,
    });

/** The one place Budget defaults are applied. */
function withDefaults(name: string, args: BudgetArgs) {
    return {
        ...args,
        alertEmails: args.alertEmails ?? [],
        alertTopicArns: args.alertTopicArns ?? [],
        forecastedPercent: args.forecastedPercent ?? BUDGET_DEFAULTS.forecastedPercent,
        actualPercent: args.actualPercent ?? BUDGET_DEFAULTS.actualPercent,
        budgetName: args.budgetName ?? name,
    };
}

/** AWS Budgets' limits on one notification's subscribers. */
const MAX_EMAILS = 10;
const MAX_TOPICS = 1;

/**
 * A monthly AWS cost budget for one environment: it tracks the spend carrying the environment's cost-allocation tag
 * and alerts (email and/or SNS) when the forecast reaches 100 % of the limit and when actual spend reaches 80 %.
 * Budgets without actions cost nothing.
 */
export class Budget extends pulumi.ComponentResource {
    /** The budget's name. */
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: BudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("Budget"), name, {}, withFormerTypes(opts, "ecs-platform:budget:Budget"));
        const settings = withDefaults(name, args);
        validate(name, settings);

        const subscribers = {
            subscriberEmailAddresses: settings.alertEmails.length > 0 ? settings.alertEmails : undefined,
            subscriberSnsTopicArns: settings.alertTopicArns.length > 0 ? settings.alertTopicArns : undefined,
        };
        const budget = new aws.budgets.Budget(
            name,
            {
                name: settings.budgetName,
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: settings.limitUsd.toFixed(2),
                limitUnit: "USD",
                costFilters: settings.trackedTag
                    ? [
                          {
                              name: "TagKeyValue",
                              values: [`user:${settings.trackedTag.key}$${settings.trackedTag.value}`],
                          },
                      ]
                    : undefined,
                notifications: [
                    {
                        notificationType: "FORECASTED",
                        comparisonOperator: "GREATER_THAN",
                        threshold: settings.forecastedPercent,
                        thresholdType: "PERCENTAGE",
                        ...subscribers,
                    },
                    {
                        notificationType: "ACTUAL",
                        comparisonOperator: "GREATER_THAN",
                        threshold: settings.actualPercent,
                        thresholdType: "PERCENTAGE",
                        ...subscribers,
                    },
                ],
                tags: mergeTags(settings.tags),
            },
            { parent: this },
        );

        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}

function validate(name: string, settings: ReturnType<typeof withDefaults>): void {
    const problems = new ArgumentProblems();
    if (!Number.isFinite(settings.limitUsd) || settings.limitUsd <= 0) {
        problems.add("limitUsd", `must be a positive amount of USD, got ${settings.limitUsd}`);
    }
    for (const key of ["forecastedPercent", "actualPercent"] as const) {
        const value = settings[key];
        if (!Number.isFinite(value) || value <= 0 || value > 1000) {
            problems.add(key, `must be a percentage above 0 and at most 1000, got ${value}`);
        }
    }
    if (settings.alertEmails.length === 0 && settings.alertTopicArns.length === 0) {
        problems.add("alertEmails", "a budget needs someone to alert: give alertEmails or alertTopicArns");
    }
    if (settings.alertEmails.length > MAX_EMAILS) {
        problems.add("alertEmails", `AWS Budgets allows at most ${MAX_EMAILS} addresses per notification`);
    }
    if (settings.alertTopicArns.length > MAX_TOPICS) {
        problems.add("alertTopicArns", `AWS Budgets allows at most ${MAX_TOPICS} SNS topic per notification`);
    }
    if (!/^[^:\\]{1,100}$/.test(settings.budgetName)) {
        problems.add("budgetName", "must be 1–100 characters without ':' or '\\'");
    }
    problems.throwIfAny("Budget", name);
}
