import * as pulumi from "@pulumi/pulumi";
import { Cluster, LoadBalancer, Monitoring, WebFirewall } from "../components/ecs";
import { Logging } from "../components/logging";
import { Networking, WorkloadSecurityGroups } from "../components/networking";
import { Registry } from "../components/registry";
import { PlatformKey } from "../components/secrets";
import type { Tags } from "../components/shared";
import { environmentBudget } from "./budget";
import { checkDeployTimeFacts } from "./config/deploy-time";
import { resolveBudget } from "./config/budget";
import { loadStackConfig } from "./config/load";
import type { StackConfig } from "./config/resolve";
import { shiftsTraffic } from "./config/rules";
import { runsAsService } from "./config/workload-rules";
import { deployedTagsOf, deployWorkload, repositoryOf } from "./workloads";

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
        vpcCidr: config.network.vpcCidr,
        azCount: config.network.azCount,
        natGateways: config.network.natGateways,
        loadBalancerIngressCidrs: config.network.loadBalancerIngressCidrs,
        interfaceEndpoints: config.network.interfaceEndpoints,
        ssmEndpoint:
            config.network.interfaceEndpoints &&
            services.some(s => Object.values(s.secrets).some(x => x.store === "ssm")),
        efs: services.some(s => s.efs !== undefined),
        flowLogs: { logGroupArn: logging.flowLogGroup!.arn },
        tags,
    });
    const webServices = services.filter(s => s.kind === "web");
    const groups = new WorkloadSecurityGroups(`${env}-workloads`, {
        vpcId: network.vpcId,
        loadBalancerSecurityGroupId: network.loadBalancerSecurityGroupId,
        efsSecurityGroupId: network.efsSecurityGroupId,
        workloads: Object.fromEntries(
            services.map(s => [
                s.name,
                {
                    port: s.kind === "web" || s.kind === "backend" ? s.port : undefined,
                    fromLoadBalancer: s.kind === "web" && s.networkMode === "awsvpc",
                    calls: s.calls,
                    efs: s.efs !== undefined,
                    egress: s.egress,
                },
            ]),
        ),
        instances: config.cluster.ec2 && { dynamicHostPorts: services.some(s => s.networkMode === "bridge") },
        tags,
    });

    const ownImages = services.filter(s => s.image.source !== "external");
    const registry =
        ownImages.length > 0
            ? new Registry(`${env}-registry`, {
                  repositories: [...new Set(ownImages.map(s => repositoryOf(config, s)))],
                  kmsKeyArn: key.keyArn,
                  lifecycle: config.registry.lifecycle,
                  deployedTags: deployedTagsOf(config, ownImages),
                  pullAccountIds: config.registry.pullAccountIds,
                  forceDelete: !protect,
                  protect,
                  tags,
              })
            : undefined;

    const cluster = new Cluster(`${env}-cluster`, {
        containerInsights: config.cluster.containerInsights,
        capacityStrategy: config.cluster.capacityStrategy,
        exec: usesExec ? { kmsKeyArn: key.keyArn, logGroupName: logging.execLogGroup!.name } : undefined,
        fargateEphemeralStorageKmsKeyArn: key.keyArn,
        ec2: config.cluster.ec2 && {
            ...config.cluster.ec2,
            subnetIds: network.privateSubnetIds,
            securityGroupIds: [groups.instancesSecurityGroupId!],
        },
        serviceConnectNamespace: `${env}.internal`,
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
                  hostedZone: config.loadBalancer.hostedZone,
                  hostedZoneId: config.loadBalancer.hostedZoneId,
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
        deletionProtection: config.loadBalancer.deletionProtection,
        idleTimeoutSeconds: config.loadBalancer.idleTimeoutSeconds,
        accessLogs: config.loadBalancer.accessLogs,
        protect,
        routes: Object.fromEntries(
            webServices.map(s => [
                s.name,
                {
                    pathPatterns: s.route!.paths,
                    hosts: s.route!.hosts,
                    priority: s.route!.priority,
                    port: s.port,
                    healthCheckPath: s.healthCheckPath,
                    targetType: s.networkMode === "bridge" ? ("instance" as const) : ("ip" as const),
                    blueGreen: shiftsTraffic(s),
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

    // Before the services: each service's deployment rolls back on its alarms, so they are named from config.
    const monitoring = new Monitoring(`${env}-monitoring`, {
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
                    // The configured name, not the service's output: the service watches these alarms, so they come first.
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

    const platform = {
        config,
        kmsKeyArn: key.keyArn,
        logging,
        network,
        cluster,
        lb,
        registry,
        groups,
        monitoring,
        tags,
    };
    const deployed = services.map(service => deployWorkload(platform, service));

    environmentBudget(config, budget, tags);

    return {
        environment: env,
        url: pulumi.interpolate`${lb.httpsEnabled ? "https" : "http"}://${lb.hostname}`,
        loadBalancerDnsName: lb.dnsName,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        clusterName: cluster.clusterName,
        clusterArn: cluster.clusterArn,
        services: Object.fromEntries(
            deployed
                .filter(d => d.serviceName)
                .map(d => [d.name, { serviceName: d.serviceName, taskDefinitionArn: d.taskDefinitionArn }]),
        ),
        // What `npm run task` needs to start a job or one-off task with the stack's network settings.
        tasks: Object.fromEntries(
            deployed
                .filter(d => d.family)
                .map(d => [
                    d.name,
                    {
                        family: d.family,
                        container: d.name,
                        securityGroupIds: [groups.securityGroupIds[d.name]],
                        capacityProvider:
                            config.services.find(s => s.name === d.name)!.capacity === "fargate-spot"
                                ? "FARGATE_SPOT"
                                : "FARGATE",
                    },
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

/** Addresses at the domains RFC 2606 reserves for examples: they never receive mail. */
export function isPlaceholderAddress(email: string): boolean {
    const domain = email.split("@").pop()!.toLowerCase();
    return /(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$/.test(domain);
}
