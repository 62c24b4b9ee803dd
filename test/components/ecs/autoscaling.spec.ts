import * as assert from "assert";
import {
    AUTOSCALING_DEFAULTS,
    autoscalingProblems,
    scheduleProblem,
    ServiceAutoscalingArgs,
    timezoneProblem,
} from "../../../components/ecs/autoscaling";
import { ofType } from "../../../testing/harness";
import { baseArgs, rejection, runService } from "./service-fixtures";

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";
const LB_SUFFIX = "app/alb/0123456789abcdef";
const TG_SUFFIX = "targetgroup/api/fedcba9876543210";

describe("components/ecs/autoscaling", () => {
    it("scales the service's desired count within the bounds, on CPU by default", async () => {
        const { resources, one } = await runService(baseArgs({ autoscaling: { minCount: 2, maxCount: 6 } }));
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
        const { one, service } = await runService(baseArgs({ autoscaling: { minCount: 1, maxCount: 3 } }));
        assert.ok(one(TARGET).dependencies.includes(service.urn));
    });

    it("adds memory and ALB request tracking with their own targets and cooldowns", async () => {
        const { resources } = await runService(
            baseArgs({
                loadBalancerArnSuffix: LB_SUFFIX,
                targetGroupArnSuffix: TG_SUFFIX,
                autoscaling: {
                    minCount: 2,
                    maxCount: 10,
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
            baseArgs({
                autoscaling: { minCount: 1, maxCount: 2, cpu: { enabled: false }, memory: { targetValue: 80 } },
            }),
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
                    minCount: 2,
                    maxCount: 8,
                    scheduledActions: [
                        {
                            name: "night",
                            schedule: "cron(0 20 * * ? *)",
                            minCount: 1,
                            maxCount: 2,
                            timezone: "Europe/Paris",
                        },
                        { name: "morning", schedule: "cron(0 7 * * ? *)", minCount: 2 },
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
        const { resources } = await runService(baseArgs({ autoscaling: { minCount: 2, maxCount: 8 } }));
        assert.deepStrictEqual(ofType(resources, "aws:appautoscaling/target:Target")[0].options.ignoreChanges, []);
    });

    it("writes policies and scheduled actions one after another (no concurrent updates of one scalable target)", async () => {
        const { resources, one } = await runService(
            baseArgs({
                loadBalancerArnSuffix: LB_SUFFIX,
                targetGroupArnSuffix: TG_SUFFIX,
                autoscaling: {
                    minCount: 2,
                    maxCount: 8,
                    memory: {},
                    requestsPerTarget: {},
                    scheduledActions: [{ name: "night", schedule: "cron(0 20 * * ? *)", minCount: 1 }],
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
        const bounds = { minCount: 2, maxCount: 4 };
        it("accepts sensible bounds", () => {
            assert.deepStrictEqual(autoscalingProblems(bounds, 3).list, []);
            assert.deepStrictEqual(autoscalingProblems({ minCount: 0, maxCount: 1 }, undefined).list, []);
        });
        /** `argument: message` of each problem, as the ComponentArgumentError lists them. */
        const problems = (scaling: ServiceAutoscalingArgs, desired?: number) =>
            autoscalingProblems(scaling, desired).list.map(p => `${p.argument}: ${p.message}`);
        it("rejects min > max, zero max and fractional counts, naming the argument", () => {
            assert.deepStrictEqual(problems({ minCount: 5, maxCount: 2 }), [
                "autoscaling.minCount: must not exceed the maximum (5 > 2)",
            ]);
            assert.deepStrictEqual(problems({ minCount: 0, maxCount: 0 }), [
                "autoscaling.maxCount: must be a whole number ≥ 1 (got 0)",
            ]);
            assert.deepStrictEqual(problems({ minCount: 1.5, maxCount: 3 }), [
                "autoscaling.minCount: must be a whole number ≥ 0 (got 1.5)",
            ]);
        });
        it("rejects a desired count outside the bounds", () => {
            assert.deepStrictEqual(problems(bounds, 1), [
                "desiredCount: must lie within the autoscaling bounds 2..4 (got 1)",
            ]);
            assert.strictEqual(problems(bounds, 5).length, 1);
        });
        it("rejects targets that are not percentages or not positive", () => {
            assert.deepStrictEqual(
                problems({
                    ...bounds,
                    cpu: { targetValue: 120 },
                    memory: { targetValue: 0 },
                    requestsPerTarget: { targetValue: -1 },
                }).map(p => p.split(":")[0]),
                [
                    "autoscaling.cpu.targetValue",
                    "autoscaling.memory.targetValue",
                    "autoscaling.requestsPerTarget.targetValue",
                ],
            );
        });
        it("rejects scheduled actions that are named twice, unscheduled, empty or inverted", () => {
            const action = { name: "night", schedule: "cron(0 20 * * ? *)", minCount: 1 };
            assert.deepStrictEqual(problems({ ...bounds, scheduledActions: [action] }), []);
            assert.deepStrictEqual(problems({ ...bounds, scheduledActions: [action, action] }), [
                "autoscaling.scheduledActions[1].name: must be unique, 1–256 characters, without ':', '/', '|' or surrounding spaces",
            ]);
            assert.match(problems({ ...bounds, scheduledActions: [{ ...action, name: "a/b" }] })[0], /\[0\]\.name/);
            assert.match(
                problems({ ...bounds, scheduledActions: [{ name: "x", schedule: "rate(1 day)" }] })[0],
                /minCount and\/or maxCount/,
            );
            assert.deepStrictEqual(
                problems({ ...bounds, scheduledActions: [{ ...action, minCount: 3, maxCount: 1 }] }),
                ["autoscaling.scheduledActions[0].minCount: must not exceed the maximum (3 > 1)"],
            );
        });
        it("checks schedules against App Auto Scaling's at/rate/cron formats", () => {
            for (const good of [
                "cron(0 7 ? * MON-FRI *)",
                "cron(0 20 * * ? *)",
                "cron(15 10 L * ? 2027)",
                "rate(5 minutes)",
                "rate(1 day)",
                "at(2027-03-01T08:00:00)",
            ]) {
                assert.strictEqual(scheduleProblem(good), undefined, good);
            }
            for (const [bad, why] of [
                ["0 20 * * *", /must be at\(/],
                ["cron(0 20 * * *)", /six fields/],
                ["cron(0 20 * * MON *)", /exactly one of day-of-month and day-of-week/],
                ["cron(0 20 ? * ? *)", /exactly one/],
                ["rate(0 minutes)", /must be at\(/],
                ["rate(5 weeks)", /must be at\(/],
                ["at(2027-13-01T08:00:00)", /must be at\(/],
            ] as const) {
                assert.match(scheduleProblem(bad) ?? "", why, bad);
            }
        });
        it("checks time zones are IANA names", () => {
            for (const good of ["UTC", "US/Eastern", "Europe/Dublin", "America/Argentina/Buenos_Aires", "Etc/GMT+9"]) {
                assert.strictEqual(timezoneProblem(good), undefined, good);
            }
            for (const bad of ["Europe/Dublinn", "CEST+1", "", "Mars/Olympus"]) {
                assert.match(timezoneProblem(bad) ?? "", /IANA time zone/, bad);
            }
            const action = { name: "night", schedule: "cron(0 20 * * ? *)", minCount: 1, timezone: "Europe/Dubln" };
            assert.match(
                problems({ ...bounds, scheduledActions: [action] })[0],
                /^autoscaling\.scheduledActions\[0\]\.timezone: /,
            );
        });
        it("makes the Service reject nonsense bounds and request tracking without the LB suffixes", async () => {
            assert.match(
                await rejection(baseArgs({ desiredCount: 9, autoscaling: bounds })),
                /desiredCount: must lie within the autoscaling bounds 2\.\.4 \(got 9\)/,
            );
            assert.match(
                await rejection(baseArgs({ autoscaling: { minCount: 3, maxCount: 1 } })),
                /must not exceed the maximum \(3 > 1\)/,
            );
            assert.match(
                await rejection(baseArgs({ autoscaling: { ...bounds, requestsPerTarget: {} } })),
                /requestsPerTarget autoscaling needs loadBalancerArnSuffix and targetGroupArnSuffix/,
            );
        });
    });
});
