import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { account, executionRole, policyJson, rolePolicy, typeTokens } from "../platform-stack";

const name = "iam-no-privilege-escalation";
const policy = (...statements: object[]) =>
    fakeResource(typeTokens.policy, "operator", { policy: policyJson(...statements) });

describe("policies/iam/privilege-escalation", () => {
    describe(name, () => {
        it("flags the escalation actions on every user, role, group or policy", async () => {
            const cases: [object, string][] = [
                [{ Effect: "Allow", Action: "iam:CreateLoginProfile", Resource: "*" }, "iam:CreateLoginProfile"],
                [
                    { Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: `arn:aws:iam::${account}:user/*` },
                    "iam:CreateAccessKey",
                ],
                [
                    {
                        Effect: "Allow",
                        Action: "iam:CreatePolicyVersion",
                        Resource: `arn:aws:iam::${account}:policy/*`,
                    },
                    "iam:CreatePolicyVersion",
                ],
                [{ Effect: "Allow", Action: "iam:Attach*Policy", Resource: "*" }, "iam:AttachUserPolicy"],
                [
                    { Effect: "Allow", Action: "iam:UpdateAssumeRolePolicy", NotResource: "arn:aws:iam::1:role/admin" },
                    "iam:UpdateAssumeRolePolicy",
                ],
            ];
            for (const [statement, action] of cases) {
                await expectViolation(name, [policy(statement)], { message: `allows ${action}` });
            }
        });

        it("checks role inline and standalone role policies too", async () => {
            const inline = rolePolicy(
                executionRole,
                "self-service",
                policyJson({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }),
            );
            await expectViolation(name, [inline], { message: "iam:PutRolePolicy" });
        });

        it("passes the actions on named identities, and unrelated IAM reads on *", async () => {
            await expectCompliant(name, [
                policy(
                    {
                        Effect: "Allow",
                        Action: ["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
                        Resource: `arn:aws:iam::${account}:user/ci/deployer`,
                    },
                    { Effect: "Allow", Action: ["iam:GetRole", "iam:ListRoles"], Resource: "*" },
                    { Effect: "Deny", Action: "iam:*", Resource: "*" },
                ),
            ]);
        });

        it("is advisory in a preview while the document is unknown", async () => {
            await expectPreviewAdvisory(name, [fakeResource(typeTokens.policy, "operator", { policy: UNKNOWN })]);
        });
    });
});
