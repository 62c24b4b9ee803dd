import { asFirstPreview, networkStack, nt } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const logBucketResources = [prod.logBucket, prod.publicAccessBlock, prod.encryption, prod.lifecycle];
const without = (removed: { urn: string }) => logBucketResources.filter(r => r.urn !== removed.urn);

describe("policies/storage/s3-bucket", () => {
    describe("s3-public-access-block", () => {
        it("passes the access-log bucket, also during the first preview", async () => {
            await expectCompliant("s3-public-access-block", logBucketResources);
            await expectCompliant("s3-public-access-block", asFirstPreview(logBucketResources), { preview: true });
        });

        it("flags a bucket without a public access block", async () => {
            await expectViolation("s3-public-access-block", without(prod.publicAccessBlock), {
                urn: prod.logBucket.urn,
                message: "has no aws.s3.BucketPublicAccessBlock",
            });
        });

        it("flags a block with a setting off or missing", async () => {
            const weak = withProps(prod.publicAccessBlock, {
                restrictPublicBuckets: false,
                ignorePublicAcls: undefined,
            });
            await expectViolation("s3-public-access-block", replacing(logBucketResources, weak), {
                urn: weak.urn,
                message: "leaves ignorePublicAcls, restrictPublicBuckets off",
            });
        });

        it("matches a block to its bucket by name when they share no dependency", async () => {
            const byName = { ...prod.publicAccessBlock, propertyDependencies: {} };
            await expectCompliant("s3-public-access-block", replacing(logBucketResources, byName));
        });

        it("is advisory during preview when a setting is unknown", async () => {
            await expectPreviewAdvisory(
                "s3-public-access-block",
                replacing(logBucketResources, withProps(prod.publicAccessBlock, { blockPublicPolicy: UNKNOWN })),
                {
                    urn: prod.publicAccessBlock.urn,
                },
            );
        });
    });

    describe("s3-encryption", () => {
        it("passes SSE-S3 from a separate resource, and the deprecated inline block", async () => {
            await expectCompliant("s3-encryption", logBucketResources);
            const inline = withProps(prod.logBucket, {
                serverSideEncryptionConfiguration: {
                    rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
                },
            });
            await expectCompliant("s3-encryption", [inline]);
        });

        it("flags a bucket without declared encryption", async () => {
            await expectViolation("s3-encryption", without(prod.encryption), {
                message: "declares no default encryption",
            });
        });

        it("flags an algorithm outside allowedAlgorithms", async () => {
            await expectViolation("s3-encryption", logBucketResources, {
                config: { "s3-encryption": { allowedAlgorithms: ["aws:kms"] } },
                message: "encrypts with AES256",
            });
        });

        it("also joins the v6 BucketServerSideEncryptionConfigurationV2 token", async () => {
            const v2 = {
                ...prod.encryption,
                type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            };
            await expectCompliant(
                "s3-encryption",
                logBucketResources.map(r => (r.urn === prod.encryption.urn ? v2 : r)),
            );
        });
    });

    describe("s3-lifecycle-expiry", () => {
        it("passes the access-log bucket's 90-day expiry", async () => {
            await expectCompliant("s3-lifecycle-expiry", logBucketResources);
        });

        it("flags a bucket without a lifecycle, or whose rule is disabled", async () => {
            await expectViolation("s3-lifecycle-expiry", without(prod.lifecycle), {
                message: "no enabled lifecycle rule that expires objects",
            });
            const disabled = withProps(prod.lifecycle, {
                rules: [{ id: "expire", status: "Disabled", expiration: { days: 90 } }],
            });
            await expectViolation("s3-lifecycle-expiry", replacing(logBucketResources, disabled), {
                message: "no enabled lifecycle rule",
            });
        });

        it("flags an expiry beyond maxExpirationDays", async () => {
            const long = withProps(prod.lifecycle, {
                rules: [{ id: "expire", status: "Enabled", expiration: { days: 3650 } }],
            });
            await expectViolation("s3-lifecycle-expiry", replacing(logBucketResources, long), {
                message: "after 3650 days; at most 365",
            });
        });

        it("accepts the deprecated inline lifecycle rules", async () => {
            const inline = fakeResource(nt.bucket, "inline", {
                lifecycleRules: [{ enabled: true, expiration: { days: 30 } }],
            });
            await expectCompliant("s3-lifecycle-expiry", [inline]);
        });
    });
});
