import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, formerUrn, mergeTags, withFormerTypes } from "../shared";
import { createEncryptedQueue, DEAD_LETTER_RETENTION_SECONDS } from "./queues";
import { createQueueScaling } from "./queue-scaling";
import { buildService, ServiceConnectArgs, ServiceCoreArgs, ServiceOutputs, serviceSettings } from "./service-base";

/** The worker's queue and how the service scales on it. */
export interface WorkerQueueArgs {
    /** KMS key encrypting the queue and its dead-letter queue (the platform key). Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Seconds a received message stays hidden; longer than the slowest message takes. Default: 60. */
    visibilityTimeoutSeconds?: number;
    /** Receives before a message moves to the dead-letter queue. Default: 5. */
    maxReceiveCount?: number;
    /** Seconds SQS keeps a message (60–1209600). Default: 345600 (4 days). */
    retentionSeconds?: number;
    /** Visible messages one task works through: the scaler adds tasks as the backlog grows past it. Default: 10. */
    messagesPerTask?: number;
    /** Fewest tasks (0 lets an idle worker scale to zero). Default: 1. */
    minCount?: number;
    /** Most tasks; 0 (with `minCount` 0) holds the worker at zero tasks. Default: 4. */
    maxCount?: number;
    /** Subscribe the queue to this SNS topic with raw delivery. Default: none. */
    topicArn?: pulumi.Input<string>;
}

/** A worker: a service with no port and no load balancer, consuming its own queue, which sets its task count. */
export interface WorkerServiceArgs extends ServiceCoreArgs {
    /** Join ECS Service Connect as a client (to call other services). Default: none. */
    serviceConnect?: ServiceConnectArgs;
    /** The queue and its scaling. Required. */
    queue: WorkerQueueArgs;
}

/** The one place the worker's queue defaults are applied. */
export function queueDefaults(queue: WorkerQueueArgs) {
    return {
        ...queue,
        visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds ?? 60,
        maxReceiveCount: queue.maxReceiveCount ?? 5,
        retentionSeconds: queue.retentionSeconds ?? 4 * 24 * 3600,
        messagesPerTask: queue.messagesPerTask ?? 10,
        minCount: queue.minCount ?? 1,
        maxCount: queue.maxCount ?? 4,
    };
}

/** The token before the package (`ecs-platform:index`): stacks created then keep their URNs through aliases. */
const FORMER_TYPE = "ecs-platform:ecs:WorkerService";

/**
 * The worker kind: a service (service-base.ts) consuming an SQS queue the component creates (KMS-encrypted, TLS only,
 * with a dead-letter queue after `maxReceiveCount` receives). The app gets `QUEUE_URL`; its task role may receive,
 * delete and extend the visibility of messages on exactly that queue. The service scales in steps on the queue's
 * depth between `minCount` and `maxCount`: the scaler, not the program, owns the task count.
 */
export class WorkerService extends pulumi.ComponentResource implements ServiceOutputs {
    /** The ECS service's name. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The ECS service's ARN. */
    public readonly serviceArn!: pulumi.Output<string>;
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn!: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    public readonly executionRoleArn!: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    public readonly taskRoleArn!: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    public readonly image!: pulumi.Output<string>;
    /** URL of the work queue (the app's `QUEUE_URL`). */
    public readonly queueUrl: pulumi.Output<string>;
    /** Name of the work queue (`ApproximateNumberOfMessagesVisible` alarms). */
    public readonly queueName: pulumi.Output<string>;
    /** Name of the dead-letter queue. */
    public readonly deadLetterQueueName: pulumi.Output<string>;

    constructor(name: string, args: WorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const queue = queueDefaults(args.queue);
        const settings = serviceSettings(
            "WorkerService",
            name,
            { ...args, desiredCount: queue.minCount },
            workerProblems(queue),
        );
        super(componentType("WorkerService"), name, {}, withFormerTypes(opts, FORMER_TYPE));
        const queueName = `${args.environment}-${args.serviceName}`;
        const tags = mergeTags(args.tags);
        const deadLetter = createEncryptedQueue(`${name}-dlq`, this, {
            queueName: `${queueName}-dlq`,
            kmsKeyArn: queue.kmsKeyArn,
            retentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            tags,
        });
        const topicArn = queue.topicArn;
        const work = createEncryptedQueue(`${name}-queue`, this, {
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
                { parent: this },
            );
        }
        const outputs = buildService(
            this,
            name,
            settings,
            {
                environmentVariables: { QUEUE_URL: work.url },
                permissions: [
                    {
                        sid: "ConsumeWorkQueue",
                        actions: [
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueAttributes",
                        ],
                        resources: [work.arn],
                    },
                    // SSE-KMS: reading a message decrypts its data key.
                    { sid: "DecryptWorkQueue", actions: ["kms:Decrypt"], resources: [queue.kmsKeyArn] },
                ],
                ignoreChanges: ["desiredCount"],
                afterService: service =>
                    createQueueScaling(name, this, {
                        clusterName: args.clusterName,
                        serviceName: service.name,
                        queueName: work.name,
                        minCapacity: queue.minCount,
                        maxCapacity: queue.maxCount,
                        messagesPerTask: queue.messagesPerTask,
                        tags,
                    }),
            },
            formerUrn(name, FORMER_TYPE, opts),
        );
        Object.assign(this, outputs);
        this.queueUrl = work.url;
        this.queueName = work.name;
        this.deadLetterQueueName = deadLetter.name;
        this.registerOutputs({
            ...outputs,
            queueUrl: this.queueUrl,
            queueName: this.queueName,
            deadLetterQueueName: this.deadLetterQueueName,
        });
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
        !within(queue.minCount, 0, 1000) ||
        !within(queue.maxCount, queue.minCount === 0 ? 0 : 1, 1000) ||
        queue.minCount > queue.maxCount
    ) {
        problems.add(
            "queue.minCount",
            `needs whole numbers 0 ≤ minCount ≤ maxCount, maxCount ≥ 1 unless both are 0; got ${queue.minCount}/${queue.maxCount}.`,
        );
    }
    return problems;
}
