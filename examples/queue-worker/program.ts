/**
 * An SNS topic that fans out to an SQS work queue: both encrypted with one customer managed key, the queue's
 * policy letting only that topic send (a condition on `aws:SourceArn`), failed messages kept in a dead-letter queue.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Settings of {@link queueWorker}. */
export interface QueueWorkerArgs {
    /** Deliveries before a message moves to the dead-letter queue. Defaults to 5. */
    maxReceiveCount?: number;
    /**
     * Grant `sqs:SendMessage` to every principal instead of only the topic. Defaults to false; true exists to show
     * what a policy pack catches.
     */
    openToEveryone?: boolean;
}

/** Creates the topic, the queues and the subscription; returns the topic ARN and the queue URL. */
export function queueWorker(args: QueueWorkerArgs = {}) {
    const key = new aws.kms.Key("queue-worker", {
        description: "Encrypts the queue worker's topic and queues",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
    });
    const topic = new aws.sns.Topic("jobs", { kmsMasterKeyId: key.arn });
    const deadLetters = new aws.sqs.Queue("jobs-dead-letters", {
        kmsMasterKeyId: key.arn,
        messageRetentionSeconds: 14 * 24 * 3600,
    });
    const queue = new aws.sqs.Queue("jobs", {
        kmsMasterKeyId: key.arn,
        visibilityTimeoutSeconds: 60,
        redrivePolicy: pulumi.jsonStringify({
            deadLetterTargetArn: deadLetters.arn,
            maxReceiveCount: args.maxReceiveCount ?? 5,
        }),
    });
    new aws.sqs.QueuePolicy("jobs", {
        queueUrl: queue.url,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TopicSends",
                    Effect: "Allow",
                    Principal: args.openToEveryone ? "*" : { Service: "sns.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queue.arn,
                    ...(args.openToEveryone ? {} : { Condition: { ArnEquals: { "aws:SourceArn": topic.arn } } }),
                },
            ],
        }),
    });
    new aws.sns.TopicSubscription("jobs", { topic: topic.arn, protocol: "sqs", endpoint: queue.arn });
    return { topicArn: topic.arn, queueUrl: queue.url };
}
