import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, Tags } from "../shared";
import type { MonitoredJob, MonitoredQueue } from "./workload-alarms";

/** Alarm thresholds; every field can be set for all services and overridden per service. */
export interface AlarmThresholds {
    /** Average service CPU above this percentage for 5 consecutive minutes. Default: 80. */
    cpuHighPercent: number;
    /** Average service memory above this percentage for 5 consecutive minutes. Default: 80. */
    memoryHighPercent: number;
    /** Target 5xx responses per minute at or above this count in 3 of 5 minutes. Default: 10. */
    target5xxPerMinute: number;
    /** Unhealthy targets at or above this count for 3 consecutive minutes. Default: 1. */
    unhealthyHosts: number;
}

/** One ECS service to watch. */
export interface MonitoredService {
    /** Cluster the service runs in (`ClusterName` dimension). Required. */
    clusterName: pulumi.Input<string>;
    /** ECS service name (`ServiceName` dimension). Required. */
    serviceName: pulumi.Input<string>;
    /**
     * Fewest running tasks that is healthy (usually the autoscaling minimum); fewer for 3 minutes alarms.
     * 0 turns the running-tasks alarm off (a service allowed to scale to zero). Required.
     */
    minRunningTasks: number;
    /** Target group behind the ALB (`TargetGroup` dimension). Default: none (no 5xx or unhealthy-host alarms). */
    targetGroupArnSuffix?: pulumi.Input<string>;
    /**
     * Blue/green alternate target group: the ALB alarms then watch both groups, since traffic moves to the alternate
     * one at every other deployment. Default: none.
     */
    alternateTargetGroupArnSuffix?: pulumi.Input<string>;
    /** Threshold overrides for this service. Default: the component-wide `thresholds`. */
    thresholds?: Partial<AlarmThresholds>;
    /**
     * The deployment's floor, % of desired (the service's `deploymentMinimumHealthyPercent`): fewer running tasks
     * than that for 5 minutes raises `running-below-desired`, a deployment alarm. Default: 100.
     */
    deploymentFloorPercent?: number;
}

export interface MonitoringArgs {
    /** KMS key encrypting the alarm topic (the platform key; its policy must let `cloudwatch.amazonaws.com` use it). Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Addresses subscribed to the alarm topic (each must confirm the subscription email). Default: none. */
    emails?: string[];
    /** Services by key; the key names the alarms and dashboard widgets. Required (may be empty). */
    services: Record<string, MonitoredService>;
    /** Workers' queues by key: backlog age and dead-letter depth. Default: none. */
    queues?: Record<string, MonitoredQueue>;
    /** Scheduled jobs by key: failed runs and runs Scheduler could not start. Default: none. */
    jobs?: Record<string, MonitoredJob>;
    /** The ALB's `app/<name>/<id>` suffix (`LoadBalancer` dimension); needed for the target group alarms. Default: none. */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /** Thresholds for every service. Default: 80 % CPU, 80 % memory, 10 target 5xx per minute, 1 unhealthy host. */
    thresholds?: Partial<AlarmThresholds>;
    /** CloudWatch dashboard name (letters, digits, `-`, `_`). Default: the component name. */
    dashboardName?: string;
    /** Tags set on every taggable child; the alarms add `service=<key>`. Default: none. */
    tags?: Tags;
}

const defaultThresholds: AlarmThresholds = {
    cpuHighPercent: 80,
    memoryHighPercent: 80,
    target5xxPerMinute: 10,
    unhealthyHosts: 1,
};

/** The one place Monitoring defaults are applied. */
export function resolveMonitoringArgs(name: string, args: MonitoringArgs) {
    const thresholds = { ...defaultThresholds, ...args.thresholds };
    return {
        ...args,
        emails: args.emails ?? [],
        queues: Object.fromEntries(
            Object.entries(args.queues ?? {}).map(([key, queue]) => [
                key,
                { ...queue, oldestMessageAgeSeconds: queue.oldestMessageAgeSeconds ?? 900 },
            ]),
        ),
        jobs: args.jobs ?? {},
        dashboardName: args.dashboardName ?? name,
        services: Object.fromEntries(
            Object.entries(args.services).map(([key, service]) => [
                key,
                {
                    ...service,
                    thresholds: { ...thresholds, ...service.thresholds },
                    deploymentFloorPercent: service.deploymentFloorPercent ?? 100,
                },
            ]),
        ),
    };
}

/**
 * What is wrong with the monitoring arguments, by argument. Dashboard names: `PutDashboard`'s
 * `[A-Za-z0-9_-]{1,255}` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html).
 * Pure: the program checks its config with it first.
 */
export function monitoringProblems(name: string, args: MonitoringArgs): ArgumentProblems {
    const settings = resolveMonitoringArgs(name, args);
    const problems = new ArgumentProblems();
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(settings.dashboardName)) {
        problems.add("dashboardName", 'may use only letters, digits, "-" and "_", at most 255');
    }
    settings.emails.forEach((email, i) => {
        if (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
            problems.add(`emails[${i}]`, "is not an email address");
        }
    });
    for (const [key, service] of Object.entries(settings.services)) {
        const floor = service.deploymentFloorPercent;
        if (floor !== undefined && !(Number.isInteger(floor) && floor >= 0 && floor <= 100)) {
            problems.add(`services.${key}.deploymentFloorPercent`, `must be an integer from 0 to 100 (got ${floor})`);
        }
        if (!Number.isInteger(service.minRunningTasks) || service.minRunningTasks < 0) {
            problems.add(`services.${key}.minRunningTasks`, `must be an integer ≥ 0 (got ${service.minRunningTasks})`);
        }
        for (const [field, value] of Object.entries(service.thresholds)) {
            if (!Number.isFinite(value) || value < 0) {
                problems.add(`services.${key}.thresholds.${field}`, `must be a number ≥ 0 (got ${value})`);
            }
        }
    }
    return problems;
}
