import { networkStack } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectNotApplicable, expectViolation } from "../helpers";

const { autoScalingGroup, capacityProvider } = networkStack("prod");

describe("policies/compute/auto-scaling", () => {
    describe("asg-launch-template", () => {
        it("flags a launch configuration", async () => {
            const legacy = withProps(autoScalingGroup, {
                launchTemplate: undefined,
                launchConfiguration: "ecs-lc-2019",
            });
            await expectViolation("asg-launch-template", [legacy], { message: "uses a launch configuration" });
        });

        it("passes a launch template, directly or in a mixed instances policy", async () => {
            const mixed = withProps(autoScalingGroup, {
                launchTemplate: undefined,
                mixedInstancesPolicy: {
                    launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-0a0b" } },
                },
            });
            await expectCompliant("asg-launch-template", [autoScalingGroup, mixed]);
        });
    });

    describe("ecs-capacity-provider-termination-protection", () => {
        it("flags managed termination protection off (the default)", async () => {
            const provider = capacityProvider.props.autoScalingGroupProvider as Record<string, unknown>;
            const unprotected = withProps(capacityProvider, {
                autoScalingGroupProvider: { ...provider, managedTerminationProtection: undefined },
            });
            await expectViolation("ecs-capacity-provider-termination-protection", [unprotected], {
                message: "DISABLED (the default)",
            });
        });

        it("passes the platform's capacity provider", async () => {
            await expectCompliant("ecs-capacity-provider-termination-protection", [capacityProvider]);
        });

        it("does not apply to ECS Managed Instances capacity providers", async () => {
            const managedInstances = withProps(capacityProvider, {
                autoScalingGroupProvider: undefined,
                managedInstancesProvider: {},
            });
            await expectNotApplicable("ecs-capacity-provider-termination-protection", [managedInstances]);
        });
    });
});
