/** Settings of `aws.secretsmanager.Secret`: customer managed key, recovery window. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { isCustomerManagedKey } from "../kms/key-reference";

type SecretProps = Unwrap<aws.secretsmanager.SecretArgs>;

/** Type token of `aws.secretsmanager.Secret`. */
export const secretType = awsType("secretsmanager", "secret");

const cmkSchema = {
    properties: {
        allowAwsManagedKey: {
            type: "boolean",
            default: false,
            description:
                "Accept the AWS managed aws/secretsmanager key (e.g. for secrets shared with services that cannot use a CMK).",
        },
    },
} satisfies PolicyConfigSchema;

/** Without a CMK, anyone in the account allowed secretsmanager:GetSecretValue can read the secret; a key policy adds a second gate. */
export const secretCmk: PlatformResourcePolicy = {
    name: "secret-cmk",
    description: "Checks that Secrets Manager secrets are encrypted with a customer managed KMS key.",
    severity: "medium",
    remediationSteps:
        "Set `kmsKeyId` on the aws.secretsmanager.Secret to the platform CMK's ARN (not alias/aws/secretsmanager).",
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:SecretsManagerUsingKMSKey", "checkov:CKV_AWS_149", "trivy:AVD-AWS-0098", "family:secrets"],
    configSchema: cmkSchema,
    validateResource: validateResourceOfTypes<SecretProps>(secretType, (secret, args, reportViolation) => {
        const { allowAwsManagedKey } = policyConfig<{ allowAwsManagedKey: boolean }>(args, cmkSchema);
        if (!allowAwsManagedKey && !isCustomerManagedKey(secret.kmsKeyId)) {
            reportViolation(
                `kmsKeyId is ${secret.kmsKeyId ?? "unset"}, so the AWS managed aws/secretsmanager key encrypts the secret.`,
            );
        }
    }),
};

const recoverySchema = {
    properties: {
        minRecoveryWindowDays: {
            type: "integer",
            minimum: 7,
            maximum: 30,
            default: 7,
            description:
                "Shortest accepted recoveryWindowInDays (Secrets Manager uses 30 when it is unset; 0 deletes at once).",
        },
    },
} satisfies PolicyConfigSchema;

/** `recoveryWindowInDays: 0` deletes the secret immediately on destroy or replacement, with no way back. */
export const secretRecoveryWindow: PlatformResourcePolicy = {
    name: "secret-recovery-window",
    description: "Checks that Secrets Manager secrets keep a recovery window (no immediate force deletion).",
    severity: "medium",
    remediationSteps:
        "Remove `recoveryWindowInDays: 0` (the default is 30) or set it to at least minRecoveryWindowDays.",
    enforcementLevel: "advisory",
    tags: ["family:secrets"],
    configSchema: recoverySchema,
    validateResource: validateResourceOfTypes<SecretProps>(secretType, (secret, args, reportViolation) => {
        const { minRecoveryWindowDays } = policyConfig<{ minRecoveryWindowDays: number }>(args, recoverySchema);
        const window = secret.recoveryWindowInDays ?? 30;
        if (window === 0) {
            reportViolation(
                "recoveryWindowInDays is 0: deleting or replacing the secret destroys it at once, unrecoverably.",
            );
        } else if (window < minRecoveryWindowDays) {
            reportViolation(`recoveryWindowInDays is ${window}, less than ${minRecoveryWindowDays}.`);
        }
    }),
};
