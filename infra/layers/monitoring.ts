import * as pulumi from "@pulumi/pulumi";
import { type Cluster, type LoadBalancer, Monitoring } from "../../components/ecs";
import type { PlatformKey } from "../../components/secrets";
import type { Tags } from "../../components/shared";
import type { StackConfig } from "../config/resolve";
import { runsAsService } from "../config/workload-rules";

/**
 * The alarm topic, the dashboard and every workload's alarms. Before the workloads: each service's deployment rolls
 * back on its alarms, so they are named from config, not from the services' outputs.
 */
export function monitoringLayer(
    config: StackConfig,
    key: PlatformKey,
    cluster: Cluster,
    lb: LoadBalancer,
    tags: Tags,
): Monitoring {
    const env = config.environment;
    const services = config.services;
    for (const email of config.alarms.emails.filter(isPlaceholderAddress)) {
        pulumi.log.warn(
            `alarms.emails: ${email} is a placeholder (a reserved example domain): alarms reach nobody until you set a real address`,
        );
    }
    return new Monitoring(`${env}-monitoring`, {
        kmsKeyArn: key.keyArn,
        emails: config.alarms.emails,
        loadBalancerArnSuffix: lb.arnSuffix,
        thresholds: {
            cpuHighPercent: config.alarms.cpuHighPercent,
            memoryHighPercent: config.alarms.memoryHighPercent,
            target5xxPerMinute: config.alarms.target5xxPerMinute,
        },
        dashboardName: `ecs-platform-${env}`,
        services: Object.fromEntries(
            services.filter(runsAsService).map(service => [
                service.name,
                {
                    clusterName: cluster.clusterName,
                    serviceName: service.name,
                    minRunningTasks: service.minCount,
                    targetGroupArnSuffix: lb.services[service.name]?.targetGroupArnSuffix,
                    alternateTargetGroupArnSuffix: lb.services[service.name]?.alternateTargetGroupArnSuffix,
                    deploymentFloorPercent: config.deployment.minimumHealthyPercent,
                },
            ]),
        ),
        // Queue, dead-letter queue and failure rule names are fixed by the workload's name.
        queues: Object.fromEntries(
            services
                .filter(s => s.kind === "worker")
                .map(s => [s.name, { queueName: `${env}-${s.name}`, deadLetterQueueName: `${env}-${s.name}-dlq` }]),
        ),
        jobs: Object.fromEntries(
            services
                .filter(s => s.kind === "job")
                .map(s => [
                    s.name,
                    {
                        failureRuleName: `${env}-${s.name}-failed`,
                        deadLetterQueueName: `${env}-${s.name}-schedule-dlq`,
                    },
                ]),
        ),
        tags,
    });
}

/** Addresses at the domains RFC 2606 reserves for examples: they never receive mail. */
export function isPlaceholderAddress(email: string): boolean {
    const domain = email.split("@").pop()!.toLowerCase();
    return /(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$/.test(domain);
}
