import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentType, mergeTags, Tags, withFormerTypes } from "../shared";
import { dashboardBody, isDefined, PERIOD_SECONDS } from "./dashboard";
import { MonitoringArgs, monitoringProblems, resolveMonitoringArgs } from "./monitoring-args";
import { createJobAlarms, createQueueAlarms } from "./workload-alarms";

export * from "./monitoring-args";

type ResolvedService = ReturnType<typeof resolveMonitoringArgs>["services"][string];

/**
 * Environment monitoring: one KMS-encrypted SNS topic (with email subscriptions), per service CloudWatch alarms that
 * notify the topic on ALARM and on OK, and one dashboard.
 *
 * Running tasks are compared with a static `minRunningTasks` (Container Insights `RunningTaskCount`), not with the
 * desired count: desired moves with every scale-out and deployment, so "running < desired" fires on healthy changes.
 * Missing running-task data counts as breaching (no task reports), missing CPU, memory and ALB data as not breaching
 * (no tasks or no requests is not a load or error signal).
 */
export class Monitoring extends pulumi.ComponentResource {
    /** The alarm topic's ARN (also for other alarms of the environment). */
    public readonly topicArn: pulumi.Output<string>;
    /** Name of the dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    /** Alarm names per service key. */
    public readonly alarmNames: Record<string, pulumi.Output<string>[]>;
    /**
     * Per service key, the alarms that mean a deployment is bad (target 5xx, unhealthy targets, running tasks below
     * the deployment's floor; for a worker, messages in its dead-letter queue), for the ECS service's `alarms` with rollback. CPU and memory are not among them: load
     * is no verdict on a revision.
     */
    public readonly deploymentAlarmNames: Record<string, pulumi.Output<string>[]>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        monitoringProblems(name, args).throwIfAny("Monitoring", name);
        super(componentType("Monitoring"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:Monitoring"));
        const settings = resolveMonitoringArgs(name, args);
        const tags = mergeTags(settings.tags);

        const topic = new aws.sns.Topic(
            `${name}-alarms`,
            { kmsMasterKeyId: settings.kmsKeyArn, tags },
            { parent: this },
        );
        for (const email of settings.emails) {
            new aws.sns.TopicSubscription(
                `${name}-alarms-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                { parent: this },
            );
        }

        const alarms: Record<string, aws.cloudwatch.MetricAlarm[]> = {};
        const deploymentAlarms: Record<string, aws.cloudwatch.MetricAlarm[]> = {};
        for (const [key, service] of Object.entries(settings.services)) {
            deploymentAlarms[key] = [];
            alarms[key] = this.serviceAlarms(
                name,
                key,
                service,
                settings.loadBalancerArnSuffix,
                topic.arn,
                mergeTags(tags, { service: key }),
                deploymentAlarms[key],
            );
        }

        for (const [key, queue] of Object.entries(settings.queues)) {
            const queueAlarms = createQueueAlarms(this, name, key, queue, topic.arn, mergeTags(tags, { service: key }));
            alarms[key] = [...(alarms[key] ?? []), ...queueAlarms.alarms];
            // Messages reaching the DLQ during a deployment mean the new revision fails its work: roll it back.
            deploymentAlarms[key]?.push(queueAlarms.deadLetter);
        }
        for (const [key, job] of Object.entries(settings.jobs)) {
            alarms[key] = createJobAlarms(this, name, key, job, topic.arn, mergeTags(tags, { service: key }));
        }

        const region = aws.getRegionOutput({}, { parent: this }).region;
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: settings.dashboardName,
                dashboardBody: dashboardBody(
                    region,
                    settings.services,
                    settings.loadBalancerArnSuffix,
                    Object.values(alarms).flat(),
                    { queues: settings.queues, jobs: settings.jobs },
                ),
            },
            { parent: this },
        );

        this.topicArn = topic.arn;
        this.dashboardName = dashboard.dashboardName;
        this.alarmNames = Object.fromEntries(
            Object.entries(alarms).map(([key, list]) => [key, list.map(alarm => alarm.name)]),
        );
        this.deploymentAlarmNames = Object.fromEntries(
            Object.entries(deploymentAlarms).map(([key, list]) => [key, list.map(alarm => alarm.name)]),
        );
        this.registerOutputs({
            topicArn: this.topicArn,
            dashboardName: this.dashboardName,
            alarmNames: this.alarmNames,
            deploymentAlarmNames: this.deploymentAlarmNames,
        });
    }

    private serviceAlarms(
        name: string,
        key: string,
        service: ResolvedService,
        loadBalancerArnSuffix: pulumi.Input<string> | undefined,
        topicArn: pulumi.Output<string>,
        tags: Tags,
        deploymentAlarms: aws.cloudwatch.MetricAlarm[],
    ): aws.cloudwatch.MetricAlarm[] {
        const { thresholds } = service;
        const notify = { alarmActions: [topicArn], okActions: [topicArn], tags };
        const ecsDimensions = { ClusterName: service.clusterName, ServiceName: service.serviceName };
        const alarm = (suffix: string, alarmArgs: aws.cloudwatch.MetricAlarmArgs) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${key}-${suffix}`, { ...notify, ...alarmArgs }, { parent: this });

        const alarms = [
            alarm("cpu-high", {
                alarmDescription: `${key}: average CPU above ${thresholds.cpuHighPercent}% for 5 minutes (scale out or raise the task CPU)`,
                namespace: "AWS/ECS",
                metricName: "CPUUtilization",
                dimensions: ecsDimensions,
                statistic: "Average",
                period: PERIOD_SECONDS,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
                comparisonOperator: "GreaterThanThreshold",
                threshold: thresholds.cpuHighPercent,
                treatMissingData: "notBreaching",
            }),
            alarm("memory-high", {
                alarmDescription: `${key}: average memory above ${thresholds.memoryHighPercent}% for 5 minutes (risk of OOM kills)`,
                namespace: "AWS/ECS",
                metricName: "MemoryUtilization",
                dimensions: ecsDimensions,
                statistic: "Average",
                period: PERIOD_SECONDS,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
                comparisonOperator: "GreaterThanThreshold",
                threshold: thresholds.memoryHighPercent,
                treatMissingData: "notBreaching",
            }),
        ];

        if (service.minRunningTasks > 0) {
            alarms.push(
                alarm("running-tasks-low", {
                    alarmDescription: `${key}: fewer than ${service.minRunningTasks} running tasks for 3 minutes (crash loop, failed placement or capacity)`,
                    namespace: "ECS/ContainerInsights",
                    metricName: "RunningTaskCount",
                    dimensions: ecsDimensions,
                    statistic: "Minimum",
                    period: PERIOD_SECONDS,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 3,
                    comparisonOperator: "LessThanThreshold",
                    threshold: service.minRunningTasks,
                    treatMissingData: "breaching",
                }),
            );
        }

        const floor = service.deploymentFloorPercent;
        const containerInsights = (id: string, metricName: string, stat: string) => ({
            id,
            returnData: false,
            metric: {
                namespace: "ECS/ContainerInsights",
                metricName,
                dimensions: ecsDimensions,
                stat,
                period: PERIOD_SECONDS,
            },
        });
        const belowDesired = alarm("running-below-desired", {
            alarmDescription: `${key}: running tasks below ${floor}% of desired for 5 minutes (a deployment that cannot keep its tasks up rolls back)`,
            metricQueries: [
                containerInsights("running", "RunningTaskCount", "Minimum"),
                containerInsights("desired", "DesiredTaskCount", "Maximum"),
                {
                    id: "shortfall",
                    expression: `desired * ${floor / 100} - running`,
                    label: "tasks below the deployment floor",
                    returnData: true,
                },
            ],
            evaluationPeriods: 5,
            datapointsToAlarm: 5,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            // No data: no tasks wanted yet (a new service, or one at zero), which is no verdict on a deployment.
            treatMissingData: "notBreaching",
        });
        alarms.push(belowDesired);
        deploymentAlarms.push(belowDesired);

        if (service.targetGroupArnSuffix !== undefined && loadBalancerArnSuffix !== undefined) {
            const targetGroups = [service.targetGroupArnSuffix, service.alternateTargetGroupArnSuffix].filter(
                isDefined,
            );
            alarms.push(
                alarm("target-5xx", {
                    alarmDescription: `${key}: ${thresholds.target5xxPerMinute}+ target 5xx responses per minute in 3 of 5 minutes`,
                    ...albMetric("HTTPCode_Target_5XX_Count", "Sum", "SUM", targetGroups, loadBalancerArnSuffix),
                    evaluationPeriods: 5,
                    datapointsToAlarm: 3,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: thresholds.target5xxPerMinute,
                    treatMissingData: "notBreaching",
                }),
                alarm("unhealthy-hosts", {
                    alarmDescription: `${key}: ${thresholds.unhealthyHosts}+ unhealthy targets for 3 minutes (failing health checks)`,
                    ...albMetric("UnHealthyHostCount", "Maximum", "MAX", targetGroups, loadBalancerArnSuffix),
                    evaluationPeriods: 3,
                    datapointsToAlarm: 3,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: thresholds.unhealthyHosts,
                    treatMissingData: "notBreaching",
                }),
            );
            deploymentAlarms.push(...alarms.slice(-2));
        }
        return alarms;
    }
}

/**
 * An ApplicationELB metric per target group: a plain metric for one group, or metric math combining the groups
 * (`SUM`/`MAX`) for a blue/green pair, whose live group alternates between deployments.
 */
function albMetric(
    metricName: string,
    stat: string,
    combine: "SUM" | "MAX",
    targetGroups: pulumi.Input<string>[],
    loadBalancerArnSuffix: pulumi.Input<string>,
): Partial<aws.cloudwatch.MetricAlarmArgs> {
    const dimensions = (targetGroup: pulumi.Input<string>) => ({
        TargetGroup: targetGroup,
        LoadBalancer: loadBalancerArnSuffix,
    });
    if (targetGroups.length === 1) {
        return {
            namespace: "AWS/ApplicationELB",
            metricName,
            dimensions: dimensions(targetGroups[0]),
            statistic: stat,
            period: PERIOD_SECONDS,
        };
    }
    return {
        metricQueries: [
            ...targetGroups.map((targetGroup, i) => ({
                id: `tg${i}`,
                returnData: false,
                metric: {
                    namespace: "AWS/ApplicationELB",
                    metricName,
                    dimensions: dimensions(targetGroup),
                    stat,
                    period: PERIOD_SECONDS,
                },
            })),
            {
                id: "combined",
                expression: `${combine}([${targetGroups.map((_tg, i) => `tg${i}`).join(", ")}])`,
                label: `${metricName} (all target groups)`,
                returnData: true,
            },
        ],
    };
}
