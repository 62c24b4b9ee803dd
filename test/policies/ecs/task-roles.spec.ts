import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { compliantStack, replacing, taskDefinition, withProps } from "./fixtures";

describe("policies/ecs/task-roles", () => {
    describe("ecs-task-role-ne-exec-role", () => {
        const name = "ecs-task-role-ne-exec-role";

        it("accepts distinct role resources, even while their ARNs are unknown", async () => {
            const stack = compliantStack();
            await expectCompliant(name, stack.all);
            const preview = withProps(stack.task, { taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN });
            await expectCompliant(name, replacing(stack.all, preview), { preview: true });
        });

        it("flags one role resource used for both, matched by property dependency (awsx-style task definition)", async () => {
            const stack = compliantStack();
            const shared = withProps(
                stack.task,
                { taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN },
                {
                    propertyDependencies: {
                        taskRoleArn: [stack.executionRole.urn],
                        executionRoleArn: [stack.executionRole.urn],
                    },
                },
            );
            await expectViolation(name, replacing(stack.all, shared), {
                preview: true,
                urn: stack.task.urn,
                message: "taskRoleArn and executionRoleArn are both role execution",
            });
        });

        it("flags equal literal ARNs", async () => {
            const arn = "arn:aws:iam::123456789012:role/shared";
            await expectViolation(name, [taskDefinition({ taskRoleArn: arn, executionRoleArn: arn })], {
                message: `both ${arn}`,
            });
        });

        it("accepts a task definition without a task role", async () => {
            await expectCompliant(name, [taskDefinition({ taskRoleArn: undefined })]);
        });

        it("notes an unknown ARN that no role of the stack explains", async () => {
            await expectPreviewAdvisory(name, [taskDefinition({ taskRoleArn: UNKNOWN })], {
                message: "a role ARN is unknown",
            });
        });
    });
});
