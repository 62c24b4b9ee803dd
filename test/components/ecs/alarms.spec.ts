import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { MonitoredService, Monitoring, MonitoringArgs } from "../../../components/ecs/alarms";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const TOPIC = "aws:sns/topic:Topic";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const LB = "app/edge-1234567/0123456789abcdef";
const TAGS = { env: "test", owner: "platform" };
const API: MonitoredService = {
    clusterName: "main",
    serviceName: "api",
    minRunningTasks: 2,
    targetGroupArnSuffix: "targetgroup/api-1/aaaa",
};
const WORKER: MonitoredService = { clusterName: "main", serviceName: "worker", minRunningTasks: 1 };

async function run(args: Partial<MonitoringArgs> = {}, preview = false) {
    const { resources, outputs } = await runProgram(
        () => {
            const monitoring = new Monitoring("monitoring", {
                kmsKeyArn: KEY_ARN,
                loadBalancerArnSuffix: LB,
                services: { api: API, worker: WORKER },
                tags: TAGS,
                ...args,
            });
            return {
                topicArn: monitoring.topicArn,
                dashboardName: monitoring.dashboardName,
                alarmNames: monitoring.alarmNames,
                deploymentAlarmNames: monitoring.deploymentAlarmNames,
            };
        },
        { stack: "test", config: { "aws:region": "eu-west-1" }, preview },
    );
    // The harness resolves the returned Outputs; its type still names them as Outputs.
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs> };
}

