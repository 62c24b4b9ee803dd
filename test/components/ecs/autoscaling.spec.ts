import * as assert from "assert";
import { AUTOSCALING_DEFAULTS, validateAutoscaling } from "../../../components/ecs/autoscaling";
import { ofType } from "../../../testing/harness";
import { baseArgs, rejection, runService } from "./service-fixtures";

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";
const LB_SUFFIX = "app/alb/0123456789abcdef";
const TG_SUFFIX = "targetgroup/api/fedcba9876543210";

describe("components/ecs/autoscaling", () => {
    it("scales the service's desired count within the bounds, on CPU by default", async () => {
        const { resources, one } = await runService(baseArgs({ autoscaling: { minCapacity: 2, maxCapacity: 6 } }));
        const target = one(TARGET);
        assert.deepStrictEqual(
            { ...target.inputs, tags: undefined },
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: "service/test/api",
                minCapacity: 2,
                maxCapacity: 6,
                tags: undefined,
            },
        );
        assert.deepStrictEqual(target.inputs.tags, { Environment: "test", Service: "api" });
        const policies = ofType(resources, POLICY);
        assert.strictEqual(policies.length, 1);
        assert.deepStrictEqual(policies[0].inputs.targetTrackingScalingPolicyConfiguration, {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: AUTOSCALING_DEFAULTS.cpuTarget,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
        });
        assert.strictEqual(policies[0].inputs.resourceId, "service/test/api");
        assert.strictEqual(policies[0].inputs.policyType, "TargetTrackingScaling");
    });

    it("waits for the ECS service before registering the scalable target", async () => {
        const { one, service } = await runService(baseArgs({ autoscaling: { minCapacity: 1, maxCapacity: 3 } }));
        assert.ok(one(TARGET).dependencies.includes(service.urn));
    });

    it("adds memory and ALB request tracking with their own targets and cooldowns", async () => {
        const { resources } = await runService(
            baseArgs({
                loadBalancerArnSuffix: LB_SUFFIX,
                targetGroupArnSuffix: TG_SUFFIX,
                autoscaling: {
                    minCapacity: 2,
                    maxCapacity: 10,
                    cpu: { targetValue: 50 },
                    memory: {},
                    requestsPerTarget: { targetValue: 500, scaleInCooldown: 600 },
                },
            }),
        );
        const byMetric = Object.fromEntries(
            ofType(resources, POLICY).map(p => [
                p.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType,
                p.inputs,
            ]),
        );
        assert.deepStrictEqual(Object.keys(byMetric).sort(), [
            "ALBRequestCountPerTarget",
            "ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization",
        ]);
        assert.strictEqual(
            byMetric.ECSServiceAverageCPUUtilization.targetTrackingScalingPolicyConfiguration.targetValue,
            50,
        );
        assert.strictEqual(
            byMetric.ECSServiceAverageMemoryUtilization.targetTrackingScalingPolicyConfiguration.targetValue,
            AUTOSCALING_DEFAULTS.memoryTarget,
        );
        const requests = byMetric.ALBRequestCountPerTarget.targetTrackingScalingPolicyConfiguration;
        assert.deepStrictEqual(requests.predefinedMetricSpecification.resourceLabel, `${LB_SUFFIX}/${TG_SUFFIX}`);
        assert.deepStrictEqual(
            [requests.targetValue, requests.scaleOutCooldown, requests.scaleInCooldown],
            [500, 60, 600],
        );
        assert.deepStrictEqual(
            ofType(resources, POLICY)
                .map(p => p.inputs.name)
                .sort(),
            ["api-cpu-tracking", "api-memory-tracking", "api-requests-tracking"],
        );
    });

    it("leaves CPU tracking out when turned off", async () => {
        const { resources } = await runService(
            baseArgs({ autoscaling: { minCapacity: 1, maxCapacity: 2, cpu: false, memory: { targetValue: 80 } } }),
        );
        const metrics = ofType(resources, POLICY).map(
            p => p.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType,
        );
        assert.deepStrictEqual(metrics, ["ECSServiceAverageMemoryUtilization"]);
    });

    it("creates scheduled actions that change the bounds", async () => {
        const { resources } = await runService(
            baseArgs({
                autoscaling: {
                    minCapacity: 2,
                    maxCapacity: 8,
                    scheduledActions: [
                        {
                            name: "night",
                            schedule: "cron(0 20 * * ? *)",
                            minCapacity: 1,
                            maxCapacity: 2,
                            timezone: "Europe/Paris",
                        },
                        { name: "morning", schedule: "cron(0 7 * * ? *)", minCapacity: 2 },
                    ],
                },
            }),
        );
        const actions = Object.fromEntries(ofType(resources, SCHEDULED).map(a => [a.inputs.name, a.inputs]));
        assert.deepStrictEqual(actions["api-night"].scalableTargetAction, { minCapacity: 1, maxCapacity: 2 });
        assert.strictEqual(actions["api-night"].timezone, "Europe/Paris");
        assert.strictEqual(actions["api-night"].resourceId, "service/test/api");
        assert.deepStrictEqual(actions["api-morning"].scalableTargetAction, { minCapacity: 2 });
        assert.strictEqual(actions["api-morning"].timezone, "UTC");
        // F8: a refresh or a tag change must not re-register the configured bounds over a scheduled raise.
        assert.deepStrictEqual(ofType(resources, "aws:appautoscaling/target:Target")[0].options.ignoreChanges, [
            "minCapacity",
            "maxCapacity",
        ]);
    });

    it("lets Pulumi own the bounds when nothing is scheduled", async () => {
        const { resources } = await runService(baseArgs({ autoscaling: { minCapacity: 2, maxCapacity: 8 } }));
        assert.deepStrictEqual(ofType(resources, "aws:appautoscaling/target:Target")[0].options.ignoreChanges, []);
    });

    it("writes policies and scheduled actions one after another (no concurrent updates of one scalable target)", async () => {
        const { resources, one } = await runService(
            baseArgs({
                loadBalancerArnSuffix: LB_SUFFIX,
                targetGroupArnSuffix: TG_SUFFIX,
                autoscaling: {
                    minCapacity: 2,
                    maxCapacity: 8,
                    memory: {},
                    requestsPerTarget: {},
                    scheduledActions: [{ name: "night", schedule: "cron(0 20 * * ? *)", minCapacity: 1 }],
                },
            }),
        );
        const chain = [one(TARGET), ...ofType(resources, POLICY), ...ofType(resources, SCHEDULED)];
        assert.strictEqual(chain.length, 5);
        chain.slice(1).forEach((resource, i) => {
            assert.ok(resource.dependencies.includes(chain[i].urn), `${resource.name} waits for ${chain[i].name}`);
        });
    });

    it("creates nothing when autoscaling is off", async () => {
        const { resources } = await runService(baseArgs());
        assert.strictEqual(ofType(resources, TARGET).length + ofType(resources, POLICY).length, 0);
    });

    describe("validation", () => {
        const bounds = { minCapacity: 2, maxCapacity: 4 };
        it("accepts sensible bounds", () => {
            assert.doesNotThrow(() => validateAutoscaling(bounds, 3));
            assert.doesNotThrow(() => validateAutoscaling({ minCapacity: 0, maxCapacity: 1 }, undefined));
        });
        it("rejects min > max, zero max and fractional counts", () => {
            assert.throws(
                () => validateAutoscaling({ minCapacity: 5, maxCapacity: 2 }, undefined),
                /minCapacity ≤ maxCapacity/,
            );
            assert.throws(() => validateAutoscaling({ minCapacity: 0, maxCapacity: 0 }, undefined), /maxCapacity ≥ 1/);
            assert.throws(() => validateAutoscaling({ minCapacity: 1.5, maxCapacity: 3 }, undefined), /whole numbers/);
        });
        it("rejects a desired count outside the bounds", () => {
            assert.throws(
                () => validateAutoscaling(bounds, 1),
                /desiredCount 1 must lie within the autoscaling bounds \[2, 4\]/,
            );
            assert.throws(() => validateAutoscaling(bounds, 5), /desiredCount 5/);
        });
        it("rejects targets that are not percentages or not positive", () => {
            assert.throws(
                () => validateAutoscaling({ ...bounds, cpu: { targetValue: 120 } }, undefined),
                /cpu targetValue/,
            );
            assert.throws(
                () => validateAutoscaling({ ...bounds, memory: { targetValue: 0 } }, undefined),
                /memory targetValue/,
            );
            assert.throws(
                () => validateAutoscaling({ ...bounds, requestsPerTarget: { targetValue: -1 } }, undefined),
                /requestsPerTarget targetValue/,
            );
        });
        it("rejects scheduled actions that are named twice, unscheduled, empty or inverted", () => {
            const action = { name: "night", schedule: "cron(0 20 * * ? *)", minCapacity: 1 };
            assert.throws(
                () => validateAutoscaling({ ...bounds, scheduledActions: [action, action] }, undefined),
                /must be unique/,
            );
            assert.throws(
                () =>
                    validateAutoscaling(
                        { ...bounds, scheduledActions: [{ ...action, schedule: "0 20 * * *" }] },
                        undefined,
                    ),
                /cron\(…\)/,
            );
            assert.throws(
                () =>
                    validateAutoscaling(
                        { ...bounds, scheduledActions: [{ name: "x", schedule: "rate(1 day)" }] },
                        undefined,
                    ),
                /minCapacity and\/or maxCapacity/,
            );
            assert.throws(
                () =>
                    validateAutoscaling(
                        { ...bounds, scheduledActions: [{ ...action, minCapacity: 3, maxCapacity: 1 }] },
                        undefined,
                    ),
                /minCapacity 3 > maxCapacity 1/,
            );
        });
        it("makes the Service reject nonsense bounds and request tracking without the LB suffixes", async () => {
            assert.match(
                await rejection(baseArgs({ desiredCount: 9, autoscaling: bounds })),
                /desiredCount 9 must lie within/,
            );
            assert.match(
                await rejection(baseArgs({ autoscaling: { minCapacity: 3, maxCapacity: 1 } })),
                /minCapacity ≤ maxCapacity/,
            );
            assert.match(
                await rejection(baseArgs({ autoscaling: { ...bounds, requestsPerTarget: {} } })),
                /requestsPerTarget autoscaling needs loadBalancerArnSuffix and targetGroupArnSuffix/,
            );
        });
    });
});
