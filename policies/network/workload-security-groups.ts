/** Each workload has a security group of its own, so opening one workload's port never opens another's. */
import type { PolicyResource } from "@pulumi/policy";
import { awsType, identifies, referenceIds, types, validateStackOfTypes, type PlatformStackPolicy } from "../lib";

const scheduleType = awsType("scheduler", "schedule");

/** The known security group ids a service or schedule puts its tasks in (unknown ones, in preview, are skipped). */
function groupsOf(workload: PolicyResource): string[] {
    return referenceIds(() =>
        workload.type === scheduleType
            ? workload.props.target?.ecsParameters?.networkConfiguration?.securityGroups
            : workload.props.networkConfiguration?.securityGroups,
    ).values;
}

export const sgPerWorkload: PlatformStackPolicy = {
    name: "sg-per-workload",
    description:
        "Checks that no security group is shared by two ECS services or scheduled tasks (east-west least privilege).",
    severity: "medium",
    remediationSteps:
        "Give each service and scheduled task its own group, and admit callers by referencing their groups (the platform's WorkloadSecurityGroups with `calls:`).",
    enforcementLevel: "mandatory",
    tags: ["family:network"],
    validateStack: validateStackOfTypes([types.ecsService, scheduleType], (workloads, args, report) => {
        const groups = args.resources.filter(r => r.type === types.securityGroup);
        // Read once per workload, not once per workload and group.
        const groupIds = new Map(workloads.map(w => [w, groupsOf(w)]));
        for (const group of groups) {
            const users = workloads.filter(w => groupIds.get(w)!.some(id => identifies(id, group)));
            if (users.length > 1) {
                report(
                    `Security group ${group.name} is shared by ${users.map(u => u.name).join(", ")}: a rule meant for one opens all of them.`,
                    group.urn,
                );
            }
        }
    }),
};

export const workloadSecurityGroupPolicies = [sgPerWorkload];
