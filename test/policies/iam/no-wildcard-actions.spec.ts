import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { ecsExec, policyJson, pullAndLog, withProps } from "../platform-stack";

describe("policies/iam/no-wildcard-actions", () => {
    describe("iam-no-wildcard-actions", () => {
        it("passes named actions, even on Resource * where IAM requires it", async () => {
            await expectCompliant("iam-no-wildcard-actions", [pullAndLog, ecsExec]);
        });

        it("flags svc:* and prefix wildcards", async () => {
            const document = policyJson({
                Effect: "Allow",
                Action: ["ecr:*", "logs:Put*", "s3:GetObject"],
                Resource: "*",
            });
            await expectViolation("iam-no-wildcard-actions", [withProps(pullAndLog, { policy: document })], {
                message: "allows wildcard actions ecr:*, logs:Put*.",
            });
        });

        it("flags NotAction in an Allow", async () => {
            const document = policyJson({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::bucket/*" });
            await expectViolation("iam-no-wildcard-actions", [withProps(pullAndLog, { policy: document })], {
                message: "uses NotAction",
            });
        });

        it("accepts allow-listed patterns and wildcards in Deny statements", async () => {
            const document = policyJson(
                { Effect: "Allow", Action: ["logs:Describe*"], Resource: "*" },
                { Effect: "Deny", Action: "iam:*", Resource: "*" },
            );
            await expectCompliant("iam-no-wildcard-actions", [withProps(pullAndLog, { policy: document })], {
                config: { "iam-no-wildcard-actions": { allowedWildcardActions: ["LOGS:describe*"] } },
            });
        });

        it("is advisory in a preview while a document is unknown", async () => {
            await expectPreviewAdvisory("iam-no-wildcard-actions", [withProps(pullAndLog, { policy: UNKNOWN })]);
        });
    });
});
