import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { executionRoleArn, policyJson, typeTokens, taskRoleArn } from "../platform-stack";

const deployer = (statement: object) => fakeResource(typeTokens.policy, "deployer", { policy: policyJson(statement) });

describe("policies/iam/passrole-scoped", () => {
    describe("iam-passrole-scoped", () => {
        it("passes iam:PassRole on the task and execution roles", async () => {
            await expectCompliant("iam-passrole-scoped", [
                deployer({ Effect: "Allow", Action: "iam:PassRole", Resource: [executionRoleArn, taskRoleArn] }),
            ]);
        });

        it("flags iam:PassRole on * and through iam:*", async () => {
            await expectViolation(
                "iam-passrole-scoped",
                [deployer({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })],
                {
                    message: "allows iam:PassRole on every role",
                },
            );
            await expectViolation("iam-passrole-scoped", [
                deployer({ Effect: "Allow", Action: "iam:*", Resource: "arn:aws:iam::123456789012:role/*" }),
            ]);
        });

        it("accepts * with iam:PassedToService only when configured", async () => {
            const scoped = deployer({
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: "*",
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            });
            await expectViolation("iam-passrole-scoped", [scoped]);
            await expectCompliant("iam-passrole-scoped", [scoped], {
                config: { "iam-passrole-scoped": { allowWithPassedToServiceCondition: true } },
            });
        });

        it("is advisory in a preview while the role ARNs are unknown", async () => {
            await expectPreviewAdvisory("iam-passrole-scoped", [
                fakeResource(typeTokens.policy, "deployer", { policy: UNKNOWN }),
            ]);
        });
    });
});
