import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { secret, withProps } from "../platform-stack";

describe("policies/secrets/secret", () => {
    describe("secret-cmk", () => {
        it("passes a secret encrypted with the platform CMK", async () => {
            await expectCompliant("secret-cmk", [secret]);
        });

        it("flags a secret without kmsKeyId, or with the aws/secretsmanager alias", async () => {
            await expectViolation("secret-cmk", [withProps(secret, { kmsKeyId: undefined })], {
                message: "kmsKeyId is unset",
            });
            await expectViolation("secret-cmk", [withProps(secret, { kmsKeyId: "alias/aws/secretsmanager" })], {
                message: "alias/aws/secretsmanager",
            });
        });

        it("accepts the AWS managed key when allowAwsManagedKey is set", async () => {
            await expectCompliant("secret-cmk", [withProps(secret, { kmsKeyId: undefined })], {
                config: { "secret-cmk": { allowAwsManagedKey: true } },
            });
        });

        it("is advisory in a preview while the key ARN is unknown", async () => {
            await expectPreviewAdvisory("secret-cmk", [withProps(secret, { kmsKeyId: UNKNOWN })]);
        });
    });

    describe("secret-recovery-window", () => {
        it("passes a 30-day window, and the default when unset", async () => {
            await expectCompliant("secret-recovery-window", [
                secret,
                withProps(secret, { recoveryWindowInDays: undefined }),
            ]);
        });

        it("flags a window of 0 (force delete)", async () => {
            await expectViolation("secret-recovery-window", [withProps(secret, { recoveryWindowInDays: 0 })], {
                message: "recoveryWindowInDays is 0",
            });
        });

        it("flags a window below minRecoveryWindowDays", async () => {
            await expectViolation("secret-recovery-window", [withProps(secret, { recoveryWindowInDays: 7 })], {
                config: { "secret-recovery-window": { minRecoveryWindowDays: 30 } },
                message: "recoveryWindowInDays is 7, less than 30",
            });
        });
    });
});
