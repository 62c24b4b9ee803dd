import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, mergeTags, movedFrom } from "../shared";
import { createServiceAutoscaling, ServiceAutoscalingArgs } from "./autoscaling";
import { serviceProblems } from "./service-rules";
import { TaskArgs, TaskDefinition, TaskPermissionArgs } from "./task-definition";
import { LaunchType, NetworkMode } from "./task-enums";

/** One entry of a capacity provider strategy. */
export interface CapacityProviderShare {
    /** `FARGATE`, `FARGATE_SPOT` (Fargate services) or an EC2 capacity provider's name (EC2 services). Required. */
    capacityProvider: pulumi.Input<string>;
    /** Relative share of tasks placed on this provider. Default: 1. */
    weight?: number;
    /** Tasks always placed on this provider before weights apply; at most one entry may set it. Default: 0. */
    base?: number;
}

/** The Service Connect namespace a service joins, and TLS for the port it publishes. */
export interface ServiceConnectNamespaceArgs {
    /** The Cloud Map namespace (`Cluster.serviceConnectNamespaceArn`). Required. */
    namespaceArn: pulumi.Input<string>;
    /**
     * TLS between the Service Connect proxies, issued by an AWS Private CA (short-lived certificates). Default: none
     * (plain TCP inside the VPC; see docs/DESIGN.md for what TLS costs and needs).
     */
    tls?: ServiceConnectTlsArgs;
}

/** ECS Service Connect: the service resolves `<name>:<port>` of every published service in the namespace. */
export interface ServiceConnectArgs extends ServiceConnectNamespaceArgs {
    /**
     * Publish the app's `port` as `<serviceName>` (port mapping name and DNS name), so other services reach it at
     * `http://<serviceName>:<port>`. Default: false (a client only).
     */
    publish?: boolean;
}

/** TLS between Service Connect proxies. */
export interface ServiceConnectTlsArgs {
    /** ARN of the AWS Private CA issuing the proxies' certificates. Required. */
    certificateAuthorityArn: pulumi.Input<string>;
    /** Role ECS assumes to issue certificates (`AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity`). Required. */
    roleArn: pulumi.Input<string>;
    /** KMS key ECS encrypts the certificates' private keys with. Default: an AWS-owned key. */
    kmsKeyArn?: pulumi.Input<string>;
}

/**
 * What every kind of ECS service takes: its task (TaskArgs), placement and deployment. Named parts, not `Omit`: the
 * component analyzer needs each property's own declaration (an enum's name is found there).
 */
export interface ServiceCoreArgs extends TaskArgs {
    // ---- Placement ----
    /** Service name: the ECS service's name and the app container's name. Letters, digits, `-`, `_`. Required. */
    serviceName: string;
    /** Cluster ARN. Required. */
    clusterArn: pulumi.Input<string>;
    /** Cluster name (autoscaling resource id `service/<clusterName>/<serviceName>`). Required. */
    clusterName: pulumi.Input<string>;
    /**
     * Capacity provider strategy (e.g. `[{capacityProvider: "FARGATE_SPOT", weight: 3}, {capacityProvider: "FARGATE", base: 1}]`).
     * Default: `[{capacityProvider: "FARGATE", weight: 1}]` on Fargate; on EC2, none (the service uses `launchType: EC2`).
     */
    capacityProviderStrategy?: CapacityProviderShare[];

    // ---- Networking ----
    /** Private subnets of the tasks (e.g. `Networking.privateSubnetIds`). Required with awsvpc; unused in bridge mode. Default: none. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the tasks (awsvpc; in bridge mode the instances' groups apply). Required with awsvpc. Default: none. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;

    // ---- Deployment ----
    /** Lower bound of running tasks during a deployment, % of desired. Default: 100. */
    deploymentMinimumHealthyPercent?: number;
    /** Upper bound of running tasks during a deployment, % of desired. Default: 200. */
    deploymentMaximumPercent?: number;
    /** Make `pulumi up` wait until the deployment is steady, and fail when the circuit breaker rolls it back. Default: true. */
    waitForSteadyState?: boolean;
    /** Minutes `pulumi up` waits for the service to be created or updated. Default: 20. */
    deploymentTimeoutMinutes?: number;
    /**
     * CloudWatch alarms that fail a deployment when one goes into ALARM while it runs, and roll the service back to
     * its last completed deployment (e.g. `Monitoring.deploymentAlarmNames[service]`). Default: none (the circuit
     * breaker alone, which sees only tasks that fail to start or stay healthy).
     */
    deploymentAlarmNames?: pulumi.Input<string>[];
}

