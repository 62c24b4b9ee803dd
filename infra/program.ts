import * as pulumi from "@pulumi/pulumi";
import { Cluster, LoadBalancer, Monitoring, Service, WebFirewall } from "../components/ecs";
import type { CapacityProviderShare } from "../components/ecs";
import type { ImageSource } from "../components/ecs/image-source";
import { Logging } from "../components/logging";
import { Networking } from "../components/networking";
import { Registry } from "../components/registry";
import { PlatformKey, ServiceSecrets } from "../components/secrets";
import type { Tags } from "../components/shared";
import { environmentBudget } from "./budget";
import { componentRotation } from "./config/component-rules";
import { checkDeployTimeFacts } from "./config/deploy-time";
import { resolveBudget } from "./config/budget";
import { loadStackConfig } from "./config/load";
import type { ServiceConfig, StackConfig } from "./config/resolve";

export interface ProgramOptions {
    /**
     * Where the stack file's `secure:` values sit (`ecs-platform:services.api.environment.TOKEN`).
     * Default: read from `Pulumi.<stack>.yaml` in the project directory.
     */
    secretPaths?: string[];
}

/**
 * The program: validated stack configuration in, one environment out. Composition only — every resource is
 * made by a component. Layers in dependency order: key → logs → network → registry → cluster and load balancer
 * → monitoring (the deployment alarms) → per service secrets and service, each watching its own alarms.
 */
