/** Resource policies of S3 buckets, SNS topics, SQS queues and Secrets Manager secrets do not open them to everyone. */
import { awsType, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { reportStatementsForEveryone, restrictingConditionKeysSchema } from "./document";

/** Resources whose `policy` property is a resource policy: the standalone policy resources and the inline ones. */
export const resourcePolicyTypes: readonly string[] = [
    awsType("s3", "bucketPolicy"),
    awsType("s3", "bucket"),
    awsType("sns", "topicPolicy"),
    awsType("sns", "topic"),
    awsType("sqs", "queuePolicy"),
    awsType("sqs", "queue"),
    awsType("secretsmanager", "secretPolicy"),
    awsType("secretsmanager", "secret"),
];

const schema = restrictingConditionKeysSchema(
    "Condition keys that make a statement for Principal * acceptable (they pin the caller's account, organization, source or network).",
);

/**
 * Same judgement as `ecr-policy-not-public` and `kms-policy-no-star`: an Allow for everyone is public unless a
 * condition keeps out every caller it does not name, under IAM's rules for absent keys (`ForAllValues:`,
 * `…IfExists` and negated operators let a caller without the key through).
 */
export const resourcePolicyNotPublic: PlatformResourcePolicy = {
    name: "resource-policy-not-public",
    description:
        "Checks that S3 bucket, SNS topic, SQS queue and Secrets Manager secret policies do not grant access to everyone.",
    severity: "critical",
    remediationSteps:
        'Name the principals (`{ AWS: "arn:aws:iam::<account>:root" }`, `{ Service: "<service>.amazonaws.com" }`), or keep Principal "*" only with a condition that is false for callers it does not name, such as `StringEquals: { "aws:PrincipalOrgID": "o-…" }` (not `ForAllValues:` or `…IfExists`, which pass callers without the key).',
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_70", "checkov:CKV_AWS_168", "checkov:CKV_AWS_169", "family:iam"],
    configSchema: schema,
    validateResource: validateResourceOfTypes<{ policy?: unknown }>(
        resourcePolicyTypes,
        (props, args, reportViolation) => {
            const { restrictingConditionKeys } = policyConfig<{ restrictingConditionKeys: string[] }>(args, schema);
            if (props.policy === undefined || props.policy === null || props.policy === "") {
                return;
            }
            reportStatementsForEveryone(props.policy, restrictingConditionKeys, reportViolation);
        },
    ),
};
