import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectNotApplicable,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { compliantStack, replacing, t, withProps } from "./fixtures";

describe("policies/ecs/service-availability", () => {
    describe("ecs-service-ha", () => {
        const name = "ecs-service-ha";

        it("accepts two tasks across two AZs", async () => {
            await expectCompliant(name, compliantStack().all);
        });

        it("flags a desiredCount below minTasks (the provider default is 0)", async () => {
            const stack = compliantStack();
            await expectViolation(name, replacing(stack.all, withProps(stack.service, { desiredCount: 1 })), {
                message: "desiredCount 1, below 2",
            });
            await expectViolation(name, replacing(stack.all, withProps(stack.service, { desiredCount: undefined })), {
                message: "desiredCount 0",
            });
        });

        it("flags subnets in a single AZ", async () => {
            const stack = compliantStack();
            const sameZone = withProps(stack.privateB, { availabilityZone: "eu-west-1a" });
            await expectViolation(name, replacing(stack.all, sameZone), {
                message: "runs in 1 availability zone(s), below 2",
            });
        });

        it("takes thresholds from config", async () => {
            const stack = compliantStack();
            await expectCompliant(name, replacing(stack.all, withProps(stack.service, { desiredCount: 1 })), {
                config: { [name]: { minTasks: 1 } },
            });
        });

        it("notes subnets whose AZ it cannot see, and reads desiredCount in preview", async () => {
            const stack = compliantStack();
            const external = withProps(
                stack.service,
                { networkConfiguration: { subnets: ["subnet-elsewhere"] } },
                { propertyDependencies: {} },
            );
            const violations = await violationsOf(name, replacing(stack.all, external));
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["advisory"],
            );
            await expectPreviewAdvisory(
                name,
                replacing(stack.all, withProps(stack.service, { desiredCount: UNKNOWN })),
            );
        });

        it("ignores daemon services", async () => {
            const stack = compliantStack();
            await expectCompliant(name, [
                ...stack.all,
                fakeResource(t.service, "daemon", { schedulingStrategy: "DAEMON", desiredCount: 0 }),
            ]);
        });
    });

    describe("ecs-autoscaling-present", () => {
        const name = "ecs-autoscaling-present";

        it("accepts a target linked by dependency with a policy", async () => {
            await expectCompliant(name, compliantStack().all);
        });

        it("links target and policy by resource id when there are no dependencies", async () => {
            const stack = compliantStack();
            const byId = replacing(
                stack.all,
                withProps(stack.scalingTarget, {}, { propertyDependencies: {} }),
                withProps(stack.scalingPolicy, {}, { propertyDependencies: {} }),
            );
            await expectCompliant(name, byId);
        });

        it("flags a service without a scaling target", async () => {
            const stack = compliantStack();
            const withoutScaling = stack.all.filter(r => r !== stack.scalingTarget && r !== stack.scalingPolicy);
            await expectViolation(name, withoutScaling, {
                urn: stack.service.urn,
                message: "has no application auto scaling target",
            });
        });

        it("flags a target of another service", async () => {
            const stack = compliantStack();
            const other = withProps(
                stack.scalingTarget,
                { resourceId: "service/prod-cluster/other" },
                { propertyDependencies: {} },
            );
            await expectViolation(name, replacing(stack.all, other), {
                message: "has no application auto scaling target",
            });
        });

        it("flags low minCapacity, a max not above min, and a target without policy", async () => {
            const stack = compliantStack();
            await expectViolation(name, replacing(stack.all, withProps(stack.scalingTarget, { minCapacity: 1 })), {
                message: "minCapacity 1, below 2",
            });
            await expectViolation(name, replacing(stack.all, withProps(stack.scalingTarget, { maxCapacity: 2 })), {
                message: "maxCapacity 2, not above minCapacity 2",
            });
            await expectViolation(
                name,
                stack.all.filter(r => r !== stack.scalingPolicy),
                { message: "has no scaling policy" },
            );
        });

        it("takes minCapacity from config (staging allows 1)", async () => {
            const stack = compliantStack();
            await expectCompliant(name, replacing(stack.all, withProps(stack.scalingTarget, { minCapacity: 1 })), {
                config: { [name]: { minCapacity: 1 } },
            });
        });
    });

    describe("ecs-scaling-policy-sane", () => {
        const name = "ecs-scaling-policy-sane";
        const tracking = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => [
            fakeResource(t.scalingPolicy, "p", {
                serviceNamespace: "ecs",
                resourceId: "service/c/s",
                scalableDimension: "ecs:service:DesiredCount",
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: 60,
                    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                    ...config,
                },
                ...extra,
            }),
        ];

        it("accepts CPU target tracking with cooldowns, and request-count tracking above 100", async () => {
            await expectCompliant(name, tracking({}));
            await expectCompliant(
                name,
                tracking({
                    targetValue: 1000,
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ALBRequestCountPerTarget",
                        resourceLabel: "app/x/y/targetgroup/z/w",
                    },
                }),
            );
        });

        it("flags utilization targets out of bounds and missing cooldowns", async () => {
            await expectViolation(name, tracking({ targetValue: 95 }), {
                message: "targetValue 95 for ECSServiceAverageCPUUtilization is outside 20–90",
            });
            await expectViolation(name, tracking({ scaleInCooldown: undefined }), {
                message: "scaleInCooldown and scaleOutCooldown must both be set",
            });
            await expectViolation(name, tracking({ predefinedMetricSpecification: undefined }), {
                message: "target tracking has no metric",
            });
        });

        it("checks step scaling (the provider's default policy type) and rejects other types", async () => {
            const step = { policyType: undefined, targetTrackingScalingPolicyConfiguration: undefined };
            await expectViolation(name, tracking({}, step), {
                message: "step scaling needs cooldown and stepAdjustments",
            });
            await expectCompliant(
                name,
                tracking(
                    {},
                    {
                        ...step,
                        stepScalingPolicyConfiguration: {
                            cooldown: 60,
                            stepAdjustments: [{ scalingAdjustment: 1, metricIntervalLowerBound: "0" }],
                        },
                    },
                ),
            );
            await expectViolation(name, tracking({}, { policyType: "PredictiveScaling" }), {
                message: 'policyType "PredictiveScaling"',
            });
        });

        it("does not apply to other namespaces", async () => {
            await expectNotApplicable(name, tracking({}, { serviceNamespace: "dynamodb" }));
        });
    });
});
