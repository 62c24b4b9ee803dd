import { expectCompliant, expectNotApplicable, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { key, withProps } from "../platform-stack";

describe("policies/kms/key", () => {
    describe("kms-rotation", () => {
        it("passes a symmetric key with rotation", async () => {
            await expectCompliant("kms-rotation", [key]);
        });

        it("flags a symmetric key without rotation (unset counts)", async () => {
            await expectViolation("kms-rotation", [withProps(key, { enableKeyRotation: undefined })], {
                message: "enableKeyRotation is not true",
            });
        });

        it("flags a rotation period longer than maxRotationPeriodDays", async () => {
            await expectViolation("kms-rotation", [withProps(key, { rotationPeriodInDays: 730 })], {
                message: "rotationPeriodInDays is 730",
            });
        });

        it("does not apply to asymmetric, HMAC or custom key store keys", async () => {
            await expectNotApplicable("kms-rotation", [
                withProps(key, {
                    customerMasterKeySpec: "RSA_2048",
                    keyUsage: "SIGN_VERIFY",
                    enableKeyRotation: false,
                }),
            ]);
            await expectNotApplicable("kms-rotation", [
                withProps(key, { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }),
            ]);
            await expectNotApplicable("kms-rotation", [
                withProps(key, { customKeyStoreId: "cks-1234", enableKeyRotation: false }),
            ]);
        });

        it("is advisory in a preview while the rotation setting is unknown", async () => {
            await expectPreviewAdvisory("kms-rotation", [withProps(key, { enableKeyRotation: UNKNOWN })]);
        });
    });

    describe("kms-deletion-window", () => {
        it("passes a 30-day window, and the default when unset", async () => {
            await expectCompliant("kms-deletion-window", [key, withProps(key, { deletionWindowInDays: undefined })]);
        });

        it("flags a window shorter than minDeletionWindowDays", async () => {
            await expectViolation("kms-deletion-window", [withProps(key, { deletionWindowInDays: 7 })], {
                message: "deletionWindowInDays is 7, less than 30",
            });
        });

        it("accepts a 7-day window when configured (staging)", async () => {
            await expectCompliant("kms-deletion-window", [withProps(key, { deletionWindowInDays: 7 })], {
                config: { "kms-deletion-window": { minDeletionWindowDays: 7 } },
            });
        });

        it("flags a disabled key", async () => {
            await expectViolation("kms-deletion-window", [withProps(key, { isEnabled: false })], {
                message: "isEnabled is false",
            });
        });
    });
});
