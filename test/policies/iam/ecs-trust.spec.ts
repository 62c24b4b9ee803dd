import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import {
    account,
    executionRole,
    flowLogRole,
    instanceRole,
    policyJson,
    typeTokens,
    taskDefinition,
    taskRole,
    withProps,
} from "../platform-stack";

const ecsTasks = { Service: "ecs-tasks.amazonaws.com" };
const sourceAccount = { StringEquals: { "aws:SourceAccount": account } };

describe("policies/iam/ecs-trust", () => {
    describe("iam-ecs-trust", () => {
        it("passes task and execution roles trusting ecs-tasks with aws:SourceAccount, ignoring other service roles", async () => {
            await expectCompliant("iam-ecs-trust", [
                executionRole,
                taskRole,
                taskDefinition(),
                instanceRole,
                flowLogRole,
            ]);
        });

        it("flags a task role without a source condition", async () => {
            const role = withProps(taskRole, {
                assumeRolePolicy: policyJson({ Effect: "Allow", Principal: ecsTasks, Action: "sts:AssumeRole" }),
            });
            await expectViolation("iam-ecs-trust", [executionRole, role, taskDefinition()], {
                urn: taskRole.urn,
                message: "has no aws:SourceAccount or aws:SourceArn condition",
            });
        });

        it("accepts a missing source condition when requireSourceCondition is off", async () => {
            const role = withProps(taskRole, {
                assumeRolePolicy: policyJson({ Effect: "Allow", Principal: ecsTasks, Action: "sts:AssumeRole" }),
            });
            await expectCompliant("iam-ecs-trust", [executionRole, role, taskDefinition()], {
                config: { "iam-ecs-trust": { requireSourceCondition: false } },
            });
        });

        it("flags a role trusting ecs-tasks and another principal, even when no task definition uses it", async () => {
            const shared = fakeResource(typeTokens.role, "shared", {
                assumeRolePolicy: policyJson({
                    Effect: "Allow",
                    Principal: {
                        Service: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"],
                        AWS: `arn:aws:iam::${account}:root`,
                    },
                    Action: "sts:AssumeRole",
                    Condition: sourceAccount,
                }),
            });
            await expectViolation("iam-ecs-trust", [shared], {
                message: "also trusts Service lambda.amazonaws.com, AWS arn:aws:iam::123456789012:root",
            });
        });

        it("flags an execution role that does not trust ecs-tasks at all", async () => {
            const ec2Trust = withProps(executionRole, { assumeRolePolicy: instanceRole.props.assumeRolePolicy });
            await expectViolation("iam-ecs-trust", [ec2Trust, taskRole, taskDefinition()], {
                message: "does not trust ecs-tasks.amazonaws.com",
            });
        });

        it("resolves roles by ARN when the task definition has no dependencies", async () => {
            const open = withProps(executionRole, {
                assumeRolePolicy: policyJson({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
            });
            await expectViolation("iam-ecs-trust", [open, taskRole, taskDefinition({}, {})], {
                urn: executionRole.urn,
                message: "also trusts *",
            });
        });

        it("is advisory in a preview for a used role whose trust policy is unknown", async () => {
            await expectPreviewAdvisory(
                "iam-ecs-trust",
                [withProps(executionRole, { assumeRolePolicy: UNKNOWN }), taskRole, taskDefinition()],
                {
                    urn: executionRole.urn,
                },
            );
        });

        it("is advisory in a preview for a task definition whose role cannot be resolved", async () => {
            const unresolved = taskDefinition({ executionRoleArn: UNKNOWN, taskRoleArn: UNKNOWN }, {});
            await expectPreviewAdvisory("iam-ecs-trust", [executionRole, unresolved], { urn: unresolved.urn });
        });
    });
});
