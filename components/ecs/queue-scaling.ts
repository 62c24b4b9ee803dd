import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";

/** What a worker's scaling on its queue attaches to. */
export interface QueueScalingSettings {
    clusterName: pulumi.Input<string>;
    /** The ECS service's name, as its output, so the target waits for the service. */
    serviceName: pulumi.Input<string>;
    /** The work queue's name (`QueueName` dimension). */
    queueName: pulumi.Input<string>;
    minCapacity: number;
    maxCapacity: number;
    /** Visible messages per task before another task is added. */
    messagesPerTask: number;
    tags: Tags;
}

/**
 * Step scaling on the queue's depth, which also works from zero tasks (target tracking on backlog per task has
 * nothing to divide by at zero): one alarm adds tasks while messages wait — one more below `messagesPerTask`,
 * two more up to five times that, five beyond — and another returns to `minCapacity` once the queue has been empty,
 * in flight included, for 15 minutes. Scale-in never interrupts a message: ECS stops idle tasks only then.
 */
export function createQueueScaling(name: string, parent: pulumi.Resource, settings: QueueScalingSettings): void {
    const target = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${settings.clusterName}/${settings.serviceName}`,
            minCapacity: settings.minCapacity,
            maxCapacity: settings.maxCapacity,
            tags: settings.tags,
        },
        { parent },
    );
    const onTarget = {
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        policyType: "StepScaling",
    };
    const perTask = settings.messagesPerTask;
    const scaleOut = new aws.appautoscaling.Policy(
        `${name}-scaling-queue-out`,
        {
            name: `${name}-queue-out`,
            ...onTarget,
            stepScalingPolicyConfiguration: {
                adjustmentType: "ChangeInCapacity",
                cooldown: 60,
                metricAggregationType: "Maximum",
                // Bounds are relative to the alarm's threshold of 1 visible message.
                stepAdjustments: [
                    { metricIntervalLowerBound: "0", metricIntervalUpperBound: String(perTask), scalingAdjustment: 1 },
                    {
                        metricIntervalLowerBound: String(perTask),
                        metricIntervalUpperBound: String(5 * perTask),
                        scalingAdjustment: 2,
                    },
                    { metricIntervalLowerBound: String(5 * perTask), scalingAdjustment: 5 },
                ],
            },
        },
        { parent },
    );
    // Application Auto Scaling rejects concurrent writes to one scalable target: one policy after the other.
    const scaleIn = new aws.appautoscaling.Policy(
        `${name}-scaling-queue-in`,
        {
            name: `${name}-queue-in`,
            ...onTarget,
            stepScalingPolicyConfiguration: {
                adjustmentType: "ExactCapacity",
                cooldown: 300,
                metricAggregationType: "Maximum",
                stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: settings.minCapacity }],
            },
        },
        { parent, dependsOn: [scaleOut] },
    );

    const queueMetric = (id: string, metricName: string) => ({
        id,
        metric: {
            namespace: "AWS/SQS",
            metricName,
            dimensions: { QueueName: settings.queueName },
            period: 60,
            stat: "Maximum",
        },
    });
    new aws.cloudwatch.MetricAlarm(
        `${name}-scaling-queue-backlog`,
        {
            alarmDescription: "Messages wait in the work queue: add tasks (scaling, not a page)",
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: settings.queueName },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [scaleOut.arn],
            tags: settings.tags,
        },
        { parent },
    );
    new aws.cloudwatch.MetricAlarm(
        `${name}-scaling-queue-empty`,
        {
            alarmDescription: "The work queue has been empty, in flight included: back to the minimum (scaling)",
            metricQueries: [
                queueMetric("visible", "ApproximateNumberOfMessagesVisible"),
                queueMetric("inflight", "ApproximateNumberOfMessagesNotVisible"),
                { id: "backlog", expression: "visible + inflight", returnData: true, label: "Messages in the queue" },
            ],
            evaluationPeriods: 15,
            threshold: 0,
            comparisonOperator: "LessThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [scaleIn.arn],
            tags: settings.tags,
        },
        { parent },
    );
}
