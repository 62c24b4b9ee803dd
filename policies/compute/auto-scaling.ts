/** Auto Scaling groups and ECS capacity providers of EC2 capacity. */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

type GroupProps = Unwrap<aws.autoscaling.GroupArgs>;
type CapacityProviderProps = Unwrap<aws.ecs.CapacityProviderArgs>;

export const asgLaunchTemplate: PlatformResourcePolicy = {
    name: "asg-launch-template",
    description: "Checks that Auto Scaling groups launch instances from a launch template, not a launch configuration.",
    severity: "medium",
    remediationSteps:
        'Replace `launchConfiguration` with `launchTemplate: { id: template.id, version: "$Latest" }` (or `mixedInstancesPolicy.launchTemplate`). Launch configurations are deprecated and cannot use IMDSv2-only settings, newer instance types or mixed instances.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:AutoScaling.9", "family:compute"],
    validateResource: validateResourceOfTypes<GroupProps>(awsType("autoscaling", "group"), (group, _args, report) => {
        const template = group.launchTemplate ?? group.mixedInstancesPolicy?.launchTemplate;
        if (group.launchConfiguration !== undefined || template === undefined) {
            report(
                group.launchConfiguration !== undefined
                    ? "The group uses a launch configuration."
                    : "The group has no launch template.",
            );
        }
    }),
};

export const ecsCapacityProviderTerminationProtection: PlatformResourcePolicy = {
    name: "ecs-capacity-provider-termination-protection",
    description:
        "Checks that EC2 capacity providers turn on managed termination protection, so scale-in never terminates an instance that still runs tasks.",
    severity: "medium",
    remediationSteps:
        'Set `autoScalingGroupProvider.managedTerminationProtection: "ENABLED"` with `managedScaling.status: "ENABLED"`, and `protectFromScaleIn: true` on the Auto Scaling group (ECS requires both).',
    enforcementLevel: "advisory",
    tags: ["family:compute"],
    validateResource: validateResourceOfTypes<CapacityProviderProps>(
        awsType("ecs", "capacityProvider"),
        (provider, args, report) => {
            const asgProvider =
                provider.autoScalingGroupProvider ?? args.notApplicable("Not an Auto Scaling group capacity provider");
            if (asgProvider.managedTerminationProtection !== "ENABLED") {
                report(
                    `managedTerminationProtection is ${asgProvider.managedTerminationProtection ?? "DISABLED (the default)"}.`,
                );
            }
        },
    ),
};
