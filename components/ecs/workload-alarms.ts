import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";

/** A worker's queues to watch. */
export interface MonitoredQueue {
    /** The work queue (`QueueName` dimension). Required. */
    queueName: pulumi.Input<string>;
    /** Its dead-letter queue. Required. */
    deadLetterQueueName: pulumi.Input<string>;
    /** Age of the oldest message, in seconds, that alarms (the workers are not keeping up). Default: 900. */
    oldestMessageAgeSeconds?: number;
}

/** A scheduled job to watch. */
export interface MonitoredJob {
    /** The EventBridge rule matching the job's failed runs (`RuleName` dimension). Required. */
    failureRuleName: pulumi.Input<string>;
    /** The schedule's dead-letter queue: runs Scheduler could not start. Required. */
    deadLetterQueueName: pulumi.Input<string>;
}

const PERIOD = 60;

function sqsAlarm(queueName: pulumi.Input<string>, metricName: string, statistic: string) {
    return { namespace: "AWS/SQS", metricName, dimensions: { QueueName: queueName }, statistic, period: PERIOD };
}

/**
 * Oldest message too old (workers behind or stuck) and any message in the dead-letter queue. The DLQ alarm is also
 * returned alone: it is the worker's deployment verdict.
 */
export function createQueueAlarms(
    parent: pulumi.Resource,
    name: string,
    key: string,
    queue: Required<MonitoredQueue>,
    topicArn: pulumi.Output<string>,
    tags: Tags,
): { alarms: aws.cloudwatch.MetricAlarm[]; deadLetter: aws.cloudwatch.MetricAlarm } {
    const notify = { alarmActions: [topicArn], okActions: [topicArn], tags };
    const maxAge = queue.oldestMessageAgeSeconds;
    const age = new aws.cloudwatch.MetricAlarm(
        `${name}-${key}-queue-age`,
        {
            ...notify,
            alarmDescription: `${key}: the oldest message has waited over ${maxAge} s for 5 minutes (workers behind, stuck, or at maxCount)`,
            ...sqsAlarm(queue.queueName, "ApproximateAgeOfOldestMessage", "Maximum"),
            evaluationPeriods: 5,
            datapointsToAlarm: 5,
            comparisonOperator: "GreaterThanThreshold",
            threshold: maxAge,
            treatMissingData: "notBreaching",
        },
        { parent },
    );
    const deadLetter = deadLetterAlarm(
        parent,
        `${name}-${key}-dlq-depth`,
        key,
        queue.deadLetterQueueName,
        notify,
        "messages failed maxReceiveCount times",
    );
    return { alarms: [age, deadLetter], deadLetter };
}

/** Failed runs (non-zero exit) and runs Scheduler gave up starting. */
export function createJobAlarms(
    parent: pulumi.Resource,
    name: string,
    key: string,
    job: MonitoredJob,
    topicArn: pulumi.Output<string>,
    tags: Tags,
): aws.cloudwatch.MetricAlarm[] {
    const notify = { alarmActions: [topicArn], okActions: [topicArn], tags };
    return [
        new aws.cloudwatch.MetricAlarm(
            `${name}-${key}-job-failed`,
            {
                ...notify,
                alarmDescription: `${key}: a run stopped with a non-zero exit code (see the job's logs)`,
                namespace: "AWS/Events",
                metricName: "MatchedEvents",
                dimensions: { RuleName: job.failureRuleName },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 1,
                treatMissingData: "notBreaching",
            },
            { parent },
        ),
        deadLetterAlarm(
            parent,
            `${name}-${key}-schedule-dlq-depth`,
            key,
            job.deadLetterQueueName,
            notify,
            "runs Scheduler could not start",
        ),
    ];
}

function deadLetterAlarm(
    parent: pulumi.Resource,
    alarmName: string,
    key: string,
    queueName: pulumi.Input<string>,
    notify: { alarmActions: pulumi.Input<string>[]; okActions: pulumi.Input<string>[]; tags: Tags },
    what: string,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
            ...notify,
            alarmDescription: `${key}: the dead-letter queue holds ${what}; inspect and redrive them`,
            ...sqsAlarm(queueName, "ApproximateNumberOfMessagesVisible", "Maximum"),
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            treatMissingData: "notBreaching",
        },
        { parent },
    );
}

type Resolved<T> = { [K in keyof T]: pulumi.Unwrap<T[K]> };

/** Queue depth, age of the oldest message and dead-letter depth of a worker. */
export function queueWidgets(
    key: string,
    queue: Resolved<MonitoredQueue>,
    region: string,
    y: number,
    width: number,
    height: number,
): object[] {
    const sqs = (metric: string, queueName: string) => ["AWS/SQS", metric, "QueueName", queueName];
    const graph = (column: number, title: string, metrics: unknown[][], stat: string) => ({
        type: "metric",
        x: column * width,
        y,
        width,
        height,
        properties: { title: `${key}: ${title}`, region, view: "timeSeries", stat, period: PERIOD, metrics },
    });
    return [
        graph(
            0,
            "queue depth",
            [
                sqs("ApproximateNumberOfMessagesVisible", queue.queueName),
                sqs("ApproximateNumberOfMessagesNotVisible", queue.queueName),
            ],
            "Maximum",
        ),
        graph(1, "age of oldest message (s)", [sqs("ApproximateAgeOfOldestMessage", queue.queueName)], "Maximum"),
        graph(
            2,
            "dead-letter messages",
            [sqs("ApproximateNumberOfMessagesVisible", queue.deadLetterQueueName)],
            "Maximum",
        ),
    ];
}

/** Failed runs and undeliverable runs of a scheduled job. */
export function jobWidgets(
    key: string,
    job: Resolved<MonitoredJob>,
    region: string,
    y: number,
    width: number,
    height: number,
): object[] {
    const graph = (column: number, title: string, metrics: unknown[][], stat: string) => ({
        type: "metric",
        x: column * width,
        y,
        width,
        height,
        properties: { title: `${key}: ${title}`, region, view: "timeSeries", stat, period: 300, metrics },
    });
    return [
        graph(0, "failed runs", [["AWS/Events", "MatchedEvents", "RuleName", job.failureRuleName]], "Sum"),
        graph(
            1,
            "runs not started (dead letters)",
            [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", job.deadLetterQueueName]],
            "Maximum",
        ),
    ];
}