export async function main(options: ProgramOptions = {}) {
    const config = loadStackConfig(options);
    const budget = resolveBudget(config);
    await checkDeployTimeFacts(config);
    const env = config.environment;
    const protect = config.protectStatefulResources;
    const tags = platformTags(config);
    const services = config.services;

    const key = new PlatformKey(`${env}-platform`, {
        aliasName: `ecs-platform-${env}`,
        description: `ecs-platform ${env}: logs, secrets, images, alarms`,
        deletionWindowInDays: protect ? 30 : 7,
        protect,
        tags,
    });

    const usesExec = services.some(s => s.exec);
    const logging = new Logging(`${env}-logs`, {
        environment: env,
        services: services.map(s => s.name),
        retentionInDays: config.logging.retentionDays,
        kmsKeyArn: key.keyArn,
        flowLogs: true,
        ecsExec: usesExec,
        protect,
        tags,
    });

    const network = new Networking(`${env}-network`, {
        cidrBlock: config.network.vpcCidr,
        availabilityZoneCount: config.network.azCount,
        natGateways: config.network.natGateways,
        loadBalancerIngressCidrs: config.network.loadBalancerIngressCidrs,
        containerPorts: [...new Set(services.map(s => s.port))],
        interfaceEndpoints: config.network.interfaceEndpoints,
        ssmEndpoint:
            config.network.interfaceEndpoints &&
            services.some(s => Object.values(s.secrets).some(x => x.store === "ssm")),
        efs: services.some(s => s.efs !== undefined),
        dynamicHostPorts: services.some(s => s.networkMode === "bridge"),
        flowLogs: { logGroupArn: logging.flowLogGroup!.arn },
        tags,
    });

    const repositoryOf = (service: ServiceConfig) => config.registry.sharedRepository ?? `${env}/${service.name}`;
    const ownImages = services.filter(s => s.image.source !== "external");
    const registry =
        ownImages.length > 0
            ? new Registry(`${env}-registry`, {
                  repositories: [...new Set(ownImages.map(repositoryOf))],
                  kmsKeyArn: key.keyArn,
                  lifecycle: config.registry.lifecycle,
                  pullAccountIds: config.registry.pullAccountIds,
                  forceDelete: !protect,
                  protect,
                  tags,
              })
            : undefined;

    const cluster = new Cluster(`${env}-cluster`, {
        containerInsights: config.cluster.containerInsights,
        defaultCapacityProviderStrategies: config.cluster.capacityStrategy.map(s => ({
            capacityProvider: s.provider,
            base: s.base,
            weight: s.weight,
        })),
        exec: usesExec ? { kmsKeyArn: key.keyArn, logGroupName: logging.execLogGroup!.name } : undefined,
        fargateEphemeralStorageKmsKeyArn: key.keyArn,
        ec2: config.cluster.ec2 && {
            ...config.cluster.ec2,
            subnetIds: network.privateSubnetIds,
            securityGroupIds: [network.servicesSecurityGroupId],
        },
        tags,
    });

    const lb = new LoadBalancer(`${env}-alb`, {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        securityGroupIds: [network.loadBalancerSecurityGroupId],
        domain: config.loadBalancer.domain
            ? {
                  name: config.loadBalancer.domain,
                  alternativeNames: config.loadBalancer.alternativeNames,
                  hostedZone: config.loadBalancer.hostedZoneId
                      ? { id: config.loadBalancer.hostedZoneId }
                      : { name: config.loadBalancer.hostedZone! },
              }
            : undefined,
        certificateArn: config.loadBalancer.certificateArn,
        testTraffic: {
            headerName: config.loadBalancer.testTraffic.headerName,
            headerValue: config.testTrafficToken === undefined ? undefined : pulumi.secret(config.testTrafficToken),
            sourceCidrs: config.loadBalancer.testTraffic.sourceCidrs,
        },
        quotas: config.loadBalancer.quotas,
        sslPolicy: config.loadBalancer.sslPolicy,
        desyncMitigationMode: config.loadBalancer.desyncMitigationMode,
        enableDeletionProtection: config.loadBalancer.deletionProtection,
        idleTimeoutSeconds: config.loadBalancer.idleTimeoutSeconds,
        accessLogs: {
            enabled: config.loadBalancer.accessLogs.enabled,
            expirationDays: config.loadBalancer.accessLogs.expireDays,
        },
        protect,
        routes: Object.fromEntries(
            services.map(s => [
                s.name,
                {
                    pathPatterns: s.route.paths,
                    hosts: s.route.hosts,
                    priority: s.route.priority,
                    port: s.port,
                    healthCheckPath: s.healthCheckPath,
                    targetType: s.networkMode === "bridge" ? ("instance" as const) : ("ip" as const),
                    blueGreen: s.blueGreen,
                    deregistrationDelaySeconds: config.loadBalancer.deregistrationDelaySeconds,
                },
            ]),
        ),
        tags,
    });
    for (const warning of lb.warnings) {
        pulumi.log.warn(warning, lb);
    }
    for (const email of config.alarms.emails.filter(isPlaceholderAddress)) {
        pulumi.log.warn(
            `alarms.emails: ${email} is a placeholder (a reserved example domain): alarms reach nobody until you set a real address`,
        );
    }
    if (config.loadBalancer.waf) {
        new WebFirewall(`${env}-waf`, {
            loadBalancerArn: lb.arn,
            webAclArn: config.loadBalancer.wafWebAclArn,
            requestsPerFiveMinutesPerIp: config.loadBalancer.wafRequestsPerFiveMinutesPerIp,
            tags,
        });
    }

    const monitoring = new Monitoring(`${env}-monitoring`, {
        kmsKeyArn: key.keyArn,
        alarmEmails: config.alarms.emails,
        loadBalancerArnSuffix: lb.arnSuffix,
        thresholds: {
            cpuUtilizationPercent: config.alarms.cpuHighPercent,
            memoryUtilizationPercent: config.alarms.memoryHighPercent,
            target5xxPerMinute: config.alarms.target5xxPerMinute,
        },
        dashboardName: `ecs-platform-${env}`,
        services: Object.fromEntries(
            services.map(service => [
                service.name,
                {
                    clusterName: cluster.clusterName,
                    // The configured name, not the service's output: the service watches these alarms, so they come first.
                    serviceName: service.name,
                    minRunningTasks: service.minCount,
                    targetGroupArnSuffix: lb.services[service.name].targetGroupArnSuffix,
                    alternateTargetGroupArnSuffix: lb.services[service.name].alternateTargetGroupArnSuffix,
                    deploymentFloorPercent: config.deployment.minimumHealthyPercent,
                },
            ]),
        ),
        tags,
    });

    const deployed = services.map(service => {
        const route = lb.services[service.name];
        const secrets = serviceSecrets(config, service, key.keyArn, tags);
        const repository = registry?.repositories[repositoryOf(service)];
        return new Service(`${env}-${service.name}`, {
            serviceName: service.name,
            environment: env,
            clusterArn: cluster.clusterArn,
            clusterName: cluster.clusterName,
            ...placement(config, service, cluster),
            subnetIds: network.privateSubnetIds,
            securityGroupIds: [network.servicesSecurityGroupId],
            cpu: service.cpu,
            memory: service.memory,
            architecture: service.architecture,
            port: service.port,
            healthCheckPath: service.healthCheckPath,
            readonlyRootFilesystem: service.readonlyRootFilesystem,
            writableTmp: service.writableTmp,
            user: service.user,
            environmentVariables: service.environment,
            secrets: secrets?.secretArns,
            secretsPolicy: secrets?.executionRolePolicy,
            logGroupName: logging.serviceLogGroups[service.name].name,
            logGroupArn: logging.serviceLogGroups[service.name].arn,
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
                kmsKeyArn: key.keyArn,
                securityGroupId: network.efsSecurityGroupId!,
                // One mount target per private subnet: the count must be known now, the ids only later.
                subnetIds: network.subnetPlan.private.map((_, i) => network.privateSubnetIds.apply(ids => ids[i])),
            },
            image: imageSource(service, repository, secrets?.registryCredentialsArn),
            targetGroupArn: route.targetGroupArn,
            targetGroupArnSuffix: route.targetGroupArnSuffix,
            loadBalancerArnSuffix: lb.arnSuffix,
            healthCheckGracePeriodSeconds: config.deployment.healthCheckGracePeriodSeconds,
            blueGreen: service.blueGreen
                ? {
                      alternateTargetGroupArn: route.alternateTargetGroupArn!,
                      productionListenerRuleArn: route.listenerRuleArn,
                      testListenerRuleArn: route.testListenerRuleArn,
                      roleArn: route.blueGreenRoleArn!,
                  }
                : undefined,
            desiredCount: service.desiredCount,
            deploymentMinimumHealthyPercent: config.deployment.minimumHealthyPercent,
            deploymentMaximumPercent: config.deployment.maximumPercent,
            waitForSteadyState: config.deployment.waitForSteadyState,
            deploymentTimeoutMinutes: config.deployment.timeoutMinutes,
            deploymentAlarmNames: monitoring.deploymentAlarmNames[service.name],
            autoscaling: service.autoscaling.enabled
                ? {
                      minCapacity: service.minCount,
                      maxCapacity: service.maxCount,
                      cpu: { targetValue: service.autoscaling.cpuTargetPercent },
                      memory: { targetValue: service.autoscaling.memoryTargetPercent },
                      requestsPerTarget:
                          service.autoscaling.requestsPerTarget === undefined
                              ? undefined
                              : { targetValue: service.autoscaling.requestsPerTarget },
                      scheduledActions: service.autoscaling.scheduledActions.map(a => ({
                          name: a.name,
                          schedule: a.schedule,
                          minCapacity: a.minCount,
                          maxCapacity: a.maxCount,
                          timezone: a.timezone,
                      })),
                  }
                : undefined,
            taskRolePolicyStatements: service.permissions.map(p => ({
                Effect: "Allow" as const,
                Action: p.actions,
                Resource: p.resources,
            })),
            exec: service.exec
                ? { enabled: true, logGroupArn: logging.execLogGroup!.arn, kmsKeyArn: key.keyArn }
                : undefined,
            protect,
            tags: { ...tags, service: service.name },
        });
    });

    environmentBudget(config, budget, tags);

    return {
        environment: env,
        url: pulumi.interpolate`${lb.httpsEnabled ? "https" : "http"}://${lb.hostname}`,
        loadBalancerDnsName: lb.dnsName,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        clusterName: cluster.clusterName,
        services: Object.fromEntries(
            deployed.map((s, i) => [
                services[i].name,
                { serviceName: s.serviceName, taskDefinitionArn: s.taskDefinitionArn },
            ]),
        ),
        repositoryUrls: registry
            ? Object.fromEntries(Object.entries(registry.repositories).map(([name, r]) => [name, r.url]))
            : {},
        alarmTopicArn: monitoring.topicArn,
        dashboardName: monitoring.dashboardName,
    };
}

