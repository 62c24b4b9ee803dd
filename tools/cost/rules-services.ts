/** Pricing rules of managed services billed per item and month, and of the usage-priced workload kinds. */
import { PricingRule } from "./model";

const kmsKey: PricingRule = (r, c) => [c.monthlyItem(r, "KMS customer managed key", "kmsKeyMonth", "key-months")];

const secret: PricingRule = (r, c) => [
    c.monthlyItem(r, "Secrets Manager secret", "secretsManagerSecretMonth", "secret-months"),
];

/** Standard parameters are free; advanced ones are billed monthly. */
const parameter: PricingRule = (r, c) =>
    r.inputs.tier === "Advanced"
        ? [c.monthlyItem(r, "SSM advanced parameter", "ssmAdvancedParameterMonth", "parameter-months")]
        : [];

/** An alarm is billed per metric it evaluates (metric math: each metric query), at its resolution's price. */
const metricAlarm: PricingRule = (r, c) => {
    const queries = Array.isArray(r.inputs.metricQueries) ? r.inputs.metricQueries : [];
    const metrics = Math.max(1, queries.filter((q: { metric?: unknown }) => q.metric !== undefined).length);
    const highResolution = [r.inputs.period, ...queries.map((q: any) => q.metric?.period)].some(
        p => typeof p === "number" && p < 60,
    );
    return [
        highResolution
            ? c.monthlyItem(
                  r,
                  "CloudWatch high-resolution alarm",
                  "cloudwatchHighResolutionAlarmMonth",
                  "alarm metric-months",
                  metrics,
              )
            : c.monthlyItem(r, "CloudWatch alarm", "cloudwatchAlarmMonth", "alarm metric-months", metrics),
    ];
};

const compositeAlarm: PricingRule = (r, c) => [
    c.monthlyItem(r, "CloudWatch composite alarm", "cloudwatchCompositeAlarmMonth", "alarm-months"),
];

const dashboard: PricingRule = (r, c) => [
    c.monthlyItem(r, "CloudWatch dashboard", "cloudwatchDashboardMonth", "dashboard-months"),
];

/** A web ACL and each of its rules (a managed rule group counts as one rule). */
const webAcl: PricingRule = (r, c) => {
    const rules = Array.isArray(r.inputs.rules) ? r.inputs.rules.length : 0;
    return [
        c.monthlyItem(r, "WAF web ACL", "wafWebAclMonth", "ACL-months"),
        c.monthlyItem(r, `WAF rules (${rules})`, "wafRuleMonth", "rule-months", rules),
    ];
};

/** Queues cost nothing idle: requests are paid per use. */
const queue: PricingRule = (r, c) =>
    r.inputs.fifoQueue === true
        ? [c.perUse(r, "SQS FIFO requests (per use)", "sqsFifoRequestsMillion", "million requests")]
        : [c.perUse(r, "SQS requests (per use)", "sqsStandardRequestsMillion", "million requests")];

/** Schedules cost nothing idle: invocations are paid per use (the tasks they start are not in the estimate). */
const schedule: PricingRule = (r, c) => [
    c.perUse(r, "EventBridge Scheduler invocations (per use)", "schedulerInvocationsMillion", "million invocations"),
];

export const serviceRules: Record<string, PricingRule> = {
    "aws:kms/key:Key": kmsKey,
    "aws:kms/replicaKey:ReplicaKey": kmsKey,
    "aws:secretsmanager/secret:Secret": secret,
    "aws:ssm/parameter:Parameter": parameter,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": compositeAlarm,
    "aws:cloudwatch/dashboard:Dashboard": dashboard,
    "aws:wafv2/webAcl:WebAcl": webAcl,
    "aws:sqs/queue:Queue": queue,
    "aws:scheduler/schedule:Schedule": schedule,
};
