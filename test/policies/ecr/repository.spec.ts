import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectPreviewAdvisory,
    expectRemediation,
    expectViolation,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { repository, withProps } from "../platform-stack";

describe("policies/ecr/repository", () => {
    describe("ecr-tag-immutable", () => {
        it("passes an IMMUTABLE repository", async () => {
            await expectCompliant("ecr-tag-immutable", [repository]);
        });

        it("flags a MUTABLE repository when only validating", async () => {
            await expectViolation("ecr-tag-immutable", [withProps(repository, { imageTagMutability: undefined })], {
                config: { "ecr-tag-immutable": "mandatory" },
                message: "imageTagMutability is MUTABLE",
            });
        });

        it("remediates MUTABLE_WITH_EXCLUSION to IMMUTABLE and drops the exclusion filters (default level remediate)", async () => {
            const mutable = withProps(repository, {
                imageTagMutability: "MUTABLE_WITH_EXCLUSION",
                imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }],
            });
            const violations = await expectRemediation("ecr-tag-immutable", [mutable], {
                props: { imageTagMutability: "IMMUTABLE", imageTagMutabilityExclusionFilters: undefined },
            });
            assert.equal(violations.length, 1, "the remediated props pass validation");
        });

        it("remediates in a preview where an unrelated value (the name) is unknown, so the preview does not block", async () => {
            const violations = await violationsOf(
                "ecr-tag-immutable",
                [withProps(repository, { name: UNKNOWN, imageTagMutability: "MUTABLE" })],
                { preview: true },
            );
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["remediate"],
                JSON.stringify(violations, null, 2),
            );
        });

        it("accepts IMMUTABLE_WITH_EXCLUSION only when allowExclusionFilters is set", async () => {
            const withExclusions = withProps(repository, { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" });
            await expectViolation("ecr-tag-immutable", [withExclusions], {
                config: { "ecr-tag-immutable": "mandatory" },
            });
            await expectCompliant("ecr-tag-immutable", [withExclusions], {
                config: { "ecr-tag-immutable": { enforcementLevel: "mandatory", allowExclusionFilters: true } },
            });
        });
    });

    describe("ecr-kms", () => {
        it("passes KMS encryption with the platform CMK", async () => {
            await expectCompliant("ecr-kms", [repository]);
        });

        it("flags the default AES256 encryption", async () => {
            await expectViolation("ecr-kms", [withProps(repository, { encryptionConfigurations: undefined })], {
                message: "AES256",
            });
        });

        it("flags KMS with the AWS managed key (no kmsKey, or the aws/ecr alias)", async () => {
            await expectViolation(
                "ecr-kms",
                [withProps(repository, { encryptionConfigurations: [{ encryptionType: "KMS" }] })],
                {
                    message: "kmsKey is unset",
                },
            );
            const awsManaged = [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:123456789012:alias/aws/ecr" }];
            await expectViolation("ecr-kms", [withProps(repository, { encryptionConfigurations: awsManaged })], {
                message: "alias/aws/ecr",
            });
        });

        it("accepts the AWS managed key when requireCustomerManagedKey is off", async () => {
            await expectCompliant(
                "ecr-kms",
                [withProps(repository, { encryptionConfigurations: [{ encryptionType: "KMS" }] })],
                {
                    config: { "ecr-kms": { requireCustomerManagedKey: false } },
                },
            );
        });

        it("is advisory in a preview while the key ARN is unknown", async () => {
            await expectPreviewAdvisory("ecr-kms", [
                withProps(repository, { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }] }),
            ]);
        });
    });

    describe("ecr-no-force-delete", () => {
        it("passes forceDelete false", async () => {
            await expectCompliant("ecr-no-force-delete", [repository]);
        });

        it("flags forceDelete true", async () => {
            await expectViolation("ecr-no-force-delete", [withProps(repository, { forceDelete: true })], {
                message: "forceDelete is true",
            });
        });

        it("accepts forceDelete when allowForceDelete is set (ephemeral stacks)", async () => {
            const violations = await violationsOf(
                "ecr-no-force-delete",
                [withProps(repository, { forceDelete: true })],
                {
                    config: { "ecr-no-force-delete": { allowForceDelete: true } },
                },
            );
            assert.deepEqual(violations, []);
        });
    });
});
