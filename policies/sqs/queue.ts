/** SQS queues: encrypted at rest, and every work queue backed by a dead-letter queue. */
import type * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    identifies,
    isSetOrPending,
    knownValue,
    readKnown,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";

type QueueProps = Unwrap<aws.sqs.QueueArgs>;
const queueType = awsType("sqs", "queue");
const scheduleType = awsType("scheduler", "schedule");

export const sqsEncrypted: PlatformResourcePolicy = {
    name: "sqs-encrypted",
    description: "Checks that SQS queues are encrypted at rest (SSE-KMS or SSE-SQS).",
    severity: "high",
    remediationSteps:
        "Set `kmsMasterKeyId` to a customer managed key (the platform key), or at least `sqsManagedSseEnabled: true`.",
    enforcementLevel: "mandatory",
    tags: ["family:sqs", "securityhub:SQS.1", "checkov:CKV_AWS_27"],
    validateResource: validateResourceOfTypes<QueueProps>(queueType, (queue, _args, report) => {
        // A key ARN still unknown in preview counts as set.
        const key = isSetOrPending(() => queue.kmsMasterKeyId);
        if (!key && knownValue(() => queue.sqsManagedSseEnabled) === false) {
            report("The queue turns server-side encryption off: messages are stored in clear text.");
        } else if (!key && !isSetOrPending(() => queue.sqsManagedSseEnabled)) {
            report("The queue names no KMS key and no SSE-SQS: set kmsMasterKeyId (or sqsManagedSseEnabled).");
        }
    }),
};

/** The dead-letter target ARN of a queue's redrive policy, if it has one. */
function deadLetterTarget(queue: PolicyResource): string | undefined {
    const redrive = knownValue(() => queue.props.redrivePolicy);
    if (typeof redrive !== "string" || redrive === "") return undefined;
    try {
        return JSON.parse(redrive).deadLetterTargetArn;
    } catch {
        return undefined;
    }
}

export const sqsDeadLetterQueue: PlatformStackPolicy = {
    name: "sqs-dead-letter-queue",
    description:
        "Checks that every SQS queue that is not itself a dead-letter queue moves poison messages to one (a redrive policy).",
    severity: "medium",
    remediationSteps:
        "Create a second queue and set `redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 })` on the work queue; the platform's WorkerService does this.",
    enforcementLevel: "advisory",
    tags: ["family:sqs"],
    validateStack: validateStackOfTypes(queueType, (queues, args, report) => {
        const targets = [
            ...queues.map(deadLetterTarget),
            ...args.resources
                .filter(r => r.type === scheduleType)
                .map(s => knownValue(() => s.props.target?.deadLetterConfig?.arn)),
        ];
        const isDeadLetterQueue = (queue: PolicyResource) =>
            targets.some(arn => identifies(arn, queue)) ||
            args.resources.some(
                r =>
                    (r.type === queueType || r.type === scheduleType) &&
                    Object.values(r.propertyDependencies).some(deps => deps.some(d => d.urn === queue.urn)),
            );
        for (const queue of queues) {
            const pending = !readKnown(() => queue.props.redrivePolicy).known;
            if (!pending && deadLetterTarget(queue) === undefined && !isDeadLetterQueue(queue)) {
                report(
                    `Queue ${queue.name} has no redrive policy: a message that always fails is retried until it expires, blocking nothing but hiding the failure.`,
                    queue.urn,
                );
            }
        }
    }),
};

export const sqsPolicies = [sqsEncrypted, sqsDeadLetterQueue];
