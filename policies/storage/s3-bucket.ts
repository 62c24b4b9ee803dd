/**
 * S3 buckets (the ALB access-log bucket, and any other): public access blocked, encryption chosen explicitly, and
 * objects expire. In provider v7 these settings are separate resources that name the bucket in `bucket`, so the
 * policies join them to buckets across the stack (inline settings on the bucket, deprecated in v7, count too).
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    awsType,
    checkEachResource,
    identifies,
    policyConfig,
    referenceIds,
    resourcesOfType,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";

/** `aws.s3.Bucket` and the v6 name it aliases, `aws.s3.BucketV2`. */
const bucketTypes = [awsType("s3", "bucket"), awsType("s3", "bucketV2")];
const publicAccessBlockType = awsType("s3", "bucketPublicAccessBlock");
const encryptionTypes = [
    awsType("s3", "bucketServerSideEncryptionConfiguration"),
    awsType("s3", "bucketServerSideEncryptionConfigurationV2"),
];
const lifecycleTypes = [awsType("s3", "bucketLifecycleConfiguration"), awsType("s3", "bucketLifecycleConfigurationV2")];

/** The bucket-setting resources of `tokens` whose `bucket` is `bucket` (its name, id or ARN, or a dependency on it). */
function settingsOf(
    bucket: PolicyResource,
    resources: readonly PolicyResource[],
    tokens: readonly string[],
): PolicyResource[] {
    const bucketName = referenceIds(() => bucket.props.bucket).values;
    return resourcesOfType(resources, tokens).filter(setting => {
        if ((setting.propertyDependencies.bucket ?? []).some(d => d.urn === bucket.urn)) {
            return true;
        }
        return referenceIds(() => setting.props.bucket).values.some(
            value => identifies(value, bucket) || bucketName.includes(value),
        );
    });
}

const blockFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3PublicAccessBlock: PlatformStackPolicy = {
    name: "s3-public-access-block",
    description: "Checks that every S3 bucket has a public access block with all four settings on.",
    severity: "high",
    remediationSteps:
        "Add an aws.s3.BucketPublicAccessBlock with `bucket: bucket.id` and `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets` all true. Make the bucket policy depend on it.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:S3.8",
        "cdk-nag:S3BucketLevelPublicAccessProhibited",
        "checkov:CKV2_AWS_6",
        "trivy:AVD-AWS-0086",
        "trivy:AVD-AWS-0087",
        "trivy:AVD-AWS-0091",
        "trivy:AVD-AWS-0093",
        "trivy:AVD-AWS-0094",
        "family:storage",
    ],
    validateStack: validateStackOfTypes([...bucketTypes, publicAccessBlockType], (_matching, args, report) => {
        checkEachResource(resourcesOfType(args.resources, publicAccessBlockType), report, block => {
            const off = blockFlags.filter(flag => block.props[flag] !== true);
            if (off.length > 0) {
                report(`The public access block leaves ${off.join(", ")} off.`, block.urn);
            }
        });
        checkEachResource(resourcesOfType(args.resources, bucketTypes), report, bucket => {
            if (settingsOf(bucket, args.resources, [publicAccessBlockType]).length === 0) {
                report(`Bucket ${bucket.name} has no aws.s3.BucketPublicAccessBlock.`, bucket.urn);
            }
        });
    }),
};

const encryptionSchema = {
    properties: {
        allowedAlgorithms: {
            type: "array",
            items: { type: "string", enum: ["AES256", "aws:kms", "aws:kms:dsse"] },
            default: ["AES256", "aws:kms", "aws:kms:dsse"],
            description:
                "Accepted default `sseAlgorithm`s. ALB access-log buckets only support AES256 (SSE-S3); require `aws:kms` only where no load balancer writes.",
        },
    },
} satisfies PolicyConfigSchema;

