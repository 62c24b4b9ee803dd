/** Repository and registry permission policies must not open images to everyone. */
import { awsType, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { reportStatementsForEveryone, restrictingConditionKeysSchema } from "../iam/document";

/** Type tokens of `aws.ecr.RepositoryPolicy` and `aws.ecr.RegistryPolicy`. */
export const ecrPolicyTypes: readonly string[] = [awsType("ecr", "repositoryPolicy"), awsType("ecr", "registryPolicy")];

const schema = restrictingConditionKeysSchema(
    "Condition keys that make a statement for Principal * acceptable (they pin the caller's account, organization or network).",
);

/**
 * An Allow statement for everyone (`"*"`, `{AWS: "*"}`, `NotPrincipal`) is public unless a condition pins the caller.
 * Unlike cdk-nag (which flags any `*` in the principal JSON, conditions or not) and checkov CKV_AWS_32 (which passes
 * any condition), only caller-pinning condition keys count.
 */
export const ecrPolicyNotPublic: PlatformResourcePolicy = {
    name: "ecr-policy-not-public",
    description: "Checks that ECR repository and registry policies do not grant access to everyone.",
    severity: "critical",
    remediationSteps:
        'Name the accounts or roles in Principal (`{ AWS: "arn:aws:iam::<account>:root" }`), or keep Principal "*" only with a condition such as `StringEquals: { "aws:PrincipalOrgID": "o-…" }`.',
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:AwsSolutions-ECR1", "checkov:CKV_AWS_32", "trivy:AVD-AWS-0032", "family:ecr"],
    configSchema: schema,
    validateResource: validateResourceOfTypes<{ policy?: unknown }>(ecrPolicyTypes, (props, args, reportViolation) => {
        const { restrictingConditionKeys } = policyConfig<{ restrictingConditionKeys: string[] }>(args, schema);
        reportStatementsForEveryone(props.policy, restrictingConditionKeys, reportViolation);
    }),
};