/** How many tasks a service runs: a fixed count, or autoscaling. */
export interface ServiceScalingArgs {
    /** Running tasks while autoscaling is off; with it on, only checked to lie within its bounds. Default: 2 (minCount with autoscaling). */
    desiredCount?: number;
    /**
     * Target-tracking autoscaling. While on, the service is created with `minCount` tasks and `desiredCount`
     * is in `ignoreChanges`: the scaler owns the count, and an update must not reset a scaled-out service to a
     * fixed number mid-traffic. Default: none (the program manages `desiredCount`).
     */
    autoscaling?: ServiceAutoscalingArgs;
}

/** What the base takes: the core, the scaling and Service Connect. */
export interface ServiceBaseArgs extends ServiceCoreArgs, ServiceScalingArgs {
    /** Join ECS Service Connect as a client, and optionally publish the app's port. Default: none. */
    serviceConnect?: ServiceConnectArgs;
}

/** The one place the service base's defaults are applied. */
export function serviceBaseDefaults(args: ServiceBaseArgs) {
    const launchType = args.launchType ?? LaunchType.Fargate;
    return {
        ...args,
        launchType,
        networkMode: args.networkMode ?? NetworkMode.Awsvpc,
        capacityProviderStrategy:
            args.capacityProviderStrategy ?? (launchType === LaunchType.Fargate ? FARGATE_STRATEGY : []),
        subnetIds: args.subnetIds ?? [],
        securityGroupIds: args.securityGroupIds ?? [],
        desiredCount: args.desiredCount ?? (args.autoscaling ? args.autoscaling.minCount : 2),
        deploymentMinimumHealthyPercent: args.deploymentMinimumHealthyPercent ?? 100,
        deploymentMaximumPercent: args.deploymentMaximumPercent ?? 200,
        waitForSteadyState: args.waitForSteadyState ?? true,
        deploymentTimeoutMinutes: args.deploymentTimeoutMinutes ?? 20,
    };
}

export type ServiceBaseSettings = ReturnType<typeof serviceBaseDefaults>;

/** What a workload kind adds to the base, decided once the component exists (its children need it as parent). */
export interface ServiceKindParts {
    /** Extra plain environment of the app container (e.g. a queue URL). */
    environmentVariables?: Record<string, pulumi.Input<string>>;
    /** Extra task role permissions (e.g. receive from its queue). */
    permissions?: TaskPermissionArgs[];
    /** Extra `aws.ecs.Service` arguments (load balancers, Service Connect). */
    service?: Partial<aws.ecs.ServiceArgs>;
    /** Extra `ignoreChanges` of the ECS service. */
    ignoreChanges?: string[];
    /** `<lb arn suffix>/<target group arn suffix>` for request-count autoscaling. */
    requestResourceLabel?: pulumi.Input<string>;
    /** Creates what depends on the ECS service (e.g. queue-depth scaling); returns extra component outputs. */
    afterService?: (service: aws.ecs.Service) => void;
}

/** The outputs every kind of service has. */
export interface ServiceOutputs {
    /** The ECS service's name. */
    serviceName: pulumi.Output<string>;
    /** The ECS service's ARN. */
    serviceArn: pulumi.Output<string>;
    /** The task definition's ARN (with revision). */
    taskDefinitionArn: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    executionRoleArn: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    taskRoleArn: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    image: pulumi.Output<string>;
}

/**
 * Applies the base's defaults and runs its rules together with the kind's own, before the kind registers anything:
 * one error naming every problem.
 */
