/** Key policies do not open a key to everyone. */
import { awsType, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { reportStatementsForEveryone, restrictingConditionKeysSchema } from "../iam/document";
import { kmsKeyType } from "./key";

/** Type tokens of resources holding a key policy: `aws.kms.Key` (`policy`) and `aws.kms.KeyPolicy`. */
export const keyPolicyTypes: readonly string[] = [kmsKeyType, awsType("kms", "keyPolicy")];

const schema = restrictingConditionKeysSchema(
    "Condition keys that make a statement for Principal * acceptable (they pin the caller's account or organization).",
);

/**
 * An Allow for everyone (`"*"`, `{AWS: "*"}`, NotPrincipal) needs a condition that pins the caller (account,
 * organization, principal, source). checkov CKV_AWS_33 accepts any condition; `kms:ViaService` or an encryption
 * context alone still lets other accounts use the key, so they do not count here. A key without `policy` gets the
 * default key policy (account root only), which passes.
 */
export const kmsPolicyNoStar: PlatformResourcePolicy = {
    name: "kms-policy-no-star",
    description:
        "Checks that KMS key policies do not allow everyone (Principal *) without a condition pinning the caller.",
    severity: "critical",
    remediationSteps:
        'Name the principals (`{ AWS: "arn:aws:iam::<account>:root" }`, `{ Service: "logs.<region>.amazonaws.com" }`), or keep Principal "*" only with a condition such as `StringEquals: { "kms:CallerAccount": "<account>" }`.',
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_33", "securityhub:KMS.5", "family:kms"],
    configSchema: schema,
    validateResource: validateResourceOfTypes<{ policy?: unknown }>(keyPolicyTypes, (props, args, reportViolation) => {
        const { restrictingConditionKeys } = policyConfig<{ restrictingConditionKeys: string[] }>(args, schema);
        if (props.policy === undefined || props.policy === "") {
            return;
        }
        reportStatementsForEveryone(props.policy, restrictingConditionKeys, reportViolation);
    }),
};
