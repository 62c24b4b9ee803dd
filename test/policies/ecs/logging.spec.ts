import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { compliantStack, container, replacing, taskDefinition, withProps } from "./fixtures";

describe("policies/ecs/logging", () => {
    describe("ecs-container-logging", () => {
        const name = "ecs-container-logging";

        it("accepts containers with a log driver", async () => {
            await expectCompliant(name, [taskDefinition()]);
        });

        it("flags a container without logConfiguration", async () => {
            await expectViolation(
                name,
                [taskDefinition({}, [container(), container({ name: "sidecar", logConfiguration: undefined })])],
                {
                    message: 'container "sidecar" has no logConfiguration.logDriver',
                },
            );
        });

        it("cannot be checked while containerDefinitions is unknown", async () => {
            await expectPreviewAdvisory(name, [taskDefinition({ containerDefinitions: UNKNOWN })]);
        });
    });

    describe("ecs-awslogs-group-managed", () => {
        const name = "ecs-awslogs-group-managed";
        const withLogging = (logConfiguration: Record<string, unknown>) => {
            const stack = compliantStack();
            const task = withProps(stack.task, {
                containerDefinitions: JSON.stringify([container({ logConfiguration })]),
            });
            return replacing(stack.all, task);
        };

        it("accepts awslogs to a log group of the stack, and FireLens", async () => {
            await expectCompliant(name, compliantStack().all);
            await expectCompliant(name, withLogging({ logDriver: "awsfirelens", options: { Name: "cloudwatch" } }));
        });

        it("flags awslogs to a group the stack does not manage", async () => {
            await expectViolation(
                name,
                withLogging({
                    logDriver: "awslogs",
                    options: { "awslogs-group": "/ecs/adhoc", "awslogs-create-group": "true" },
                }),
                {
                    message: 'logs to "/ecs/adhoc", which is not a log group of this stack',
                },
            );
            await expectViolation(name, withLogging({ logDriver: "awslogs", options: {} }), {
                message: "logs to no awslogs-group",
            });
        });

        it("flags log drivers that are not allowed", async () => {
            await expectViolation(name, withLogging({ logDriver: "json-file" }), {
                message: 'uses log driver "json-file"',
            });
        });

        it("notes an unknown containerDefinitions on that task definition only", async () => {
            const stack = compliantStack();
            await expectPreviewAdvisory(
                name,
                replacing(stack.all, withProps(stack.task, { containerDefinitions: UNKNOWN })),
                { urn: stack.task.urn },
            );
        });
    });
});
