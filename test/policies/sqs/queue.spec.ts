import { expectCompliant, expectViolation, fakeResource } from "../helpers";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const DLQ_ARN = "arn:aws:sqs:eu-west-1:123456789012:prod-worker-dlq";
const dlq = fakeResource("aws:sqs/queue:Queue", "prod-worker-dlq", { arn: DLQ_ARN, kmsMasterKeyId: KEY });
const work = fakeResource("aws:sqs/queue:Queue", "prod-worker-queue", {
    kmsMasterKeyId: KEY,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 }),
});

describe("policies/sqs/queue", () => {
    describe("sqs-encrypted", () => {
        it("passes a queue encrypted with a KMS key, or with SSE-SQS", async () => {
            await expectCompliant("sqs-encrypted", [work]);
            await expectCompliant("sqs-encrypted", [
                fakeResource("aws:sqs/queue:Queue", "q", { sqsManagedSseEnabled: true }),
            ]);
        });

        it("flags a queue with no key and no SSE-SQS, or with encryption off", async () => {
            await expectViolation("sqs-encrypted", [fakeResource("aws:sqs/queue:Queue", "q", {})], {
                message: "names no KMS key",
            });
            await expectViolation(
                "sqs-encrypted",
                [fakeResource("aws:sqs/queue:Queue", "q", { sqsManagedSseEnabled: false })],
                { message: "clear text" },
            );
        });
    });

    describe("sqs-dead-letter-queue", () => {
        it("passes a work queue with a redrive policy, and its dead-letter queue", async () => {
            await expectCompliant("sqs-dead-letter-queue", [work, dlq]);
        });

        it("passes a queue that is a schedule's dead-letter queue", async () => {
            const schedule = fakeResource("aws:scheduler/schedule:Schedule", "job", {
                target: { arn: "cluster", roleArn: "role", deadLetterConfig: { arn: DLQ_ARN } },
            });
            await expectCompliant("sqs-dead-letter-queue", [dlq, schedule]);
        });

        it("flags a work queue without one", async () => {
            const lonely = fakeResource("aws:sqs/queue:Queue", "orders", { kmsMasterKeyId: KEY });
            await expectViolation("sqs-dead-letter-queue", [lonely], { message: "Queue orders has no redrive policy" });
        });
    });
});
