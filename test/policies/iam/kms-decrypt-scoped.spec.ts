import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { keyArn, policyJson, secretsPolicy, withProps } from "../platform-stack";

const decryptOn = (resource: string | string[], extra: object = {}) =>
    withProps(secretsPolicy, {
        policy: policyJson({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: resource, ...extra }),
    });

describe("policies/iam/kms-decrypt-scoped", () => {
    describe("iam-kms-decrypt-scoped", () => {
        it("passes kms:Decrypt on the platform key", async () => {
            await expectCompliant("iam-kms-decrypt-scoped", [secretsPolicy, decryptOn(keyArn)]);
        });

        it("flags kms:Decrypt on *", async () => {
            await expectViolation("iam-kms-decrypt-scoped", [decryptOn("*")], {
                message: "allows kms:Decrypt on every KMS key",
            });
        });

        it("flags kms:ReEncrypt* and kms:* on key/*", async () => {
            const document = policyJson({
                Effect: "Allow",
                Action: ["kms:ReEncrypt*", "kms:*"],
                Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
            });
            await expectViolation("iam-kms-decrypt-scoped", [withProps(secretsPolicy, { policy: document })], {
                message: "allows kms:Decrypt, kms:ReEncryptFrom on every KMS key",
            });
        });

        it("accepts * with a kms:ViaService condition only when configured", async () => {
            const viaSecretsManager = decryptOn("*", {
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
            });
            await expectViolation("iam-kms-decrypt-scoped", [viaSecretsManager]);
            await expectCompliant("iam-kms-decrypt-scoped", [viaSecretsManager], {
                config: { "iam-kms-decrypt-scoped": { allowWithViaServiceCondition: true } },
            });
        });

        it("is advisory in a preview while the key ARN in an object document is unknown", async () => {
            const document = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["kms:Decrypt"], Resource: UNKNOWN }],
            };
            await expectPreviewAdvisory("iam-kms-decrypt-scoped", [withProps(secretsPolicy, { policy: document })]);
        });
    });
});
