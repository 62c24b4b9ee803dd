/** Container logs: every container logs, to a log group this stack manages (so retention and KMS rules apply). */
import {
    checkEachResource,
    containerDefinitions,
    identifies,
    policyConfig,
    resourcesOfType,
    types,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";
import { containerLabel, validateContainers } from "./common";

export const ecsContainerLogging: PlatformResourcePolicy = {
    name: "ecs-container-logging",
    description: "Checks that every container has a log driver.",
    severity: "medium",
    remediationSteps:
        'Add `logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": <log group name>, "awslogs-region": <region>, "awslogs-stream-prefix": <service> } }` to each container.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.9", "cdk-nag:AwsSolutions-ECS7", "family:ecs"],
    validateResource: validateContainers((containers, _task, _args, report) => {
        containers.forEach((container, i) => {
            if (!container.logConfiguration?.logDriver) {
                report(`${containerLabel(container, i)} has no logConfiguration.logDriver.`);
            }
        });
    }),
};

const driverSchema = {
    properties: {
        allowedLogDrivers: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["awslogs", "awsfirelens"],
            description: "Log drivers containers may use; `awslogs` groups must also be managed by the stack.",
        },
    },
};

export const ecsAwslogsGroupManaged: PlatformStackPolicy = {
    name: "ecs-awslogs-group-managed",
    description:
        "Checks that containers log with an allowed driver and that every `awslogs-group` is a CloudWatch log group managed in the same stack.",
    severity: "medium",
    remediationSteps:
        'Create the group as `aws.cloudwatch.LogGroup` (with retention and KMS) in this stack and pass its `name` as `options["awslogs-group"]`; do not rely on `awslogs-create-group`.',
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    configSchema: driverSchema,
    validateStack: validateStackOfTypes(types.ecsTaskDefinition, (taskDefinitions, args, report) => {
        const { allowedLogDrivers } = policyConfig<{ allowedLogDrivers: string[] }>(args, driverSchema);
        const logGroups = resourcesOfType(args.resources, types.logGroup);
        checkEachResource(taskDefinitions, report, task => {
            const containers = containerDefinitions(task.props) ?? [];
            containers.forEach((container, i) => {
                const logging = container.logConfiguration;
                if (!logging?.logDriver) {
                    return; // ecs-container-logging reports this
                }
                if (!allowedLogDrivers.includes(logging.logDriver)) {
                    report(`${containerLabel(container, i)} uses log driver "${logging.logDriver}".`, task.urn);
                    return;
                }
                if (logging.logDriver !== "awslogs") {
                    return;
                }
                const group = logging.options?.["awslogs-group"];
                if (!logGroups.some(logGroup => identifies(group, logGroup))) {
                    report(
                        `${containerLabel(container, i)} logs to ${group ? `"${group}"` : "no awslogs-group"}, which is not a log group of this stack.`,
                        task.urn,
                    );
                }
            });
        });
    }),
};

export const loggingPolicies = [ecsContainerLogging, ecsAwslogsGroupManaged];
