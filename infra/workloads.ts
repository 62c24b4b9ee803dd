import * as pulumi from "@pulumi/pulumi";
import {
    BackendService,
    CapacityProviderShare,
    Cluster,
    LoadBalancer,
    Monitoring,
    ScheduledJob,
    Service,
    TaskDefinition,
    TaskDefinitionArgs,
    WorkerService,
} from "../components/ecs";
import type { ImageArgs } from "../components/ecs/image-source";
import type { Logging } from "../components/logging";
import type { Networking, WorkloadSecurityGroups } from "../components/networking";
import type { Registry } from "../components/registry";
import { ServiceSecrets } from "../components/secrets";
import type { Tags } from "../components/shared";
import { componentRotation } from "./config/component-rules";
import { deploymentStrategyOf, shiftsTraffic } from "./config/rules";
import type { ServiceConfig, StackConfig } from "./config/resolve";

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
    kind: ServiceConfig["kind"];
    taskDefinitionArn: pulumi.Output<string>;
    /** The ECS service's name (web, backend, worker). */
    serviceName?: pulumi.Output<string>;
    family?: pulumi.Output<string>;
    queueName?: pulumi.Output<string>;
    deadLetterQueueName?: pulumi.Output<string>;
    failureRuleName?: pulumi.Output<string>;
}

/** The ECR repository a workload's image lives in. */
export function repositoryOf(config: StackConfig, service: ServiceConfig): string {
    return config.registry.sharedRepository ?? `${config.environment}/${service.name}`;
}

/**
 * Per repository, the tags its services run (`image.source: ecr` with a tag): the lifecycle policy never expires them.
 * A digest-pinned image has no tag to keep; it stays subject to the count and age rules.
 */
export function deployedTagsOf(config: StackConfig, services: ServiceConfig[]): Record<string, string[]> {
    const tags: Record<string, string[]> = {};
    for (const service of services) {
        if (service.image.source !== "ecr" || service.image.tag === undefined) continue;
        const repository = repositoryOf(config, service);
        tags[repository] = [...new Set([...(tags[repository] ?? []), service.image.tag])];
    }
    return tags;
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
            return { ...base, serviceName: web.serviceName, taskDefinitionArn: web.taskDefinitionArn };
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
            return { ...base, serviceName: backend.serviceName, taskDefinitionArn: backend.taskDefinitionArn };
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
                taskDefinitionArn: job.taskDefinitionArn,
                family: job.family,
                deadLetterQueueName: job.deadLetterQueueName,
                failureRuleName: job.failureRuleName,
            };
        }
        case "task": {
            const oneOff = new TaskDefinition(name, { ...task, name: service.name });
            return { ...base, taskDefinitionArn: oneOff.taskDefinitionArn, family: oneOff.family };
        }
    }
}

type KindlessTaskArgs = Omit<TaskDefinitionArgs, "name"> & { capacityProviderStrategy?: CapacityProviderShare[] };

