import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoredService } from "./alarms";

/** Metric period of every alarm and widget: one minute, the finest resolution of the ECS and ALB metrics used. */
export const PERIOD_SECONDS = 60;

/** What a service's dashboard row shows. */
type DashboardService = Pick<
    MonitoredService,
    "clusterName" | "serviceName" | "targetGroupArnSuffix" | "alternateTargetGroupArnSuffix"
>;

/** Widget grid: 24 columns, three 8-wide widgets per service row, below one full-width alarm-status row. */
const WIDGET_WIDTH = 8;
const WIDGET_HEIGHT = 6;

/** The dashboard JSON: alarm states on top, then per service CPU/memory, running tasks and ALB health. */
export function dashboardBody(
    region: pulumi.Output<string>,
    services: Record<string, DashboardService>,
    loadBalancerArnSuffix: pulumi.Input<string> | undefined,
    alarms: aws.cloudwatch.MetricAlarm[],
): pulumi.Output<string> {
    const resolvedServices = pulumi.output(
        Object.entries(services).map(([key, s]) => ({
            key,
            clusterName: s.clusterName,
            serviceName: s.serviceName,
            targetGroups: [s.targetGroupArnSuffix, s.alternateTargetGroupArnSuffix].filter(isDefined),
        })),
    );
    return pulumi
        .all([region, resolvedServices, pulumi.output(loadBalancerArnSuffix), pulumi.all(alarms.map(a => a.arn))])
        .apply(([regionName, list, lbSuffix, alarmArns]) => {
            const widgets: object[] = [
                {
                    type: "alarm",
                    x: 0,
                    y: 0,
                    width: 24,
                    height: 3,
                    properties: { title: "Alarms", alarms: alarmArns },
                },
            ];
            list.forEach((service, row) => {
                const y = 3 + row * WIDGET_HEIGHT;
                const ecs = (metric: string) => [
                    "AWS/ECS",
                    metric,
                    "ClusterName",
                    service.clusterName,
                    "ServiceName",
                    service.serviceName,
                ];
                const graph = (column: number, title: string, metrics: unknown[][], stat: string) => ({
                    type: "metric",
                    x: column * WIDGET_WIDTH,
                    y,
                    width: WIDGET_WIDTH,
                    height: WIDGET_HEIGHT,
                    properties: {
                        title: `${service.key}: ${title}`,
                        region: regionName,
                        view: "timeSeries",
                        stat,
                        period: PERIOD_SECONDS,
                        metrics,
                    },
                });
                widgets.push(
                    graph(0, "CPU and memory (%)", [ecs("CPUUtilization"), ecs("MemoryUtilization")], "Average"),
                );
                widgets.push(
                    graph(
                        1,
                        "running tasks",
                        [
                            [
                                "ECS/ContainerInsights",
                                "RunningTaskCount",
                                "ClusterName",
                                service.clusterName,
                                "ServiceName",
                                service.serviceName,
                            ],
                        ],
                        "Minimum",
                    ),
                );
                if (lbSuffix !== undefined && service.targetGroups.length > 0) {
                    const alb = (metric: string, tg: string) => [
                        "AWS/ApplicationELB",
                        metric,
                        "TargetGroup",
                        tg,
                        "LoadBalancer",
                        lbSuffix,
                    ];
                    widgets.push(
                        graph(
                            2,
                            "requests, target 5xx, unhealthy targets",
                            service.targetGroups.flatMap(tg => [
                                alb("RequestCount", tg),
                                alb("HTTPCode_Target_5XX_Count", tg),
                                [...alb("UnHealthyHostCount", tg), { stat: "Maximum" }],
                            ]),
                            "Sum",
                        ),
                    );
                }
            });
            return JSON.stringify({ widgets });
        });
}

export function isDefined<T>(value: T | undefined): value is T {
    return value !== undefined;
}
