import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import {
    executionRole,
    instanceRoleAttachment,
    policyJson,
    pullAndLog,
    typeTokens,
    withProps,
} from "../platform-stack";

describe("policies/iam/no-admin", () => {
    describe("iam-no-admin", () => {
        it("passes scoped policies and allow-listed managed attachments", async () => {
            await expectCompliant("iam-no-admin", [pullAndLog, instanceRoleAttachment]);
        });

        it("flags Action * on Resource * in a role inline policy", async () => {
            const role = withProps(executionRole, {
                inlinePolicies: [
                    { name: "admin", policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }) },
                ],
            });
            await expectViolation("iam-no-admin", [role], {
                message: 'inline policy "admin", statement #1: allows every action on every resource',
            });
        });

        it("flags NotAction on every resource in a customer managed policy", async () => {
            const policy = fakeResource(typeTokens.policy, "almost-admin", {
                policy: policyJson({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }),
            });
            await expectViolation("iam-no-admin", [policy], { message: "every action except NotAction [iam:*]" });
        });

        it("flags an attached AdministratorAccess", async () => {
            const attachment = withProps(instanceRoleAttachment, {
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            });
            await expectViolation("iam-no-admin", [attachment], { message: "AdministratorAccess" });
            const role = withProps(executionRole, {
                managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"],
            });
            await expectViolation("iam-no-admin", [role], { urn: role.urn });
        });

        it("passes a Deny of everything", async () => {
            await expectCompliant("iam-no-admin", [
                withProps(pullAndLog, { policy: policyJson({ Effect: "Deny", Action: "*", Resource: "*" }) }),
            ]);
        });

        it("reports identity documents that are not valid JSON", async () => {
            await expectViolation("iam-no-admin", [withProps(pullAndLog, { policy: "{oops" })], {
                message: "policy is not valid JSON",
            });
        });

        it("is advisory in a preview while a document is unknown", async () => {
            await expectPreviewAdvisory("iam-no-admin", [withProps(pullAndLog, { policy: UNKNOWN })]);
        });
    });
});
