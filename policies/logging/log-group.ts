/** CloudWatch log groups: a finite retention within bounds, and encryption with a customer managed key. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { policyConfig, types, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";

type LogGroupProps = Unwrap<aws.cloudwatch.LogGroupArgs>;

/** DELIVERY-class groups (vended log delivery) have a retention of 2 days that CloudWatch forces; nothing to set. */
function skipDeliveryClass(group: LogGroupProps, args: ResourceValidationArgs): void {
    if (group.logGroupClass === "DELIVERY") {
        args.notApplicable("DELIVERY log groups have a fixed 2-day retention");
    }
}

const retentionSetSchema = {
    properties: {
        allowNeverExpire: {
            type: "boolean",
            default: false,
            description:
                "Accept log groups that keep events forever (retentionInDays unset or 0), e.g. audit archives.",
        },
    },
} satisfies PolicyConfigSchema;

/** An unset retentionInDays, like 0, means "never expire": storage grows forever. */
export const logRetentionSet: PlatformResourcePolicy = {
    name: "log-retention-set",
    description:
        "Checks that CloudWatch log groups set a retention period (not unset or 0, which keep events forever).",
    severity: "medium",
    remediationSteps:
        "Set `retentionInDays` on the aws.cloudwatch.LogGroup to an accepted period within log-retention-bounds (e.g. 14 in staging, 90 in prod).",
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:CloudWatchLogGroupRetentionPeriod", "checkov:CKV_AWS_66", "family:logging"],
    configSchema: retentionSetSchema,
    validateResource: validateResourceOfTypes<LogGroupProps>(types.logGroup, (group, args, reportViolation) => {
        skipDeliveryClass(group, args);
        const { allowNeverExpire } = policyConfig<{ allowNeverExpire: boolean }>(args, retentionSetSchema);
        if (!allowNeverExpire && !group.retentionInDays) {
            reportViolation(`retentionInDays is ${group.retentionInDays ?? "unset"}; events are kept forever.`);
        }
    }),
};

const boundsSchema = {
    properties: {
        minDays: {
            type: "integer",
            minimum: 1,
            default: 14,
            description: "Shortest accepted retention, in days (investigations and audits need the logs).",
        },
        maxDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Longest accepted retention, in days (storage cost and data minimization).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Bounds apply to a set retention; unset/0 ("forever") is log-retention-set's finding, not reported twice. The
 * minimum anchors (checkov CKV_AWS_338, the Config rule) want 365 days; this pack sets it per environment instead.
 */
export const logRetentionBounds: PlatformResourcePolicy = {
    name: "log-retention-bounds",
    description: "Checks that CloudWatch log group retention is between the configured minimum and maximum days.",
    severity: "low",
    remediationSteps:
        "Set `retentionInDays` to a CloudWatch-accepted period between minDays and maxDays (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …).",
    enforcementLevel: "advisory",
    tags: ["checkov:CKV_AWS_338", "family:logging"],
    configSchema: boundsSchema,
    validateResource: validateResourceOfTypes<LogGroupProps>(types.logGroup, (group, args, reportViolation) => {
        skipDeliveryClass(group, args);
        const { minDays, maxDays } = policyConfig<{ minDays: number; maxDays: number }>(args, boundsSchema);
        const days = group.retentionInDays;
        if (!days) {
            return args.notApplicable("no finite retention (log-retention-set reports it)");
        }
        if (days < minDays) {
            reportViolation(`retentionInDays is ${days}, less than ${minDays}.`);
        } else if (days > maxDays) {
            reportViolation(`retentionInDays is ${days}, more than ${maxDays}.`);
        }
    }),
};

const kmsSchema = {
    properties: {
        exemptNamePrefixes: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Log group name prefixes that need no CMK (e.g. groups written by services that cannot use one).",
        },
    },
} satisfies PolicyConfigSchema;

/** Log events are encrypted with the platform CMK (CloudWatch otherwise uses a service-owned key). */
export const logGroupKms: PlatformResourcePolicy = {
    name: "log-group-kms",
    description: "Checks that CloudWatch log groups are encrypted with a customer managed KMS key.",
    severity: "medium",
    remediationSteps:
        "Set `kmsKeyId` on the aws.cloudwatch.LogGroup to the platform CMK's ARN; its key policy must allow the `logs.<region>.amazonaws.com` principal with a kms:EncryptionContext:aws:logs:arn condition.",
    enforcementLevel: "advisory",
    tags: ["cdk-nag:CloudWatchLogGroupEncrypted", "checkov:CKV_AWS_158", "trivy:AVD-AWS-0017", "family:logging"],
    configSchema: kmsSchema,
    validateResource: validateResourceOfTypes<LogGroupProps>(types.logGroup, (group, args, reportViolation) => {
        const { exemptNamePrefixes } = policyConfig<{ exemptNamePrefixes: string[] }>(args, kmsSchema);
        if (exemptNamePrefixes.length > 0 && exemptNamePrefixes.some(prefix => group.name?.startsWith(prefix))) {
            return;
        }
        if (!group.kmsKeyId) {
            reportViolation(
                "kmsKeyId is unset; events are encrypted with a CloudWatch-owned key the platform does not control.",
            );
        }
    }),
};