/** Tags on every taggable resource. */
function platformTags(config: StackConfig): Tags {
    return {
        ...config.tags,
        environment: config.environment,
        owner: config.owner,
        ...(config.costCentre ? { "cost-centre": config.costCentre } : {}),
        "managed-by": "pulumi",
        project: "ecs-platform",
        stack: config.stack,
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

/** The image a service runs, from its config and this stack's repository. */
function imageSource(
    service: ServiceConfig,
    repository: { url: pulumi.Output<string>; arn: pulumi.Output<string> } | undefined,
    credentialsArn: pulumi.Output<string> | undefined,
): ImageSource {
    const image = service.image;
    switch (image.source) {
        case "external":
            return { kind: "external", image: image.name, credentialsSecretArn: credentialsArn };
        case "build":
            return {
                kind: "build",
                repositoryUrl: repository!.url,
                repositoryArn: repository!.arn,
                context: image.context,
                dockerfile: image.dockerfile,
                platform: service.architecture === "ARM64" ? "linux/arm64" : "linux/amd64",
            };
        case "ecr":
            return image.digest !== undefined
                ? { kind: "ecr", repositoryUrl: repository!.url, repositoryArn: repository!.arn, digest: image.digest }
                : { kind: "ecr", repositoryUrl: repository!.url, repositoryArn: repository!.arn, tag: image.tag! };
    }
}

/** Addresses at the domains RFC 2606 reserves for examples: they never receive mail. */
export function isPlaceholderAddress(email: string): boolean {
    const domain = email.split("@").pop()!.toLowerCase();
    return /(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$/.test(domain);
}
