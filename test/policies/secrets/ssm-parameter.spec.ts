import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { parameter, withProps } from "../platform-stack";

describe("policies/secrets/ssm-parameter", () => {
    describe("ssm-secure-parameter", () => {
        it("passes a SecureString with the platform CMK, and a plain setting", async () => {
            await expectCompliant("ssm-secure-parameter", [
                parameter,
                withProps(parameter, { name: "/prod/api/LOG_LEVEL", type: "String", keyId: undefined }),
            ]);
        });

        it("flags a String parameter whose name or description says it is a secret", async () => {
            await expectViolation(
                "ssm-secure-parameter",
                [withProps(parameter, { type: "String", keyId: undefined })],
                {
                    message: "looks like a secret (matches",
                },
            );
            await expectViolation("ssm-secure-parameter", [
                withProps(parameter, { name: "/prod/api/STRIPE", type: "String", description: "Stripe API key" }),
            ]);
        });

        it("flags a SecureString with the AWS managed key", async () => {
            await expectViolation("ssm-secure-parameter", [withProps(parameter, { keyId: undefined })], {
                message: "keyId is unset",
            });
            await expectViolation("ssm-secure-parameter", [withProps(parameter, { keyId: "alias/aws/ssm" })], {
                message: "alias/aws/ssm",
            });
        });

        it("follows a configured secretNamePattern", async () => {
            const dsn = withProps(parameter, { name: "/prod/api/DATABASE_DSN", type: "String", keyId: undefined });
            await expectCompliant("ssm-secure-parameter", [dsn]);
            await expectViolation("ssm-secure-parameter", [dsn], {
                config: { "ssm-secure-parameter": { secretNamePattern: "dsn|password" } },
            });
        });

        it("is advisory in a preview while the key is unknown", async () => {
            await expectPreviewAdvisory("ssm-secure-parameter", [withProps(parameter, { keyId: UNKNOWN })]);
        });
    });
});
