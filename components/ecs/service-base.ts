import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, mergeTags, movedFrom } from "../shared";
import { createServiceAutoscaling, ServiceAutoscalingArgs } from "./autoscaling";
import { serviceProblems } from "./service-rules";
import { TaskDefinition, TaskDefinitionArgs } from "./task-definition";
import type { PolicyStatement } from "./task-roles";

/** One entry of a capacity provider strategy. */
export interface CapacityProviderShare {
    /** `FARGATE`, `FARGATE_SPOT` (Fargate services) or an EC2 capacity provider's name (EC2 services). Required. */
    capacityProvider: pulumi.Input<string>;
    /** Relative share of tasks placed on this provider. Default: 1. */
    weight?: number;
    /** Tasks always placed on this provider before weights apply; at most one entry may set it. Default: 0. */
    base?: number;
}

/** What every kind of ECS service takes: its task (everything of {@link TaskDefinitionArgs} but the name) and its placement. */
export interface ServiceBaseArgs extends Omit<TaskDefinitionArgs, "name"> {
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
    /** Running tasks while autoscaling is off; with it on, only checked to lie within its bounds. Default: 2 (minCapacity with autoscaling). */
    desiredCount?: number;
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

    // ---- Scaling ----
    /**
     * Target-tracking autoscaling. While on, the service is created with `minCapacity` tasks and `desiredCount`
     * is in `ignoreChanges`: the scaler owns the count, and an update must not reset a scaled-out service to a
     * fixed number mid-traffic. Default: none (the program manages `desiredCount`).
     */
    autoscaling?: ServiceAutoscalingArgs;
}

/** The one place ServiceBase defaults are applied. */
export function serviceBaseDefaults(args: ServiceBaseArgs) {
    const launchType = args.launchType ?? "FARGATE";
    return {
        ...args,
        launchType,
        networkMode: args.networkMode ?? "awsvpc",
        capacityProviderStrategy:
            args.capacityProviderStrategy ??
            (launchType === "FARGATE" ? [{ capacityProvider: "FARGATE", weight: 1 }] : []),
        subnetIds: args.subnetIds ?? [],
        securityGroupIds: args.securityGroupIds ?? [],
        desiredCount: args.desiredCount ?? (args.autoscaling ? args.autoscaling.minCapacity : 2),
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
    /** Extra task role statements (e.g. receive from its queue). */
    taskRolePolicyStatements?: PolicyStatement[];
    /** Extra `aws.ecs.Service` arguments (load balancers, Service Connect). */
    service?: Partial<aws.ecs.ServiceArgs>;
    /** Extra `ignoreChanges` of the ECS service. */
    ignoreChanges?: string[];
    /** `<lb arn suffix>/<target group arn suffix>` for request-count autoscaling. */
    requestResourceLabel?: pulumi.Input<string>;
    /** Creates what depends on the ECS service (e.g. queue-depth scaling); returns extra component outputs. */
    afterService?: (service: aws.ecs.Service) => Record<string, pulumi.Input<unknown>>;
}

/**
 * The base every kind of long-running ECS service extends (web, backend, worker): a {@link TaskDefinition}, the
 * ECS service with circuit-breaker deployments in private subnets, and optional autoscaling. A kind supplies
 * only what differs (load balancer, Service Connect, queue) through {@link ServiceKindParts}.
 */
export abstract class ServiceBase extends pulumi.ComponentResource {
    /** The ECS service's name. */
    public readonly serviceName: pulumi.Output<string>;
    /** The ECS service's ARN. */
    public readonly serviceArn: pulumi.Output<string>;
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    public readonly taskRoleArn: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    public readonly image: pulumi.Output<string>;

    /**
     * @param kindProblems the kind's own argument problems, reported with the base's in one error.
     * @param kind what the kind adds, called with this component once it is registered.
     */
    protected constructor(
        type: string,
        name: string,
        args: ServiceBaseArgs,
        kindProblems: ArgumentProblems,
        kind: (parent: pulumi.ComponentResource) => ServiceKindParts,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        // Validated before registering anything: nonsense args leave no half-built component behind.
        const settings = serviceBaseDefaults(args);
        const problems = serviceProblems(settings);
        problems.list.push(...kindProblems.list);
        problems.throwIfAny(type.split(":").pop()!, name);
        super(type, name, {}, opts);

        const parts = kind(this);
        const tags = mergeTags(settings.tags);
        const { serviceName, clusterArn, clusterName, capacityProviderStrategy, subnetIds, securityGroupIds } =
            settings;
        const task = new TaskDefinition(
            name,
            {
                ...taskArgsOf(settings),
                name: serviceName,
                environmentVariables: { ...settings.environmentVariables, ...parts.environmentVariables },
                taskRolePolicyStatements: [
                    ...(settings.taskRolePolicyStatements ?? []),
                    ...(parts.taskRolePolicyStatements ?? []),
                ],
            },
            // Its children were this component's own before the task core was split out: same URNs through aliases.
            { parent: this, transformations: [movedFrom(this)] },
        );

        const autoscaled = settings.autoscaling !== undefined;
        const service = new aws.ecs.Service(
            name,
            {
                name: serviceName,
                cluster: clusterArn,
                taskDefinition: task.taskDefinitionArn,
                desiredCount: settings.autoscaling ? settings.autoscaling.minCapacity : settings.desiredCount,
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
                availabilityZoneRebalancing: "ENABLED",
                tags,
                ...parts.service,
            },
            {
                parent: this,
                ignoreChanges: [...(autoscaled ? ["desiredCount"] : []), ...(parts.ignoreChanges ?? [])],
                customTimeouts: {
                    create: `${settings.deploymentTimeoutMinutes}m`,
                    update: `${settings.deploymentTimeoutMinutes}m`,
                },
                // Tasks cannot mount EFS before a mount target exists in their subnet.
                dependsOn: task.readyBeforeTasks,
                // The name is fixed (alarms, exec and the scaler refer to it): a replacement must delete the old service first.
                deleteBeforeReplace: true,
            },
        );

        if (settings.autoscaling) {
            createServiceAutoscaling(name, this, settings.autoscaling, {
                clusterName,
                serviceName: service.name,
                namePrefix: serviceName,
                requestResourceLabel: parts.requestResourceLabel,
                tags,
            });
        }
        const kindOutputs = parts.afterService?.(service) ?? {};

        this.serviceName = service.name;
        this.serviceArn = service.arn;
        this.taskDefinitionArn = task.taskDefinitionArn;
        this.executionRoleArn = task.executionRoleArn;
        this.taskRoleArn = task.taskRoleArn;
        this.image = task.image;
        this.registerOutputs({
            serviceName: this.serviceName,
            serviceArn: this.serviceArn,
            taskDefinitionArn: this.taskDefinitionArn,
            executionRoleArn: this.executionRoleArn,
            taskRoleArn: this.taskRoleArn,
            image: this.image,
            ...kindOutputs,
        });
    }
}

/** The task's own arguments out of a service's. */
function taskArgsOf(settings: ServiceBaseSettings): Omit<TaskDefinitionArgs, "name"> {
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
        ...task
    } = settings;
    return task;
}

/** Capacity provider strategy, or the EC2 launch type when an EC2 service has no providers. */
function placement(launchType: "FARGATE" | "EC2", strategy: CapacityProviderShare[]): Partial<aws.ecs.ServiceArgs> {
    return {
        ...(strategy.length > 0
            ? {
                  capacityProviderStrategies: strategy.map(s => ({
                      capacityProvider: s.capacityProvider,
                      weight: s.weight ?? 1,
                      base: s.base ?? 0,
                  })),
              }
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
