import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { account, key, policyJson, withProps } from "../platform-stack";

describe("policies/kms/key-policy", () => {
    describe("kms-policy-no-star", () => {
        it("passes the platform key policy (account root, logs service with an encryption context condition)", async () => {
            await expectCompliant("kms-policy-no-star", [key]);
        });

        it("passes a key without a policy (the default key policy)", async () => {
            await expectCompliant("kms-policy-no-star", [withProps(key, { policy: undefined })]);
        });

        it("flags Principal * without a condition", async () => {
            const open = withProps(key, {
                policy: policyJson({
                    Sid: "Open",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "kms:Decrypt",
                    Resource: "*",
                }),
            });
            await expectViolation("kms-policy-no-star", [open], {
                message: 'statement "Open" allows kms:Decrypt to everyone',
            });
        });

        it("flags Principal * limited by kms:ViaService alone (not a caller condition)", async () => {
            const viaOnly = policyJson({
                Effect: "Allow",
                Principal: "*",
                Action: ["kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
            });
            await expectViolation("kms-policy-no-star", [withProps(key, { policy: viaOnly })]);
        });

        it("flags Principal * pinned only by kms:CallerAccount IfExists, which a caller without the key passes", async () => {
            const ifExists = policyJson({
                Effect: "Allow",
                Principal: "*",
                Action: ["kms:Decrypt"],
                Resource: "*",
                Condition: { StringEqualsIfExists: { "kms:CallerAccount": account } },
            });
            await expectViolation("kms-policy-no-star", [withProps(key, { policy: ifExists })], {
                message: "to everyone without a condition",
            });
        });

        it("passes Principal * pinned with kms:CallerAccount, in an aws.kms.KeyPolicy too", async () => {
            const keyPolicy = fakeResource("aws:kms/keyPolicy:KeyPolicy", "platform-key-policy", {
                keyId: "0d6f3a1e",
                policy: policyJson({
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["kms:Decrypt"],
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "kms:CallerAccount": account,
                            "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
                        },
                    },
                }),
            });
            await expectCompliant("kms-policy-no-star", [keyPolicy]);
        });

        it("is advisory in a preview while the policy is unknown", async () => {
            await expectPreviewAdvisory("kms-policy-no-star", [withProps(key, { policy: UNKNOWN })]);
        });
    });
});
