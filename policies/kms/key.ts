/** Settings of `aws.kms.Key`: automatic rotation, deletion window, enabled. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";

type KeyProps = Unwrap<aws.kms.KeyArgs>;

/** Type token of `aws.kms.Key`. */
export const kmsKeyType = awsType("kms", "key");

const rotationSchema = {
    properties: {
        maxRotationPeriodDays: {
            type: "integer",
            minimum: 90,
            maximum: 2560,
            default: 365,
            description: "Longest accepted rotationPeriodInDays (KMS rotates yearly when it is unset).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * KMS rotates only symmetric encryption keys in AWS KMS key material (not asymmetric, HMAC, custom key store or
 * imported-material keys), so other keys are not applicable rather than violations.
 */
export const kmsRotation: PlatformResourcePolicy = {
    name: "kms-rotation",
    description: "Checks that symmetric KMS keys have automatic key rotation enabled, at least yearly.",
    severity: "medium",
    remediationSteps:
        "Set `enableKeyRotation: true` on the aws.kms.Key (and leave rotationPeriodInDays unset, or at most maxRotationPeriodDays).",
    enforcementLevel: "mandatory",
    tags: [
        "checkov:CKV_AWS_7",
        "cdk-nag:AwsSolutions-KMS5",
        "trivy:AVD-AWS-0065",
        "awsguard:cmk-backing-key-rotation-enabled",
        "family:kms",
    ],
    configSchema: rotationSchema,
    validateResource: validateResourceOfTypes<KeyProps>(kmsKeyType, (key, args, reportViolation) => {
        const { maxRotationPeriodDays } = policyConfig<{ maxRotationPeriodDays: number }>(args, rotationSchema);
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
        if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT" || key.customKeyStoreId || key.xksKeyId) {
            return args.notApplicable(`KMS does not rotate ${spec}/${usage} keys or keys in a custom key store`);
        }
        if (key.enableKeyRotation !== true) {
            reportViolation("enableKeyRotation is not true; the key material is never rotated.");
        } else if ((key.rotationPeriodInDays ?? 365) > maxRotationPeriodDays) {
            reportViolation(`rotationPeriodInDays is ${key.rotationPeriodInDays}, more than ${maxRotationPeriodDays}.`);
        }
    }),
};

const deletionSchema = {
    properties: {
        minDeletionWindowDays: {
            type: "integer",
            minimum: 7,
            maximum: 30,
            default: 30,
            description: "Shortest accepted deletionWindowInDays (KMS uses 30 when it is unset).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * A key scheduled for deletion can be recovered only during its window; everything it encrypted is lost after.
 * A disabled key in the stack breaks every resource encrypted with it.
 */
export const kmsDeletionWindow: PlatformResourcePolicy = {
    name: "kms-deletion-window",
    description: "Checks that KMS keys keep a deletion window of at least the configured days and are enabled.",
    severity: "medium",
    remediationSteps:
        "Set `deletionWindowInDays` to at least minDeletionWindowDays (30 in prod, or leave it unset) and remove `isEnabled: false`.",
    enforcementLevel: "advisory",
    tags: ["checkov:CKV_AWS_227", "family:kms"],
    configSchema: deletionSchema,
    validateResource: validateResourceOfTypes<KeyProps>(kmsKeyType, (key, args, reportViolation) => {
        const { minDeletionWindowDays } = policyConfig<{ minDeletionWindowDays: number }>(args, deletionSchema);
        const window = key.deletionWindowInDays ?? 30;
        if (window < minDeletionWindowDays) {
            reportViolation(
                `deletionWindowInDays is ${window}, less than ${minDeletionWindowDays}; a mistaken deletion could not be undone in time.`,
            );
        }
        if (key.isEnabled === false) {
            reportViolation("isEnabled is false; everything encrypted with the key becomes unreadable.");
        }
    }),
};
