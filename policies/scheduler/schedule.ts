/** EventBridge Scheduler schedules that run ECS tasks: private tasks, and a role scoped to what it starts. */
import type * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    identifies,
    isSetOrPending,
    knownValue,
    refersTo,
    types,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";

type ScheduleProps = Unwrap<aws.scheduler.ScheduleArgs>;
const scheduleType = awsType("scheduler", "schedule");
const rolePolicyType = awsType("iam", "rolePolicy");

export const schedulerTaskPrivate: PlatformResourcePolicy = {
    name: "scheduler-task-private",
    description: "Checks that schedules starting ECS tasks run them in subnets without a public IP.",
    severity: "high",
    remediationSteps:
        "Set `target.ecsParameters.networkConfiguration.assignPublicIp: false` and private subnets (egress through NAT or VPC endpoints).",
    enforcementLevel: "mandatory",
    tags: ["family:scheduler"],
    validateResource: validateResourceOfTypes<ScheduleProps>(scheduleType, (schedule, _args, report) => {
        const ecs = knownValue(() => schedule.target?.ecsParameters);
        if (!ecs) return;
        if (knownValue(() => ecs.networkConfiguration?.assignPublicIp) === true) {
            report("The scheduled ECS task gets a public IP: every run is reachable from the internet.");
        }
        if (!isSetOrPending(() => ecs.networkConfiguration)) {
            report(
                "The scheduled ECS task names no networkConfiguration: set private subnets and assignPublicIp false.",
            );
        }
    }),
};

/** Every statement of the inline policies attached to `role`. */
function statementsOf(role: PolicyResource, resources: PolicyResource[]): any[] {
    return resources
        .filter(
            r =>
                r.type === rolePolicyType &&
                (refersTo(r, role) ||
                    identifies(
                        knownValue(() => r.props.role),
                        role,
                    )),
        )
        .flatMap(policy => {
            const text = knownValue(() => policy.props.policy);
            try {
                return typeof text === "string" ? [JSON.parse(text).Statement].flat() : [];
            } catch {
                return [];
            }
        });
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const grants = (statement: any, action: string) =>
    statement.Effect === "Allow" &&
    asList(statement.Action).some(a => a === action || a === "*" || a === action.split(":")[0] + ":*");

export const schedulerRoleScoped: PlatformStackPolicy = {
    name: "scheduler-role-scoped",
    description:
        "Checks that a schedule's role may run only named task definitions and pass only named roles (no `*` resource).",
    severity: "high",
    remediationSteps:
        "Scope `ecs:RunTask` to `arn:aws:ecs:<region>:<account>:task-definition/<family>:*` (with an `ecs:cluster` condition) and `iam:PassRole` to the task's execution and task role ARNs.",
    enforcementLevel: "mandatory",
    tags: ["family:scheduler"],
    validateStack: validateStackOfTypes(scheduleType, (schedules, args, report) => {
        const roles = args.resources.filter(r => r.type === types.iamRole);
        for (const schedule of schedules) {
            const roleArn = knownValue(() => schedule.props.target?.roleArn);
            const role = roles.find(
                r => identifies(roleArn, r) || (schedule.propertyDependencies.target ?? []).some(d => d.urn === r.urn),
            );
            if (!role) continue;
            for (const statement of statementsOf(role, args.resources)) {
                for (const action of ["ecs:RunTask", "iam:PassRole"]) {
                    if (grants(statement, action) && asList(statement.Resource).some(r => r === "*")) {
                        report(
                            `Role ${role.name} of schedule ${schedule.name} allows ${action} on "*": a schedule could then start any task with any role.`,
                            schedule.urn,
                        );
                    }
                }
            }
        }
    }),
};

export const schedulerPolicies = [schedulerTaskPrivate, schedulerRoleScoped];
