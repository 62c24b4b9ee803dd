import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, mergeTags } from "../shared";
import { createEncryptedQueue, DEAD_LETTER_RETENTION_SECONDS } from "./queues";
import { createQueueScaling } from "./queue-scaling";
import { ServiceBase, ServiceBaseArgs } from "./service-base";

/** The worker's queue and how the service scales on it. */
export interface WorkerQueueArgs {
    /** KMS key encrypting the queue and its dead-letter queue (the platform key). Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Seconds a received message stays hidden; longer than the slowest message takes. Default: 60. */
    visibilityTimeoutSeconds?: number;
    /** Receives before a message moves to the dead-letter queue. Default: 5. */
    maxReceiveCount?: number;
    /** Seconds SQS keeps a message. Default: 4 days. */
    retentionSeconds?: number;
    /** Visible messages one task works through: the scaler adds tasks as the backlog grows past it. Default: 10. */
    messagesPerTask?: number;
    /** Fewest tasks (0 lets an idle worker scale to zero). Default: 1. */
    minCapacity?: number;
    /** Most tasks; 0 (with `minCapacity` 0) holds the worker at zero tasks. Default: 4. */
    maxCapacity?: number;
    /** Subscribe the queue to this SNS topic with raw delivery. Default: none. */
    topicArn?: pulumi.Input<string>;
}

/** A worker: {@link ServiceBaseArgs} with no port and no load balancer, consuming its own queue. */
export interface WorkerServiceArgs extends Omit<ServiceBaseArgs, "autoscaling" | "desiredCount"> {
    /** The queue and its scaling. Required. */
    queue: WorkerQueueArgs;
}

/** The one place the worker's queue defaults are applied. */
function queueDefaults(queue: WorkerQueueArgs) {
    return {
        ...queue,
        visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds ?? 60,
        maxReceiveCount: queue.maxReceiveCount ?? 5,
        retentionSeconds: queue.retentionSeconds ?? 4 * 24 * 3600,
        messagesPerTask: queue.messagesPerTask ?? 10,
        minCapacity: queue.minCapacity ?? 1,
        maxCapacity: queue.maxCapacity ?? 4,
    };
}

/**
 * The worker kind: a {@link ServiceBase} consuming an SQS queue the component creates (KMS-encrypted, TLS only,
 * with a dead-letter queue after `maxReceiveCount` receives). The app gets `QUEUE_URL`; its task role may receive,
 * delete and extend the visibility of messages on exactly that queue. The service scales in steps on the queue's
 * depth between `minCapacity` and `maxCapacity`: the scaler, not the program, owns the task count.
 */
export class WorkerService extends ServiceBase {
    /** URL of the work queue (the app's `QUEUE_URL`). */
    public readonly queueUrl: pulumi.Output<string>;
    /** Name of the work queue (`ApproximateNumberOfMessagesVisible` alarms). */
    public readonly queueName: pulumi.Output<string>;
    /** Name of the dead-letter queue. */
    public readonly deadLetterQueueName: pulumi.Output<string>;