export function serviceSettings(
    component: string,
    name: string,
    args: ServiceBaseArgs,
    kindProblems: ArgumentProblems,
): ServiceBaseSettings {
    const settings = serviceBaseDefaults(args);
    const problems = serviceProblems(settings);
    problems.list.push(...kindProblems.list);
    problems.throwIfAny(component, name);
    return settings;
}

/**
 * The base every kind of long-running ECS service is built on (web, backend, worker): a TaskDefinition, the ECS
 * service with circuit-breaker deployments in private subnets, and optional autoscaling, all children of the kind's
 * component `parent`. A kind supplies only what differs (load balancer, Service Connect, queue) as `parts`.
 * A function, not a base class: the component analyzer recognises only direct `ComponentResource` subclasses and
 * reads only a class's own members as its outputs.
 */
export function buildService(
    parent: pulumi.ComponentResource,
    name: string,
    settings: ServiceBaseSettings,
    parts: ServiceKindParts,
    /** The kind's URN under its former token: the task core's children were the kind's own then. */
    formerParentUrn: pulumi.Input<string>,
): ServiceOutputs {
    const tags = mergeTags(settings.tags);
    const { serviceName, clusterArn, clusterName, capacityProviderStrategy, subnetIds, securityGroupIds } = settings;
    const published = settings.serviceConnect?.publish === true;
    const task = new TaskDefinition(
        name,
        {
            ...taskArgsOf(settings),
            name: serviceName,
            portName: published ? serviceName : settings.portName,
            environmentVariables: { ...settings.environmentVariables, ...parts.environmentVariables },
            permissions: [...(settings.permissions ?? []), ...(parts.permissions ?? [])],
        },
        // Its children were this component's own before the task core was split out: same URNs through aliases.
        { parent, transformations: [movedFrom(parent, formerParentUrn)] },
    );

    const autoscaled = settings.autoscaling !== undefined;
    const service = new aws.ecs.Service(
        name,
        {
            name: serviceName,
            cluster: clusterArn,
            taskDefinition: task.taskDefinitionArn,
            desiredCount: settings.autoscaling ? settings.autoscaling.minCount : settings.desiredCount,
            ...placement(settings.launchType, capacityProviderStrategy),
            ...(settings.networkMode === "awsvpc"
                ? {
                      networkConfiguration: {
                          subnets: subnetIds,
                          securityGroups: securityGroupIds,
                          assignPublicIp: false,
                      },
                  }
                : {}),
            deploymentCircuitBreaker: { enable: true, rollback: true },
            ...((settings.deploymentAlarmNames ?? []).length > 0
                ? { alarms: { alarmNames: settings.deploymentAlarmNames!, enable: true, rollback: true } }
                : {}),
            deploymentConfiguration: { strategy: "ROLLING" },
            deploymentMinimumHealthyPercent: settings.deploymentMinimumHealthyPercent,
            deploymentMaximumPercent: settings.deploymentMaximumPercent,
            waitForSteadyState: settings.waitForSteadyState,
            // Capacity provider strategy changes are only accepted together with a new deployment.
            forceNewDeployment: true,
            enableExecuteCommand: settings.exec?.enabled ?? false,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            // ECS rebalances by starting a task before stopping one: impossible with maximumPercent 100.
            availabilityZoneRebalancing: settings.deploymentMaximumPercent > 100 ? "ENABLED" : "DISABLED",
            ...(settings.serviceConnect
                ? {
                      serviceConnectConfiguration: serviceConnectConfiguration(
                          settings,
                          settings.serviceConnect,
                          parent,
                      ),
                  }
                : {}),
            tags,
            ...parts.service,
        },
        {
            parent,
            ignoreChanges: [...(autoscaled ? ["desiredCount"] : []), ...(parts.ignoreChanges ?? [])],
            customTimeouts: {
                create: `${settings.deploymentTimeoutMinutes}m`,
                update: `${settings.deploymentTimeoutMinutes}m`,
            },
            // Tasks start only once everything of their task exists: roles, policies, EFS mount targets.
            dependsOn: [task],
            // The name is fixed (alarms, exec and the scaler refer to it): a replacement must delete the old service first.
            deleteBeforeReplace: true,
        },
    );

    if (settings.autoscaling) {
        createServiceAutoscaling(name, parent, settings.autoscaling, {
            clusterName,
            serviceName: service.name,
            namePrefix: serviceName,
            requestResourceLabel: parts.requestResourceLabel,
            tags,
        });
    }
    parts.afterService?.(service);
    return {
        serviceName: service.name,
        serviceArn: service.arn,
        taskDefinitionArn: task.taskDefinitionArn,
        executionRoleArn: task.executionRoleArn,
        taskRoleArn: task.taskRoleArn,
        image: task.image,
    };
}

