/** The task role (what the app may do) and the execution role (what ECS does to start it) must be different roles. */
import type { PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    readKnown,
    reportAdvisory,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";

/** IAM role resources of the stack that a task definition property depends on. */
function rolesBehind(task: PolicyResource, property: "taskRoleArn" | "executionRoleArn"): PolicyResource[] {
    return (task.propertyDependencies[property] ?? []).filter(r => r.type === types.iamRole);
}

export const ecsTaskRoleNotExecutionRole: PlatformStackPolicy = {
    name: "ecs-task-role-ne-exec-role",
    description: "Checks that a task definition's task role and execution role are different IAM roles.",
    severity: "high",
    remediationSteps:
        "Create a separate `aws.iam.Role` for `taskRoleArn` (the app's permissions) and for `executionRoleArn` (ECR pull, logs, secrets); never pass the same role to both.",
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_249", "family:ecs"],
    validateStack: validateStackOfTypes(types.ecsTaskDefinition, (taskDefinitions, _args, report) => {
        checkEachResource(taskDefinitions, report, task => {
            // Role ARNs are unknown until the roles exist, so compare the roles the properties depend on first.
            const taskRoles = rolesBehind(task, "taskRoleArn");
            const executionRoles = rolesBehind(task, "executionRoleArn");
            const shared = taskRoles.find(role => executionRoles.includes(role));
            if (shared) {
                report(`taskRoleArn and executionRoleArn are both role ${shared.name}.`, task.urn);
                return;
            }
            if (taskRoles.length > 0 && executionRoles.length > 0) {
                return;
            }
            const taskRole = readKnown(() => task.props.taskRoleArn);
            const executionRole = readKnown(() => task.props.executionRoleArn);
            if ((taskRole.known && !taskRole.value) || (executionRole.known && !executionRole.value)) {
                return; // without both roles there is nothing to share
            }
            if (!taskRole.known || !executionRole.known) {
                reportAdvisory(
                    report,
                    task.urn,
                    "cannot be checked during preview: a role ARN is unknown and is not traceable to a role of this stack.",
                );
            } else if (taskRole.value === executionRole.value) {
                report(`taskRoleArn and executionRoleArn are both ${taskRole.value}.`, task.urn);
            }
        });
    }),
};

export const taskRolePolicies = [ecsTaskRoleNotExecutionRole];
