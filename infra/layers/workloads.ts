import * as pulumi from "@pulumi/pulumi";
import {
    BackendService,
    Cluster,
    LoadBalancer,
    Monitoring,
    ScheduledJob,
    Service,
    TaskDefinition,
    WorkerService,
} from "../../components/ecs";
import type { Logging } from "../../components/logging";
import type { Networking, WorkloadSecurityGroups } from "../../components/networking";
import type { Registry } from "../../components/registry";
import type { Tags } from "../../components/shared";
import { deploymentStrategyOf, shiftsTraffic } from "../config/rules";
import type { ServiceConfig, StackConfig } from "../config/resolve";
import { taskArgs } from "./task";

/** The environment's shared layers a workload is built on. */
export interface Platform {
    config: StackConfig;
    kmsKeyArn: pulumi.Output<string>;
    logging: Logging;
    network: Networking;
    cluster: Cluster;
    lb: LoadBalancer;
    registry?: Registry;
    groups: WorkloadSecurityGroups;
    monitoring: Monitoring;
    tags: Tags;
}

/** What the program needs back from one workload: outputs, monitoring and the one-off task command. */
export interface DeployedWorkload {
    name: string;
    /** The workload's component: what deploys its image (the registry's lifecycle policy waits for it). */
    resource: pulumi.Resource;
    kind: ServiceConfig["kind"];
    taskDefinitionArn: pulumi.Output<string>;
    /** The ECS service's name (web, backend, worker). */
    serviceName?: pulumi.Output<string>;
    family?: pulumi.Output<string>;
    queueName?: pulumi.Output<string>;
    deadLetterQueueName?: pulumi.Output<string>;
    failureRuleName?: pulumi.Output<string>;
}

/** Builds one workload of its configured kind. */
export function deployWorkload(platform: Platform, service: ServiceConfig): DeployedWorkload {
    const { config, cluster, network, groups, lb } = platform;
    const env = config.environment;
    const name = `${env}-${service.name}`;
    const task = taskArgs(platform, service);
    const onService = {
        ...task,
        serviceName: service.name,
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [groups.securityGroupIds[service.name]],
        deploymentMinimumHealthyPercent: config.deployment.minimumHealthyPercent,
        deploymentMaximumPercent: config.deployment.maximumPercent,
        waitForSteadyState: config.deployment.waitForSteadyState,
        deploymentTimeoutMinutes: config.deployment.timeoutMinutes,
        deploymentAlarmNames: platform.monitoring.deploymentAlarmNames[service.name],
    };
    // Every service joins Service Connect as a client, so `http://<name>:<port>` works from any of them.
    const serviceConnect = { namespaceArn: cluster.serviceConnectNamespaceArn! };
    const base = { name: service.name, kind: service.kind };

    switch (service.kind) {
        case "web": {
            const route = lb.services[service.name];
            const web = new Service(name, {
                ...onService,
                port: service.port,
                healthCheckPath: service.healthCheckPath,
                targetGroupArn: route.targetGroupArn,
                targetGroupArnSuffix: route.targetGroupArnSuffix,
                loadBalancerArnSuffix: lb.arnSuffix,
                healthCheckGracePeriodSeconds: config.deployment.healthCheckGracePeriodSeconds,
                blueGreen: shiftsTraffic(service)
                    ? {
                          strategy: deploymentStrategyOf(service) as "BLUE_GREEN" | "CANARY" | "LINEAR",
                          bakeTimeMinutes: service.deployment?.bakeTimeMinutes,
                          canary: service.deployment?.canary,
                          linear: service.deployment?.linear,
                          lifecycleHooks: service.deployment?.lifecycleHooks,
                          alternateTargetGroupArn: route.alternateTargetGroupArn!,
                          productionListenerRuleArn: route.listenerRuleArn,
                          testListenerRuleArn: route.testListenerRuleArn,
                          roleArn: route.blueGreenRoleArn!,
                      }
                    : undefined,
                desiredCount: service.desiredCount,
                autoscaling: autoscalingOf(service),
                serviceConnect: { ...serviceConnect, publish: true },
            });
            return { ...base, resource: web, serviceName: web.serviceName, taskDefinitionArn: web.taskDefinitionArn };
        }
        case "backend": {
            const backend = new BackendService(name, {
                ...onService,
                port: service.port,
                healthCheckPath: service.healthCheckPath,
                desiredCount: service.desiredCount,
                autoscaling: autoscalingOf(service),
                serviceConnect,
            });
            return {
                ...base,
                resource: backend,
                serviceName: backend.serviceName,
                taskDefinitionArn: backend.taskDefinitionArn,
            };
        }
        case "worker": {
            const queue = service.queue;
            const worker = new WorkerService(name, {
                ...onService,
                serviceConnect,
                queue: {
                    kmsKeyArn: platform.kmsKeyArn,
                    visibilityTimeoutSeconds: queue?.visibilityTimeoutSeconds,
                    maxReceiveCount: queue?.maxReceiveCount,
                    retentionSeconds: queue && queue.retentionDays * 24 * 3600,
                    messagesPerTask: queue?.messagesPerTask,
                    topicArn: queue?.topicArn,
                    minCount: service.minCount,
                    maxCount: service.maxCount,
                },
            });
            return {
                ...base,
                resource: worker,
                serviceName: worker.serviceName,
                taskDefinitionArn: worker.taskDefinitionArn,
                queueName: worker.queueName,
                deadLetterQueueName: worker.deadLetterQueueName,
            };
        }
        case "job": {
            const job = new ScheduledJob(name, {
                ...task,
                jobName: service.name,
                clusterArn: cluster.clusterArn,
                subnetIds: network.privateSubnetIds,
                securityGroupIds: [groups.securityGroupIds[service.name]],
                capacityProviderStrategy: onService.capacityProviderStrategy,
                schedule: service.schedule!,
                kmsKeyArn: platform.kmsKeyArn,
            });
            return {
                ...base,
                resource: job,
                taskDefinitionArn: job.taskDefinitionArn,
                family: job.family,
                deadLetterQueueName: job.deadLetterQueueName,
                failureRuleName: job.failureRuleName,
            };
        }
        case "task": {
            const oneOff = new TaskDefinition(name, { ...task, name: service.name });
            return { ...base, resource: oneOff, taskDefinitionArn: oneOff.taskDefinitionArn, family: oneOff.family };
        }
    }
}

function autoscalingOf(service: ServiceConfig) {
    if (!service.autoscaling.enabled) {
        return undefined;
    }
    return {
        minCount: service.minCount,
        maxCount: service.maxCount,
        cpu: { targetValue: service.autoscaling.cpuTargetPercent },
        memory: { targetValue: service.autoscaling.memoryTargetPercent },
        requestsPerTarget:
            service.autoscaling.requestsPerTarget === undefined
                ? undefined
                : { targetValue: service.autoscaling.requestsPerTarget },
        scheduledActions: service.autoscaling.scheduledActions.map(a => ({
            name: a.name,
            schedule: a.schedule,
            minCount: a.minCount,
            maxCount: a.maxCount,
            timezone: a.timezone,
        })),
    };
}