/** The task's own arguments out of a service's. */
function taskArgsOf(settings: ServiceBaseSettings): TaskArgs {
    const {
        serviceName: _name,
        clusterArn: _cluster,
        clusterName: _clusterName,
        capacityProviderStrategy: _strategy,
        subnetIds: _subnets,
        securityGroupIds: _groups,
        desiredCount: _desired,
        deploymentMinimumHealthyPercent: _min,
        deploymentMaximumPercent: _max,
        waitForSteadyState: _wait,
        deploymentTimeoutMinutes: _timeout,
        deploymentAlarmNames: _alarms,
        autoscaling: _scaling,
        serviceConnect: _serviceConnect,
        ...task
    } = settings;
    return task;
}

/** The one place a capacity provider share's defaults are applied: as ECS and EventBridge Scheduler take it. */
export function capacityProviderStrategies(strategy: CapacityProviderShare[]) {
    return strategy.map(s => ({ capacityProvider: s.capacityProvider, weight: s.weight ?? 1, base: s.base ?? 0 }));
}

/** What a Fargate workload runs on unless told otherwise. */
export const FARGATE_STRATEGY: CapacityProviderShare[] = [{ capacityProvider: "FARGATE", weight: 1 }];

/** Capacity provider strategy, or the EC2 launch type when an EC2 service has no providers. */
function placement(launchType: LaunchType, strategy: CapacityProviderShare[]): Partial<aws.ecs.ServiceArgs> {
    return {
        ...(strategy.length > 0
            ? { capacityProviderStrategies: capacityProviderStrategies(strategy) }
            : { launchType: "EC2" }),
        // Fargate spreads tasks across AZs itself; on instances, spread across AZs first, then across instances.
        ...(launchType === "EC2"
            ? {
                  orderedPlacementStrategies: [
                      { type: "spread", field: "attribute:ecs.availability-zone" },
                      { type: "spread", field: "instanceId" },
                  ],
              }
            : {}),
    };
}

/** Service Connect: a client of the namespace, publishing the app's port under the service's name when asked. */
function serviceConnectConfiguration(
    settings: ServiceBaseSettings,
    connect: ServiceConnectArgs,
    parent: pulumi.Resource,
): aws.types.input.ecs.ServiceServiceConnectConfiguration {
    const region = aws.getRegionOutput({}, { parent }).region;
    const tls = connect.tls;
    return {
        enabled: true,
        namespace: connect.namespaceArn,
        // The proxy's own logs go to the service's log group, beside the app's.
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": settings.logGroupName,
                "awslogs-region": region,
                "awslogs-stream-prefix": "service-connect",
            },
        },
        services: connect.publish
            ? [
                  {
                      portName: settings.serviceName,
                      discoveryName: settings.serviceName,
                      clientAlias: [{ port: settings.port!, dnsName: settings.serviceName }],
                      ...(tls
                          ? {
                                tls: {
                                    issuerCertAuthority: { awsPcaAuthorityArn: tls.certificateAuthorityArn },
                                    roleArn: tls.roleArn,
                                    kmsKey: tls.kmsKeyArn,
                                },
                            }
                          : {}),
                  },
              ]
            : [],
    };
}
