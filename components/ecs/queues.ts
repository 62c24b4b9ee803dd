import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags, Tags } from "../shared";
import { policyDocument, PolicyStatement } from "./task-roles";

/** One SQS queue of a workload, encrypted with the platform key, refusing clients without TLS. */
export interface EncryptedQueueSettings {
    /** Physical queue name (`<environment>-<service>[-dlq]`). */
    queueName: string;
    /** KMS key of the queue's server-side encryption. */
    kmsKeyArn: pulumi.Input<string>;
    /** Seconds SQS keeps a message. */
    retentionSeconds: number;
    /** Seconds a received message stays hidden. Default: SQS's 30. */
    visibilityTimeoutSeconds?: number;
    /** Dead-letter queue and receives before a message moves there. Default: none. */
    deadLetter?: { queueArn: pulumi.Input<string>; maxReceiveCount: number };
    /** Extra queue policy statements (e.g. an SNS topic or the scheduler sending to it). Default: none. */
    policyStatements?: (queueArn: pulumi.Output<string>) => PolicyStatement[];
    /** Tags of the queue. */
    tags: Tags;
}

/**
 * Creates the queue and its policy, children of `parent`. Long polling (20 s) is on, so idle consumers make one
 * request per 20 s instead of a stream of empty ones; KMS data keys are reused for 5 minutes, to bound KMS calls.
 */
export function createEncryptedQueue(
    name: string,
    parent: pulumi.Resource,
    settings: EncryptedQueueSettings,
): aws.sqs.Queue {
    const queue = new aws.sqs.Queue(
        name,
        {
            name: settings.queueName,
            kmsMasterKeyId: settings.kmsKeyArn,
            kmsDataKeyReusePeriodSeconds: 300,
            messageRetentionSeconds: settings.retentionSeconds,
            visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
            receiveWaitTimeSeconds: 20,
            redrivePolicy: settings.deadLetter
                ? pulumi.jsonStringify({
                      deadLetterTargetArn: settings.deadLetter.queueArn,
                      maxReceiveCount: settings.deadLetter.maxReceiveCount,
                  })
                : undefined,
            tags: namedTags(settings.queueName, settings.tags),
        },
        { parent },
    );
    new aws.sqs.QueuePolicy(
        name,
        {
            queueUrl: queue.url,
            policy: policyDocument([
                {
                    Sid: "DenyUnencryptedTransport",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "sqs:*",
                    Resource: queue.arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                ...(settings.policyStatements?.(queue.arn) ?? []),
            ]),
        },
        { parent },
    );
    return queue;
}

/** SQS's longest retention, for dead-letter queues: time to look at what failed. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