/** The task every kind runs: size, image, hardening, secrets, logs and the app's permissions, from its config. */
function taskArgs(platform: Platform, service: ServiceConfig): KindlessTaskArgs {
    const { config, logging, network, cluster, kmsKeyArn, tags } = platform;
    const secrets = serviceSecrets(config, service, kmsKeyArn, tags);
    const repository = platform.registry?.repositories[repositoryOf(config, service)];
    const logGroup = logging.serviceLogGroups[service.name];
    return {
        environment: config.environment,
        ...placement(config, service, cluster),
        cpu: service.cpu,
        memory: service.memory,
        architecture: service.architecture,
        command: service.command,
        healthCheck: service.healthCheckCommand && { command: service.healthCheckCommand },
        readonlyRootFilesystem: service.readonlyRootFilesystem,
        writableTmp: service.writableTmp,
        user: service.user,
        environmentVariables: service.environment,
        secrets: secrets?.secretArns,
        secretsPolicy: secrets?.executionRolePolicy,
        logGroupName: logGroup.name,
        logGroupArn: logGroup.arn,
        sidecars: service.sidecars.map(s => ({
            name: s.name,
            image: s.image,
            cpu: s.cpu,
            memory: s.memory,
            port: s.port,
            environmentVariables: s.environment,
        })),
        efs: service.efs && {
            containerPath: service.efs.containerPath,
            kmsKeyArn,
            securityGroupId: network.efsSecurityGroupId!,
            // One mount target per private subnet: the count must be known now, the ids only later.
            subnetIds: network.subnetPlan.private.map((_, i) => network.privateSubnetIds.apply(ids => ids[i])),
        },
        image: imageSource(service, repository, secrets?.registryCredentialsArn),
        permissions: service.permissions,
        exec: service.exec
            ? { enabled: true, logGroupArn: logging.execLogGroup!.arn, kmsKeyArn: kmsKeyArn }
            : undefined,
        protect: config.protectStatefulResources,
        tags: { ...tags, service: service.name },
    };
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

/** Where a service's tasks run: its capacity choice mapped onto the cluster's providers. */
function placement(
    config: StackConfig,
    service: ServiceConfig,
    cluster: Cluster,
): {
    launchType: "FARGATE" | "EC2";
    networkMode: "awsvpc" | "bridge";
    capacityProviderStrategy?: CapacityProviderShare[];
} {
    switch (service.capacity) {
        case "fargate":
            return {
                launchType: "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
            };
        case "fargate-spot":
            return {
                launchType: "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
            };
        case "ec2":
            return {
                launchType: "EC2",
                networkMode: service.networkMode,
                capacityProviderStrategy: [{ capacityProvider: cluster.ec2CapacityProviderName!, weight: 1 }],
            };
        case "cluster-default":
            return {
                launchType: config.cluster.capacityStrategy.every(s => s.provider === "EC2") ? "EC2" : "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: config.cluster.capacityStrategy.map(s => ({
                    capacityProvider: s.provider === "EC2" ? cluster.ec2CapacityProviderName! : s.provider,
                    base: s.base,
                    weight: s.weight,
                })),
            };
    }
}

/** The service's secrets, if it has any: values from config (as Pulumi secrets) or left for out-of-band writes. */
function serviceSecrets(
    config: StackConfig,
    service: ServiceConfig,
    kmsKeyArn: pulumi.Input<string>,
    tags: Tags,
): ServiceSecrets | undefined {
    const credentialsName = service.image.source === "external" ? service.image.credentialsSecret : undefined;
    const declared = Object.entries(service.secrets);
    if (declared.length === 0) {
        return undefined;
    }
    const valueOf = (name: string) => {
        const value = config.secretValues[service.name]?.[name];
        return service.secrets[name].source === "config" && value !== undefined ? pulumi.secret(value) : undefined;
    };
    const env = config.environment;
    return new ServiceSecrets(`${env}-${service.name}-secrets`, {
        namePrefix: `/${env}/${service.name}/`,
        kmsKeyArn,
        secrets: Object.fromEntries(
            declared
                .filter(([name]) => name !== credentialsName)
                .map(([name, s]) => [
                    name,
                    {
                        store: s.store,
                        value: valueOf(name),
                        description: s.description,
                        rotation: componentRotation(s.rotation),
                    },
                ]),
        ),
        registryCredentials: credentialsName
            ? {
                  value: valueOf(credentialsName),
                  description: service.secrets[credentialsName].description,
                  rotation: componentRotation(service.secrets[credentialsName].rotation),
              }
            : undefined,
        recoveryWindowInDays: config.protectStatefulResources ? 30 : 0,
        protect: config.protectStatefulResources,
        tags: { ...tags, service: service.name },
    });
}

/** The image a service runs, from its config and this stack's repository (the config boundary checks it too). */
export function imageSource(
    service: ServiceConfig,
    repository: { url: pulumi.Input<string>; arn: pulumi.Input<string> } | undefined,
    credentialsArn: pulumi.Input<string> | undefined,
): ImageArgs {
    const image = service.image;
    if (image.source === "external") {
        return { external: image.name, credentialsSecretArn: credentialsArn };
    }
    const ecr = { repositoryUrl: repository!.url, repositoryArn: repository!.arn };
    return image.source === "build"
        ? { ...ecr, build: { context: image.context, dockerfile: image.dockerfile } }
        : { ...ecr, tag: image.tag, digest: image.digest };
}