function only(resources: CapturedResource[], type: string): CapturedResource {
    const found = ofType(resources, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

function alarm(resources: CapturedResource[], name: string): CapturedResource {
    const found = ofType(resources, ALARM).find(r => r.name === name);
    assert.ok(found, `alarm ${name} missing`);
    return found;
}

describe("ecs/Monitoring", () => {
    describe("topic", () => {
        it("is one KMS-encrypted SNS topic with an email subscription per address", async () => {
            const { resources, outputs } = await run({ emails: ["ops@example.com", "On.Call@example.com"] });
            const topic = only(resources, TOPIC);
            assert.deepStrictEqual(topic.inputs, { kmsMasterKeyId: KEY_ARN, tags: TAGS });
            assert.strictEqual(outputs.topicArn, topic.state.arn);
            const subscriptions = ofType(resources, "aws:sns/topicSubscription:TopicSubscription");
            assert.deepStrictEqual(
                subscriptions.map(s => s.inputs).sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
                [
                    { topic: topic.state.arn, protocol: "email", endpoint: "On.Call@example.com" },
                    { topic: topic.state.arn, protocol: "email", endpoint: "ops@example.com" },
                ],
            );
        });

        it("has no subscription by default", async () => {
            const { resources } = await run();
            assert.strictEqual(ofType(resources, "aws:sns/topicSubscription:TopicSubscription").length, 0);
        });

        it("rejects something that is not an email address", async () => {
            await assert.rejects(run({ emails: ["ops"] }), /- emails\[0\]: is not an email address/);
        });
    });

    describe("alarms", () => {
        it("alarm and recover on the topic, tagged with the service", async () => {
            const { resources } = await run();
            const topicArn = only(resources, TOPIC).state.arn;
            const alarms = ofType(resources, ALARM);
            assert.strictEqual(
                alarms.length,
                6 + 4,
                "api: cpu, memory, tasks, below desired, 5xx, unhealthy; worker: cpu, memory, tasks, below desired",
            );
            for (const a of alarms) {
                assert.deepStrictEqual(a.inputs.alarmActions, [topicArn], a.name);
                assert.deepStrictEqual(a.inputs.okActions, [topicArn], a.name);
                assert.deepStrictEqual(a.inputs.tags, { ...TAGS, service: a.name.split("-")[1] }, a.name);
                assert.ok(a.inputs.alarmDescription.length > 0);
            }
        });

        it("watch CPU and memory of the ECS service at 80% for 5 minutes", async () => {
            const { resources } = await run();
            for (const [suffix, metricName] of [
                ["cpu-high", "CPUUtilization"],
                ["memory-high", "MemoryUtilization"],
            ]) {
                const a = alarm(resources, `monitoring-api-${suffix}`);
                assert.deepStrictEqual(
                    {
                        namespace: a.inputs.namespace,
                        metricName: a.inputs.metricName,
                        dimensions: a.inputs.dimensions,
                        statistic: a.inputs.statistic,
                        period: a.inputs.period,
                        evaluationPeriods: a.inputs.evaluationPeriods,
                        datapointsToAlarm: a.inputs.datapointsToAlarm,
                        comparisonOperator: a.inputs.comparisonOperator,
                        threshold: a.inputs.threshold,
                        treatMissingData: a.inputs.treatMissingData,
                    },
                    {
                        namespace: "AWS/ECS",
                        metricName,
                        dimensions: { ClusterName: "main", ServiceName: "api" },
                        statistic: "Average",
                        period: 60,
                        evaluationPeriods: 5,
                        datapointsToAlarm: 5,
                        comparisonOperator: "GreaterThanThreshold",
                        threshold: 80,
                        treatMissingData: "notBreaching",
                    },
                );
            }
        });

        it("alarm when fewer tasks than minRunningTasks run, treating missing data as breaching", async () => {
            const { resources } = await run();
            const a = alarm(resources, "monitoring-api-running-tasks-low");
            assert.strictEqual(a.inputs.namespace, "ECS/ContainerInsights");
            assert.strictEqual(a.inputs.metricName, "RunningTaskCount");
            assert.deepStrictEqual(a.inputs.dimensions, { ClusterName: "main", ServiceName: "api" });
            assert.strictEqual(a.inputs.statistic, "Minimum");
            assert.strictEqual(a.inputs.comparisonOperator, "LessThanThreshold");
            assert.strictEqual(a.inputs.threshold, 2);
            assert.strictEqual(a.inputs.treatMissingData, "breaching");
            assert.strictEqual(alarm(resources, "monitoring-worker-running-tasks-low").inputs.threshold, 1);
        });

        it("skip the running-tasks floor alarm for a service allowed to scale to zero", async () => {
            const { resources } = await run({ services: { batch: { ...WORKER, minRunningTasks: 0 } } });
            assert.deepStrictEqual(
                ofType(resources, ALARM)
                    .map(a => a.name)
                    .sort(),
                ["monitoring-batch-cpu-high", "monitoring-batch-memory-high", "monitoring-batch-running-below-desired"],
            );
        });

        it("watch running tasks against desired times the deployment's floor, quiet without data", async () => {
            const { resources } = await run({ services: { api: { ...API, deploymentFloorPercent: 50 } } });
            const below = alarm(resources, "monitoring-api-running-below-desired");
            const queries = below.inputs.metricQueries;
            assert.deepStrictEqual(
                queries.map((q: { id: string; metric?: { metricName: string } }) => [q.id, q.metric?.metricName]),
                [
                    ["running", "RunningTaskCount"],
                    ["desired", "DesiredTaskCount"],
                    ["shortfall", undefined],
                ],
            );
            assert.strictEqual(queries[0].metric.namespace, "ECS/ContainerInsights");
            assert.strictEqual(queries[2].expression, "desired * 0.5 - running");
            assert.strictEqual(below.inputs.comparisonOperator, "GreaterThanThreshold");
            assert.strictEqual(below.inputs.threshold, 0);
            // A new service (or one at zero tasks) has no data: that must not fail its first deployment.
            assert.strictEqual(below.inputs.treatMissingData, "notBreaching");
            await assert.rejects(
                run({ services: { api: { ...API, deploymentFloorPercent: 150 } } }),
                /services.api.deploymentFloorPercent: must be an integer from 0 to 100/,
            );
        });

        it("name the deployment alarms per service: 5xx, unhealthy targets, below desired; never CPU or memory", async () => {
            const { resources, outputs } = await run();
            const nameOf = (suffix: string) => alarm(resources, `monitoring-api-${suffix}`).state.name;
            assert.deepStrictEqual(
                [...outputs.deploymentAlarmNames.api].sort(),
                ["running-below-desired", "target-5xx", "unhealthy-hosts"].map(nameOf).sort(),
            );
            assert.deepStrictEqual(outputs.deploymentAlarmNames.worker, [
                alarm(resources, "monitoring-worker-running-below-desired").state.name,
            ]);
        });

        it("add a worker's dead-letter-queue alarm to its deployment alarms; the queue age stays out", async () => {
            const { resources, outputs } = await run({
                queues: { worker: { queueName: "test-worker", deadLetterQueueName: "test-worker-dlq" } },
            });
            assert.deepStrictEqual(
                [...outputs.deploymentAlarmNames.worker].sort(),
                ["monitoring-worker-dlq-depth", "monitoring-worker-running-below-desired"]
                    .map(name => alarm(resources, name).state.name)
                    .sort(),
            );
            assert.strictEqual(
                alarm(resources, "monitoring-worker-dlq-depth").inputs.dimensions.QueueName,
                "test-worker-dlq",
            );
        });

        it("watch target 5xx and unhealthy hosts by target group and load balancer", async () => {
            const { resources } = await run();
            const errors = alarm(resources, "monitoring-api-target-5xx");
            assert.strictEqual(errors.inputs.namespace, "AWS/ApplicationELB");
            assert.strictEqual(errors.inputs.metricName, "HTTPCode_Target_5XX_Count");
            assert.deepStrictEqual(errors.inputs.dimensions, {
                TargetGroup: "targetgroup/api-1/aaaa",
                LoadBalancer: LB,
            });
            assert.strictEqual(errors.inputs.statistic, "Sum");
            assert.strictEqual(errors.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold");
            assert.strictEqual(errors.inputs.threshold, 10);
            assert.strictEqual(errors.inputs.datapointsToAlarm, 3);
            assert.strictEqual(errors.inputs.evaluationPeriods, 5);
            assert.strictEqual(errors.inputs.treatMissingData, "notBreaching");
            const unhealthy = alarm(resources, "monitoring-api-unhealthy-hosts");
            assert.strictEqual(unhealthy.inputs.metricName, "UnHealthyHostCount");
            assert.strictEqual(unhealthy.inputs.statistic, "Maximum");
            assert.strictEqual(unhealthy.inputs.threshold, 1);
            assert.deepStrictEqual(unhealthy.inputs.dimensions, {
                TargetGroup: "targetgroup/api-1/aaaa",
                LoadBalancer: LB,
            });
        });

        it("combine both target groups of a blue/green service with metric math", async () => {
            const { resources } = await run({
                services: { api: { ...API, alternateTargetGroupArnSuffix: "targetgroup/api-2/bbbb" } },
            });
            const errors = alarm(resources, "monitoring-api-target-5xx");
            assert.strictEqual(errors.inputs.metricName, undefined);
            const queries = errors.inputs.metricQueries;
            assert.deepStrictEqual(
                queries.map((q: { id: string }) => q.id),
                ["tg0", "tg1", "combined"],
            );
            assert.deepStrictEqual(queries[1].metric, {
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_Target_5XX_Count",
                dimensions: { TargetGroup: "targetgroup/api-2/bbbb", LoadBalancer: LB },
                stat: "Sum",
                period: 60,
            });
            assert.strictEqual(queries[2].expression, "SUM([tg0, tg1])");
            assert.strictEqual(queries[2].returnData, true);
            assert.ok(!queries[0].returnData && !queries[1].returnData);
            const unhealthy = alarm(resources, "monitoring-api-unhealthy-hosts").inputs.metricQueries;
            assert.strictEqual(unhealthy[2].expression, "MAX([tg0, tg1])");
            assert.strictEqual(unhealthy[0].metric.stat, "Maximum");
        });

        it("skip the ALB alarms without a load balancer suffix", async () => {
            const { resources } = await run({ loadBalancerArnSuffix: undefined });
            assert.ok(!ofType(resources, ALARM).some(a => /5xx|unhealthy/.test(a.name)));
        });

        it("take thresholds for all services, overridden per service", async () => {
            const { resources } = await run({
                thresholds: { cpuHighPercent: 70, target5xxPerMinute: 25 },
                services: {
                    api: { ...API, thresholds: { cpuHighPercent: 90, unhealthyHosts: 2 } },
                    worker: WORKER,
                },
            });
            assert.strictEqual(alarm(resources, "monitoring-api-cpu-high").inputs.threshold, 90);
            assert.strictEqual(alarm(resources, "monitoring-worker-cpu-high").inputs.threshold, 70);
            assert.strictEqual(alarm(resources, "monitoring-api-memory-high").inputs.threshold, 80);
            assert.strictEqual(alarm(resources, "monitoring-api-target-5xx").inputs.threshold, 25);
            assert.strictEqual(alarm(resources, "monitoring-api-unhealthy-hosts").inputs.threshold, 2);
        });

        it("output the alarm names per service (for ECS deployment alarms)", async () => {
            const { resources, outputs } = await run();
            assert.deepStrictEqual(
                [...outputs.alarmNames.worker].sort(),
                ofType(resources, ALARM)
                    .filter(a => a.name.startsWith("monitoring-worker-"))
                    .map(a => a.state.name)
                    .sort(),
            );
            assert.strictEqual(outputs.alarmNames.api.length, 6);
        });

        it("reject a negative minRunningTasks", async () => {
            await assert.rejects(
                run({ services: { api: { ...API, minRunningTasks: -1 } } }),
                /- services\.\w+\.minRunningTasks: must be an integer ≥ 0/,
            );
        });
    });

    describe("dashboard", () => {
        it("exists once, named after the component, with alarm states and widgets per service", async () => {
            const { resources, outputs } = await run();
            const dashboard = only(resources, "aws:cloudwatch/dashboard:Dashboard");
            assert.strictEqual(dashboard.inputs.dashboardName, "monitoring");
            assert.strictEqual(outputs.dashboardName, "monitoring");
            const { widgets } = JSON.parse(dashboard.inputs.dashboardBody);
            assert.strictEqual(widgets[0].type, "alarm");
            assert.deepStrictEqual(
                [...widgets[0].properties.alarms].sort(),
                ofType(resources, ALARM)
                    .map(a => a.state.arn)
                    .sort(),
            );
            const titles = widgets.slice(1).map((w: { properties: { title: string } }) => w.properties.title);
            assert.deepStrictEqual(titles, [
                "api: CPU and memory (%)",
                "api: running tasks",
                "api: requests, target 5xx, unhealthy targets",
                "worker: CPU and memory (%)",
                "worker: running tasks",
            ]);
            for (const widget of widgets.slice(1)) {
                assert.strictEqual(widget.type, "metric");
                assert.strictEqual(widget.properties.region, "eu-west-1");
                assert.ok(widget.x + widget.width <= 24);
            }
            assert.deepStrictEqual(widgets[1].properties.metrics[0], [
                "AWS/ECS",
                "CPUUtilization",
                "ClusterName",
                "main",
                "ServiceName",
                "api",
            ]);
            assert.deepStrictEqual(widgets[3].properties.metrics[1], [
                "AWS/ApplicationELB",
                "HTTPCode_Target_5XX_Count",
                "TargetGroup",
                "targetgroup/api-1/aaaa",
                "LoadBalancer",
                LB,
            ]);
        });

        it("takes a dashboard name", async () => {
            const { resources } = await run({ dashboardName: "ecs-platform-test" });
            assert.strictEqual(
                only(resources, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName,
                "ecs-platform-test",
            );
            await assert.rejects(run({ dashboardName: "bad name!" }), /- dashboardName: may use only letters/);
        });
    });

    it("parents every child to the component and registers them in a first preview", async () => {
        const { resources } = await run({ emails: ["ops@example.com"] }, true);
        const component = only(resources, "ecs-platform:index:Monitoring");
        assert.ok(resources.filter(r => r.custom).every(r => r.parent === component.urn));
        assert.strictEqual(ofType(resources, ALARM).length, 10);
        assert.strictEqual(ofType(resources, "aws:cloudwatch/dashboard:Dashboard").length, 1);
    });
});