    constructor(name: string, args: WorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const queue = queueDefaults(args.queue);
        const queueName = `${args.environment}-${args.serviceName}`;
        let queues: { work: aws.sqs.Queue; deadLetter: aws.sqs.Queue } | undefined;
        super(
            "ecs-platform:ecs:WorkerService",
            name,
            { ...args, desiredCount: queue.minCapacity },
            workerProblems(queue),
            parent => {
                const tags = mergeTags(args.tags);
                const deadLetter = createEncryptedQueue(`${name}-dlq`, parent, {
                    queueName: `${queueName}-dlq`,
                    kmsKeyArn: queue.kmsKeyArn,
                    retentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
                    tags,
                });
                const topicArn = queue.topicArn;
                const work = createEncryptedQueue(`${name}-queue`, parent, {
                    queueName,
                    kmsKeyArn: queue.kmsKeyArn,
                    retentionSeconds: queue.retentionSeconds,
                    visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
                    deadLetter: { queueArn: deadLetter.arn, maxReceiveCount: queue.maxReceiveCount },
                    policyStatements: queueArn =>
                        topicArn === undefined
                            ? []
                            : [
                                  {
                                      Sid: "TopicDelivers",
                                      Effect: "Allow",
                                      Principal: { Service: "sns.amazonaws.com" },
                                      Action: "sqs:SendMessage",
                                      Resource: queueArn,
                                      Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
                                  },
                              ],
                    tags,
                });
                if (topicArn !== undefined) {
                    new aws.sns.TopicSubscription(
                        `${name}-subscription`,
                        { topic: topicArn, protocol: "sqs", endpoint: work.arn, rawMessageDelivery: true },
                        { parent },
                    );
                }
                queues = { work, deadLetter };
                return {
                    environmentVariables: { QUEUE_URL: work.url },
                    taskRolePolicyStatements: [
                        {
                            Sid: "ConsumeWorkQueue",
                            Effect: "Allow",
                            Action: [
                                "sqs:ReceiveMessage",
                                "sqs:DeleteMessage",
                                "sqs:ChangeMessageVisibility",
                                "sqs:GetQueueAttributes",
                            ],
                            Resource: work.arn,
                        },
                        // SSE-KMS: reading a message decrypts its data key.
                        {
                            Sid: "DecryptWorkQueue",
                            Effect: "Allow",
                            Action: ["kms:Decrypt"],
                            Resource: queue.kmsKeyArn,
                        },
                    ],
                    ignoreChanges: ["desiredCount"],
                    afterService: service => {
                        createQueueScaling(name, parent, {
                            clusterName: args.clusterName,
                            serviceName: service.name,
                            queueName: work.name,
                            minCapacity: queue.minCapacity,
                            maxCapacity: queue.maxCapacity,
                            messagesPerTask: queue.messagesPerTask,
                            tags,
                        });
                        return { queueUrl: work.url, deadLetterQueueName: deadLetter.name };
                    },
                };
            },
            opts,
        );
        this.queueUrl = queues!.work.url;
        this.queueName = queues!.work.name;
        this.deadLetterQueueName = queues!.deadLetter.name;
    }
}

/** The worker's own rules: SQS's limits and sane scaling bounds. */
export function workerProblems(queue: ReturnType<typeof queueDefaults>): ArgumentProblems {
    const problems = new ArgumentProblems();
    const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
    if (!within(queue.visibilityTimeoutSeconds, 0, 43200)) {
        problems.add("queue.visibilityTimeoutSeconds", `must be 0–43200 s, got ${queue.visibilityTimeoutSeconds}.`);
    }
    if (!within(queue.maxReceiveCount, 1, 1000)) {
        problems.add("queue.maxReceiveCount", `must be 1–1000, got ${queue.maxReceiveCount}.`);
    }
    if (!within(queue.retentionSeconds, 60, 1209600)) {
        problems.add("queue.retentionSeconds", `must be 60–1209600 s (14 days), got ${queue.retentionSeconds}.`);
    }
    if (!within(queue.messagesPerTask, 1, 1_000_000)) {
        problems.add("queue.messagesPerTask", `must be a whole number ≥ 1, got ${queue.messagesPerTask}.`);
    }
    // 0..0 holds a worker at zero tasks (e.g. while its image does not exist yet).
    if (
        !within(queue.minCapacity, 0, 1000) ||
        !within(queue.maxCapacity, queue.minCapacity === 0 ? 0 : 1, 1000) ||
        queue.minCapacity > queue.maxCapacity
    ) {
        problems.add(
            "queue.minCapacity",
            `needs whole numbers 0 ≤ minCapacity ≤ maxCapacity, maxCapacity ≥ 1 unless both are 0; got ${queue.minCapacity}/${queue.maxCapacity}.`,
        );
    }
    return problems;
}