/** `sseAlgorithm`s a bucket's encryption settings (separate resources, or the deprecated inline block) apply. */
function algorithmsOf(bucket: PolicyResource, resources: readonly PolicyResource[]): string[] {
    const rules = [
        ...settingsOf(bucket, resources, encryptionTypes).flatMap(config => config.props.rules ?? []),
        ...(bucket.props.serverSideEncryptionConfiguration?.rule
            ? [bucket.props.serverSideEncryptionConfiguration.rule]
            : []),
    ];
    return rules
        .map(rule => rule.applyServerSideEncryptionByDefault?.sseAlgorithm)
        .filter((a): a is string => typeof a === "string");
}

export const s3Encryption: PlatformStackPolicy = {
    name: "s3-encryption",
    description: "Checks that every S3 bucket declares default server-side encryption with an allowed algorithm.",
    severity: "medium",
    remediationSteps:
        'Add an aws.s3.BucketServerSideEncryptionConfiguration with `bucket: bucket.id` and `rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]` (for KMS: `"aws:kms"` with `kmsMasterKeyId` and `bucketKeyEnabled: true`).',
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:S3BucketServerSideEncryptionEnabled", "checkov:CKV_AWS_19", "trivy:AVD-AWS-0088", "family:storage"],
    configSchema: encryptionSchema,
    validateStack: validateStackOfTypes(bucketTypes, (buckets, args, report) => {
        const { allowedAlgorithms } = policyConfig<{ allowedAlgorithms: string[] }>(args, encryptionSchema);
        checkEachResource(buckets, report, bucket => {
            const algorithms = algorithmsOf(bucket, args.resources);
            if (algorithms.length === 0) {
                report(`Bucket ${bucket.name} declares no default encryption.`, bucket.urn);
            }
            for (const algorithm of algorithms.filter(a => !allowedAlgorithms.includes(a))) {
                report(
                    `Bucket ${bucket.name} encrypts with ${algorithm}; allowed: ${allowedAlgorithms.join(", ")}.`,
                    bucket.urn,
                );
            }
        });
    }),
};

const lifecycleSchema = {
    properties: {
        maxExpirationDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Longest accepted expiry, in days, of the rule that expires the bucket's objects.",
        },
    },
} satisfies PolicyConfigSchema;

/** Expiry days of the enabled rules of a bucket's lifecycle (separate resources, or the deprecated inline rules). */
function expiryDaysOf(bucket: PolicyResource, resources: readonly PolicyResource[]): number[] {
    const separate = settingsOf(bucket, resources, lifecycleTypes)
        .flatMap(config => (config.props.rules ?? []) as Record<string, any>[])
        .filter(rule => rule.status === "Enabled");
    const inline = ((bucket.props.lifecycleRules ?? []) as Record<string, any>[]).filter(rule => rule.enabled === true);
    return [...separate, ...inline]
        .map(rule => rule.expiration?.days)
        .filter((days): days is number => typeof days === "number" && days > 0);
}

export const s3LifecycleExpiry: PlatformStackPolicy = {
    name: "s3-lifecycle-expiry",
    description:
        "Checks that every S3 bucket has an enabled lifecycle rule that expires objects within the allowed number of days.",
    severity: "low",
    remediationSteps:
        'Add an aws.s3.BucketLifecycleConfiguration with `bucket: bucket.id` and a rule `{ id: "expire", status: "Enabled", filter: {}, expiration: { days: 90 } }` (at most `maxExpirationDays`).',
    enforcementLevel: "advisory",
    tags: ["securityhub:S3.13", "checkov:CKV2_AWS_61", "family:storage"],
    configSchema: lifecycleSchema,
    validateStack: validateStackOfTypes(bucketTypes, (buckets, args, report) => {
        const { maxExpirationDays } = policyConfig<{ maxExpirationDays: number }>(args, lifecycleSchema);
        checkEachResource(buckets, report, bucket => {
            const days = expiryDaysOf(bucket, args.resources);
            if (days.length === 0) {
                report(`Bucket ${bucket.name} has no enabled lifecycle rule that expires objects.`, bucket.urn);
            } else if (Math.min(...days) > maxExpirationDays) {
                report(
                    `Bucket ${bucket.name} expires objects after ${Math.min(...days)} days; at most ${maxExpirationDays}.`,
                    bucket.urn,
                );
            }
        });
    }),
};
