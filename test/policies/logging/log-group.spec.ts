import { expectCompliant, expectNotApplicable, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { logGroup, withProps } from "../platform-stack";

describe("policies/logging/log-group", () => {
    describe("log-retention-set", () => {
        it("passes a log group with a retention", async () => {
            await expectCompliant("log-retention-set", [logGroup]);
        });

        it("flags unset and 0 (never expire)", async () => {
            await expectViolation("log-retention-set", [withProps(logGroup, { retentionInDays: undefined })], {
                message: "retentionInDays is unset",
            });
            await expectViolation("log-retention-set", [withProps(logGroup, { retentionInDays: 0 })], {
                message: "retentionInDays is 0",
            });
        });

        it("accepts never-expire when allowNeverExpire is set", async () => {
            await expectCompliant("log-retention-set", [withProps(logGroup, { retentionInDays: 0 })], {
                config: { "log-retention-set": { allowNeverExpire: true } },
            });
        });

        it("does not apply to DELIVERY log groups (fixed retention)", async () => {
            await expectNotApplicable("log-retention-set", [
                withProps(logGroup, { retentionInDays: undefined, logGroupClass: "DELIVERY" }),
            ]);
        });

        it("is advisory in a preview while the retention is unknown", async () => {
            await expectPreviewAdvisory("log-retention-set", [withProps(logGroup, { retentionInDays: UNKNOWN })]);
        });
    });

    describe("log-retention-bounds", () => {
        it("passes 90 days within the default bounds", async () => {
            await expectCompliant("log-retention-bounds", [logGroup]);
        });

        it("flags a retention below minDays and above maxDays", async () => {
            await expectViolation("log-retention-bounds", [withProps(logGroup, { retentionInDays: 3 })], {
                message: "retentionInDays is 3, less than 14",
            });
            await expectViolation("log-retention-bounds", [withProps(logGroup, { retentionInDays: 3653 })], {
                message: "more than 365",
            });
        });

        it("uses the configured bounds (prod: at least 90 days)", async () => {
            await expectViolation("log-retention-bounds", [withProps(logGroup, { retentionInDays: 30 })], {
                config: { "log-retention-bounds": { minDays: 90, maxDays: 731 } },
                message: "less than 90",
            });
        });

        it("leaves unset/0 to log-retention-set", async () => {
            await expectNotApplicable("log-retention-bounds", [withProps(logGroup, { retentionInDays: 0 })]);
        });
    });

    describe("log-group-kms", () => {
        it("passes a log group encrypted with the platform CMK", async () => {
            await expectCompliant("log-group-kms", [logGroup]);
        });

        it("flags a log group without kmsKeyId", async () => {
            await expectViolation("log-group-kms", [withProps(logGroup, { kmsKeyId: undefined })], {
                message: "kmsKeyId is unset",
            });
        });

        it("skips exempt name prefixes", async () => {
            await expectCompliant("log-group-kms", [withProps(logGroup, { kmsKeyId: undefined })], {
                config: { "log-group-kms": { exemptNamePrefixes: ["/ecs/"] } },
            });
        });

        it("is advisory in a preview while the key ARN is unknown", async () => {
            await expectPreviewAdvisory("log-group-kms", [withProps(logGroup, { kmsKeyId: UNKNOWN })]);
        });
    });
});
