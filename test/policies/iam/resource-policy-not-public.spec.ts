import {
    expectCompliant,
    expectNotApplicable,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
} from "../helpers";
import { account, policyJson } from "../platform-stack";

const name = "resource-policy-not-public";
const everyone = (Action: string, Condition?: object) => ({
    Sid: "Everyone",
    Effect: "Allow",
    Principal: "*",
    Action,
    ...(Condition ? { Condition } : {}),
});
const inOrganization = { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } };
const forAllValuesOrganization = { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } };

const resources = {
    bucketPolicy: (document: string) =>
        fakeResource("aws:s3/bucketPolicy:BucketPolicy", "assets", { bucket: "assets", policy: document }),
    topicPolicy: (document: string) =>
        fakeResource("aws:sns/topicPolicy:TopicPolicy", "alerts", { arn: "arn:aws:sns:::alerts", policy: document }),
    queue: (document: string) => fakeResource("aws:sqs/queue:Queue", "jobs", { policy: document }),
    secretPolicy: (document: string) =>
        fakeResource("aws:secretsmanager/secretPolicy:SecretPolicy", "db", { secretArn: "arn:db", policy: document }),
};

describe("policies/iam/resource-policy-not-public", () => {
    describe(name, () => {
        it("flags Principal * without a condition on S3, SNS, SQS and Secrets Manager policies", async () => {
            await expectViolation(name, [resources.bucketPolicy(policyJson(everyone("s3:GetObject")))], {
                message: 'statement "Everyone" allows s3:GetObject to everyone',
            });
            await expectViolation(name, [resources.topicPolicy(policyJson(everyone("sns:Publish")))]);
            await expectViolation(name, [resources.queue(policyJson(everyone("sqs:SendMessage")))]);
            await expectViolation(name, [
                resources.secretPolicy(policyJson(everyone("secretsmanager:GetSecretValue"))),
            ]);
        });

        it("flags Principal * behind ForAllValues:, IfExists or negated conditions, which callers without the key pass", async () => {
            for (const condition of [
                forAllValuesOrganization,
                { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
                { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } },
            ]) {
                await expectViolation(name, [resources.queue(policyJson(everyone("sqs:SendMessage", condition)))], {
                    message: "to everyone without a condition",
                });
            }
        });

        it("passes Principal * pinned to the organization, named accounts and services, and public Denies", async () => {
            await expectCompliant(name, [
                resources.bucketPolicy(
                    policyJson(everyone("s3:GetObject", inOrganization), {
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }),
                ),
                resources.topicPolicy(
                    policyJson({
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sns:Publish",
                    }),
                ),
                resources.queue(
                    policyJson(
                        everyone("sqs:SendMessage", { "ForAnyValue:StringEquals": { "aws:SourceAccount": account } }),
                    ),
                ),
                resources.secretPolicy(
                    policyJson({
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${account}:root` },
                        Action: "secretsmanager:GetSecretValue",
                    }),
                ),
            ]);
        });

        it("does not apply to other resources, and is advisory while the document is unknown", async () => {
            await expectNotApplicable(name, [fakeResource("aws:ecr/repository:Repository", "r", {})]);
            await expectPreviewAdvisory(name, [resources.bucketPolicy(UNKNOWN)]);
        });
    });
});
