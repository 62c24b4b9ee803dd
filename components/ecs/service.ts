import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "../shared";
import { createServiceAutoscaling, ServiceAutoscalingArgs, validateAutoscaling } from "./autoscaling";
import {
    AwsLogsTarget,
    ContainerHealthCheck,
    containerDefinition,
    ContainerSpec,
    defaultHealthCheckCommand,
    validateEnvironment,
    validateUser,
    VolumeMount,
    withHealthCheckDefaults,
} from "./container-definitions";
import { createEfsVolume, EFS_VOLUME_NAME, EfsVolume } from "./efs-volume";
import { fargateSizeProblem } from "./fargate-sizes";
import { ImageSource, resolveImage, validateImageSource } from "./image-source";
import { createTaskRoles, ecsExecPolicy, policyDocument, PolicyStatement } from "./task-roles";

/** One entry of a capacity provider strategy. */
export interface CapacityProviderShare {
    /** `FARGATE`, `FARGATE_SPOT` (Fargate services) or an EC2 capacity provider's name (EC2 services). Required. */
    capacityProvider: pulumi.Input<string>;
    /** Relative share of tasks placed on this provider. Default: 1. */
    weight?: number;
    /** Tasks always placed on this provider before weights apply; at most one entry may set it. Default: 0. */
    base?: number;
}

/** An extra container in the task (log router, proxy, agent), hardened like the app container. */
export interface SidecarArgs {
    /** Container name, unique in the task and different from the service name. Required. */
    name: string;
    /** Full image reference (tag or digest). Required. */
    image: pulumi.Input<string>;
    /** ECR repository ARN when the image is in ECR: the execution role may then pull from it. Default: none. */
    repositoryArn?: pulumi.Input<string>;
    /** CPU units reserved for the sidecar. Default: none (shares the task's). */
    cpu?: number;
    /** Hard memory limit (MiB); the app keeps the rest of the task's memory. Default: none (shares the task's). */
    memory?: number;
    /** Port the sidecar listens on (host port dynamic in bridge mode). Default: none. */
    port?: number;
    /** Overrides the image's CMD. Default: the image's. */
    command?: string[];
    /** Plain, non-secret environment variables. Default: none. */
    environmentVariables?: Record<string, string>;
    /** Environment variable name → secret or SSM parameter ARN (must be in `secretsPolicy`). Default: none. */
    secrets?: Record<string, pulumi.Input<string>>;
    /** User to run as; root is rejected. Default: the service's `user`. */
    user?: string;
    /** Health check; `command` is required when given. Default: none. */
    healthCheck?: ContainerHealthCheck & { command: string[] };
}

/** A persistent EFS file system mounted into the app container. */
export interface ServiceEfsArgs {
    /** Absolute mount path in the app container (not `/` or `/tmp`). Required. */
    containerPath: string;
    /** Mount read-only. Default: false. */
    readOnly?: boolean;
    /** KMS key (the platform key) encrypting the file system at rest. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Security group of the mount targets, allowing NFS (2049) from the service's tasks only. Required. */
    securityGroupId: pulumi.Input<string>;
    /**
     * Private subnets, one mount target each (one per AZ). A literal list, since the number of mount targets must be
     * known when the program runs, e.g. `plan.private.map((_, i) => network.privateSubnetIds.apply(ids => ids[i]))`.
     * Required.
     */
    subnetIds: pulumi.Input<string>[];
    /** Directory of the file system exposed to the service. Default: `/<serviceName>`. */
    rootDirectory?: string;
}

/** ECS Exec (`aws ecs execute-command`) into the app container. */
export interface ServiceExecArgs {
    /** Turn ECS Exec on: sets `enableExecuteCommand`, the init process and the task role's ssmmessages grant. Required. */
    enabled: boolean;
    /** The cluster's exec session log group: grants the task role write access to it. Default: none. */
    logGroupArn?: pulumi.Input<string>;
    /** The cluster's exec session KMS key: grants the task role `kms:Decrypt` on it. Default: none. */
    kmsKeyArn?: pulumi.Input<string>;
}

/** Native ECS blue/green deployment through two target groups (the LB layer creates both and the listener rules). */
export interface BlueGreenArgs {
    /** The second target group, which receives the new tasks. Required. */
    alternateTargetGroupArn: pulumi.Input<string>;
    /** Listener rule ECS switches from the old to the new target group. Required. */
    productionListenerRuleArn: pulumi.Input<string>;
    /** Listener rule sending test traffic to the new tasks before the switch. Default: none. */
    testListenerRuleArn?: pulumi.Input<string>;
    /** Role ECS assumes to modify the listener rules and target groups. Required. */
    roleArn: pulumi.Input<string>;
    /** Minutes both versions stay up after the switch, for a fast rollback (0–1440). Default: 5. */
    bakeTimeMinutes?: number;
}

export interface ServiceArgs {
    // ---- Placement ----
    /** Service name: the ECS service's name and the app container's name. Letters, digits, `-`, `_`. Required. */
    serviceName: string;
    /** Environment (`staging`, `prod`): the task family is `<environment>-<serviceName>`. Required. */
    environment: string;
    /** Cluster ARN. Required. */
    clusterArn: pulumi.Input<string>;
    /** Cluster name (autoscaling resource id `service/<clusterName>/<serviceName>`). Required. */
    clusterName: pulumi.Input<string>;
    /** `FARGATE` or `EC2`: the task's `requiresCompatibilities`, and which providers and network modes are valid. Default: `FARGATE`. */
    launchType?: "FARGATE" | "EC2";
    /**
     * Capacity provider strategy (e.g. `[{capacityProvider: "FARGATE_SPOT", weight: 3}, {capacityProvider: "FARGATE", base: 1}]`).
     * Default: `[{capacityProvider: "FARGATE", weight: 1}]` on Fargate; on EC2, none (the service uses `launchType: EC2`).
     */
    capacityProviderStrategy?: CapacityProviderShare[];

    // ---- Networking ----
    /** `awsvpc` (an ENI per task; required on Fargate) or `bridge` (EC2 only: dynamic host ports, `instance` target group). Default: `awsvpc`. */
    networkMode?: "awsvpc" | "bridge";
    /** Private subnets of the tasks (e.g. `Networking.privateSubnetIds`). Required with awsvpc; unused in bridge mode. Default: none. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the tasks (awsvpc; in bridge mode the instances' groups apply). Required with awsvpc. Default: none. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;

    // ---- Task ----
    /** Task CPU units; on Fargate one of 256…16384 matching `memory` (see fargate-sizes.ts). Default: 256. */
    cpu?: number;
    /** Task memory (MiB). Default: 512. */
    memory?: number;
    /** CPU architecture (`runtimePlatform`, LINUX); also the build platform of a `build` image. Default: `X86_64`. */
    architecture?: "X86_64" | "ARM64";
    /** Port the app listens on (target group and health check port). Default: 8080. */
    port?: number;
    /** HTTP path of the default container health check. Default: `/health`. */
    healthCheckPath?: string;
    /** App container health check. Default: wget of `http://localhost:<port><healthCheckPath>`, timings 30/5/3/60 s. */
    healthCheck?: ContainerHealthCheck;
    /** Mount the containers' root filesystems read-only. Default: true. */
    readonlyRootFilesystem?: boolean;
    /** Mount a writable, task-scoped volume at `/tmp` in each container. Default: true. */
    writableTmp?: boolean;
    /** User the containers run as (`uid[:gid]`); root/0 is rejected. Numeric when EFS is used. Default: `1000:1000`. */
    user?: string;
    /** Plain, non-secret environment variables of the app container. Default: none. */
    environmentVariables?: Record<string, string>;
    /**
     * Environment variable name → Secrets Manager secret or SSM parameter ARN (`ServiceSecrets.secretArns`),
     * injected by ECS through `secrets[].valueFrom`; values never enter the task definition. Default: none.
     */
    secrets?: Record<string, pulumi.Input<string>>;
    /** Name of the service's log group (awslogs). Required. */
    logGroupName: pulumi.Input<string>;
    /** ARN of the service's log group: the execution role may write to exactly it. Required. */
    logGroupArn: pulumi.Input<string>;
    /** awslogs stream prefix. Default: `serviceName`. */
    logStreamPrefix?: string;
    /**
     * Extra non-essential containers. The app container starts after each has started (`dependsOn … START`), so a
     * proxy or agent is up first; a sidecar exiting does not stop the task. Default: none.
     */
    sidecars?: SidecarArgs[];
    /** A persistent EFS volume for the app container. Default: none. */
    efs?: ServiceEfsArgs;

    // ---- Image ----
    /** The app image: ECR tag, ECR digest, a Dockerfile build, or an external registry image. Required. */
    image: ImageSource;

    // ---- Load balancing ----
    /** Target group the app container registers in (`ip` type for awsvpc, `instance` for bridge). Default: none (no load balancer). */
    targetGroupArn?: pulumi.Input<string>;
    /** Seconds new tasks may fail LB health checks before ECS replaces them (only with a target group). Default: 60. */
    healthCheckGracePeriodSeconds?: number;
    /** The load balancer's ARN suffix, for request-count autoscaling. Default: none. */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /** The target group's ARN suffix, for request-count autoscaling. Default: none. */
    targetGroupArnSuffix?: pulumi.Input<string>;
    /** Native ECS blue/green deployments instead of rolling ones; needs `targetGroupArn`. Default: none (rolling). */
    blueGreen?: BlueGreenArgs;

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

    // ---- Scaling ----
    /**
     * Target-tracking autoscaling. While on, the service is created with `minCapacity` tasks and `desiredCount`
     * is in `ignoreChanges`: the scaler owns the count, and an update must not reset a scaled-out service to a
     * fixed number mid-traffic. Default: none (the program manages `desiredCount`).
     */
    autoscaling?: ServiceAutoscalingArgs;

    // ---- Security ----
    /**
     * The secrets layer's complete execution-role policy (`ServiceSecrets.executionRolePolicy`), attached as the
     * inline policy `secrets`. Required when any container has secrets or the image has registry credentials.
     * Default: none.
     */
    secretsPolicy?: pulumi.Input<string>;
    /** The app's own permissions, attached to the task role as the inline policy `app`. Default: none (no permissions). */
    taskRolePolicyStatements?: PolicyStatement[];
    /** ECS Exec. Default: disabled. */
    exec?: ServiceExecArgs;

    // ---- Common ----
    /** Protect the EFS file system and retain it on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

/** The one place Service defaults are applied. */
function withDefaults(args: ServiceArgs) {
    const launchType = args.launchType ?? "FARGATE";
    return {
        ...args,
        launchType,
        capacityProviderStrategy:
            args.capacityProviderStrategy ??
            (launchType === "FARGATE" ? [{ capacityProvider: "FARGATE", weight: 1 }] : []),
        networkMode: args.networkMode ?? "awsvpc",
        subnetIds: args.subnetIds ?? [],
        securityGroupIds: args.securityGroupIds ?? [],
        cpu: args.cpu ?? 256,
        memory: args.memory ?? 512,
        architecture: args.architecture ?? "X86_64",
        port: args.port ?? 8080,
        healthCheckPath: args.healthCheckPath ?? "/health",
        readonlyRootFilesystem: args.readonlyRootFilesystem ?? true,
        writableTmp: args.writableTmp ?? true,
        user: args.user ?? "1000:1000",
        environmentVariables: args.environmentVariables ?? {},
        secrets: args.secrets ?? {},
        logStreamPrefix: args.logStreamPrefix ?? args.serviceName,
        sidecars: args.sidecars ?? [],
        efs: args.efs && {
            ...args.efs,
            readOnly: args.efs.readOnly ?? false,
            rootDirectory: args.efs.rootDirectory ?? `/${args.serviceName}`,
        },
        healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
        blueGreen: args.blueGreen && { ...args.blueGreen, bakeTimeMinutes: args.blueGreen.bakeTimeMinutes ?? 5 },
        desiredCount: args.desiredCount ?? (args.autoscaling ? args.autoscaling.minCapacity : 2),
        deploymentMinimumHealthyPercent: args.deploymentMinimumHealthyPercent ?? 100,
        deploymentMaximumPercent: args.deploymentMaximumPercent ?? 200,
        waitForSteadyState: args.waitForSteadyState ?? true,
        deploymentTimeoutMinutes: args.deploymentTimeoutMinutes ?? 20,
        taskRolePolicyStatements: args.taskRolePolicyStatements ?? [],
        exec: {
            enabled: args.exec?.enabled ?? false,
            logGroupArn: args.exec?.logGroupArn,
            kmsKeyArn: args.exec?.kmsKeyArn,
        },
        protect: args.protect ?? false,
        tags: mergeTags(args.tags),
    };
}

type ServiceSettings = ReturnType<typeof withDefaults>;

/** Task volume names of the writable scratch mounts. */
const TMP_VOLUME = "tmp";
/** ECS Exec's injected SSM agent writes its state and logs here, so a read-only root needs them writable. */
const EXEC_AGENT_DIRS = [
    { volume: "ecs-exec-lib", containerPath: "/var/lib/amazon" },
    { volume: "ecs-exec-log", containerPath: "/var/log/amazon" },
];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const FARGATE_PROVIDERS = new Set(["FARGATE", "FARGATE_SPOT"]);

/**
 * One ECS service: its task definition (hardened containers, secrets by reference only), its two IAM roles, an
 * optional EFS volume, the service with circuit-breaker deployments, and optional autoscaling.
 */
export class Service extends pulumi.ComponentResource {
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

    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything: nonsense args leave no half-built component behind.
        const settings = withDefaults(args);
        validate(settings);
        super("ecs-platform:ecs:Service", name, {}, opts);

        const region = aws.getRegionOutput({}, { parent: this }).region;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const image = resolveImage(name, settings.image, settings.architecture, this);
        const efs =
            settings.efs &&
            createEfsVolume(name, this, {
                ...settings.efs,
                posixUser: posixUserOf(settings.user),
                protect: settings.protect,
                tags: settings.tags,
            });

        const roles = createTaskRoles(name, this, {
            accountId,
            execution: {
                repositoryArns: [image.repositoryArn, ...settings.sidecars.map(s => s.repositoryArn)].filter(
                    (arn): arn is pulumi.Input<string> => arn !== undefined,
                ),
                logGroupArn: settings.logGroupArn,
            },
            secretsPolicy: settings.secretsPolicy,
            taskPolicies: taskRolePolicies(settings, efs),
            tags: settings.tags,
        });

        const logs = { groupName: settings.logGroupName, region, streamPrefix: settings.logStreamPrefix };
        const containers = containerSpecs(settings, image.uri, image.credentialsSecretArn, efs, logs);
        const taskDefinition = new aws.ecs.TaskDefinition(
            name,
            {
                family: `${settings.environment}-${settings.serviceName}`,
                requiresCompatibilities: [settings.launchType],
                networkMode: settings.networkMode,
                cpu: String(settings.cpu),
                memory: String(settings.memory),
                runtimePlatform: { cpuArchitecture: settings.architecture, operatingSystemFamily: "LINUX" },
                executionRoleArn: roles.executionRole.arn,
                taskRoleArn: roles.taskRole.arn,
                containerDefinitions: pulumi.jsonStringify(containers.map(containerDefinition)),
                volumes: [...scratchVolumes(containers), ...(efs ? [efs.volume] : [])],
                tags: settings.tags,
            },
            // The first tasks must not start before the roles can pull, log and read secrets.
            { parent: this, dependsOn: roles.policies },
        );

        const autoscaled = settings.autoscaling !== undefined;
        const service = new aws.ecs.Service(
            name,
            {
                name: settings.serviceName,
                cluster: settings.clusterArn,
                taskDefinition: taskDefinition.arn,
                desiredCount: settings.autoscaling ? settings.autoscaling.minCapacity : settings.desiredCount,
                ...placement(settings),
                ...(settings.networkMode === "awsvpc"
                    ? {
                          networkConfiguration: {
                              subnets: settings.subnetIds,
                              securityGroups: settings.securityGroupIds,
                              assignPublicIp: false,
                          },
                      }
                    : {}),
                ...loadBalancing(settings),
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentConfiguration: settings.blueGreen
                    ? { strategy: "BLUE_GREEN", bakeTimeInMinutes: String(settings.blueGreen.bakeTimeMinutes) }
                    : { strategy: "ROLLING" },
                deploymentMinimumHealthyPercent: settings.deploymentMinimumHealthyPercent,
                deploymentMaximumPercent: settings.deploymentMaximumPercent,
                waitForSteadyState: settings.waitForSteadyState,
                // Capacity provider strategy changes are only accepted together with a new deployment.
                forceNewDeployment: true,
                enableExecuteCommand: settings.exec.enabled,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                availabilityZoneRebalancing: "ENABLED",
                tags: settings.tags,
            },
            {
                parent: this,
                ignoreChanges: [
                    ...(autoscaled ? ["desiredCount"] : []),
                    // ECS native blue/green swaps which target group is live at every deployment; re-sending the
                    // original pair on each update resets that (hashicorp/terraform-provider-aws#45678).
                    ...(settings.blueGreen ? ["loadBalancers"] : []),
                ],
                customTimeouts: {
                    create: `${settings.deploymentTimeoutMinutes}m`,
                    update: `${settings.deploymentTimeoutMinutes}m`,
                },
                // Tasks cannot mount EFS before a mount target exists in their subnet.
                dependsOn: efs?.mountTargets ?? [],
                // The name is fixed (alarms, exec and the scaler refer to it): a replacement must delete the old service first.
                deleteBeforeReplace: true,
            },
        );

        if (settings.autoscaling) {
            createServiceAutoscaling(name, this, settings.autoscaling, {
                clusterName: settings.clusterName,
                serviceName: service.name,
                namePrefix: settings.serviceName,
                requestResourceLabel:
                    settings.loadBalancerArnSuffix && settings.targetGroupArnSuffix
                        ? pulumi.interpolate`${settings.loadBalancerArnSuffix}/${settings.targetGroupArnSuffix}`
                        : undefined,
                tags: settings.tags,
            });
        }

        this.serviceName = service.name;
        this.serviceArn = service.arn;
        this.taskDefinitionArn = taskDefinition.arn;
        this.executionRoleArn = roles.executionRole.arn;
        this.taskRoleArn = roles.taskRole.arn;
        this.image = image.uri;
        this.registerOutputs({
            serviceName: this.serviceName,
            serviceArn: this.serviceArn,
            taskDefinitionArn: this.taskDefinitionArn,
            executionRoleArn: this.executionRoleArn,
            taskRoleArn: this.taskRoleArn,
            image: this.image,
        });
    }
}

function validate(settings: ServiceSettings): void {
    const { serviceName: service } = settings;
    for (const [field, value] of [
        ["serviceName", settings.serviceName],
        ["environment", settings.environment],
    ]) {
        if (!NAME.test(value)) {
            throw new Error(
                `Service ${field} "${value}" must use only letters, digits, "-" and "_", starting with a letter or digit.`,
            );
        }
    }
    if (settings.launchType === "FARGATE") {
        if (settings.networkMode !== "awsvpc") {
            throw new Error(
                `Service "${service}": Fargate tasks only run in awsvpc network mode, not "${settings.networkMode}".`,
            );
        }
        const problem = fargateSizeProblem(settings.cpu, settings.memory);
        if (problem) {
            throw new Error(`Service "${service}": ${problem}`);
        }
    } else if (!isPositiveInteger(settings.cpu) || !isPositiveInteger(settings.memory)) {
        throw new Error(
            `Service "${service}": cpu and memory must be positive whole numbers, got ${settings.cpu}/${settings.memory}.`,
        );
    }
    validateCapacityProviders(settings);
    if (settings.networkMode === "awsvpc" && (isEmpty(settings.subnetIds) || isEmpty(settings.securityGroupIds))) {
        throw new Error(`Service "${service}": awsvpc network mode needs subnetIds and securityGroupIds.`);
    }
    if (!isPositiveInteger(settings.port) || settings.port > 65535) {
        throw new Error(`Service "${service}": port must be 1–65535, got ${settings.port}.`);
    }
    validateImageSource(settings.image);
    validateUser(settings.user, service);
    validateEnvironment(service, settings.environmentVariables, settings.secrets);
    validateSidecars(settings);
    validateEfs(settings);

    const hasSecrets =
        Object.keys(settings.secrets).length > 0 ||
        settings.sidecars.some(s => Object.keys(s.secrets ?? {}).length > 0) ||
        (settings.image.kind === "external" && settings.image.credentialsSecretArn !== undefined);
    if (hasSecrets && settings.secretsPolicy === undefined) {
        throw new Error(
            `Service "${service}" references secrets but has no secretsPolicy: its execution role could not read them.`,
        );
    }
    if (settings.blueGreen) {
        if (settings.targetGroupArn === undefined) {
            throw new Error(`Service "${service}": blueGreen deployments need a targetGroupArn.`);
        }
        const bake = settings.blueGreen.bakeTimeMinutes;
        if (!Number.isInteger(bake) || bake < 0 || bake > 1440) {
            throw new Error(`Service "${service}": blueGreen bakeTimeMinutes must be 0–1440, got ${bake}.`);
        }
    }
    const minPercent = settings.deploymentMinimumHealthyPercent;
    const maxPercent = settings.deploymentMaximumPercent;
    if (!(minPercent >= 0 && minPercent <= 100 && maxPercent >= 100 && maxPercent > minPercent)) {
        throw new Error(
            `Service "${service}": deployment percents need 0 ≤ minimumHealthy ≤ 100 ≤ maximum and minimumHealthy < maximum, got ${minPercent}/${maxPercent}.`,
        );
    }
    if (!isPositiveInteger(settings.deploymentTimeoutMinutes) || !(settings.healthCheckGracePeriodSeconds >= 0)) {
        throw new Error(
            `Service "${service}": deploymentTimeoutMinutes must be a positive whole number and healthCheckGracePeriodSeconds ≥ 0.`,
        );
    }
    if (!Number.isInteger(settings.desiredCount) || settings.desiredCount < 0) {
        throw new Error(`Service "${service}": desiredCount must be a whole number ≥ 0, got ${settings.desiredCount}.`);
    }
    if (settings.autoscaling) {
        validateAutoscaling(settings.autoscaling, settings.desiredCount);
        if (
            settings.autoscaling.requestsPerTarget &&
            !(settings.loadBalancerArnSuffix && settings.targetGroupArnSuffix)
        ) {
            throw new Error(
                `Service "${service}": requestsPerTarget autoscaling needs loadBalancerArnSuffix and targetGroupArnSuffix.`,
            );
        }
    }
}

function validateCapacityProviders(settings: ServiceSettings): void {
    const strategy = settings.capacityProviderStrategy;
    const plainNames = strategy.map(s => s.capacityProvider).filter((p): p is string => typeof p === "string");
    if (settings.launchType === "FARGATE" && strategy.length === 0) {
        throw new Error(
            `Service "${settings.serviceName}": a Fargate service needs a capacity provider strategy (FARGATE and/or FARGATE_SPOT).`,
        );
    }
    const misplaced = plainNames.filter(p => FARGATE_PROVIDERS.has(p) !== (settings.launchType === "FARGATE"));
    if (misplaced.length > 0) {
        throw new Error(
            `Service "${settings.serviceName}": capacity providers ${misplaced.join(", ")} do not match launchType ${settings.launchType}.`,
        );
    }
    if (strategy.filter(s => (s.base ?? 0) > 0).length > 1) {
        throw new Error(`Service "${settings.serviceName}": only one capacity provider may set a base.`);
    }
}

function validateSidecars(settings: ServiceSettings): void {
    const names = new Set([settings.serviceName]);
    for (const sidecar of settings.sidecars) {
        if (!NAME.test(sidecar.name) || names.has(sidecar.name)) {
            throw new Error(
                `Sidecar name "${sidecar.name}" must be unique in the task (and differ from the service name).`,
            );
        }
        names.add(sidecar.name);
        validateUser(sidecar.user ?? settings.user, sidecar.name);
        validateEnvironment(sidecar.name, sidecar.environmentVariables ?? {}, sidecar.secrets ?? {});
    }
    // The app container has no limits of its own: it must keep some of the task's CPU and memory.
    for (const resource of ["cpu", "memory"] as const) {
        const reserved = settings.sidecars.reduce((sum, s) => sum + (s[resource] ?? 0), 0);
        if (reserved >= settings[resource]) {
            throw new Error(
                `Service "${settings.serviceName}": sidecars reserve ${reserved} of the task's ${settings[resource]} ${resource}, leaving none for the app.`,
            );
        }
    }
}

function validateEfs(settings: ServiceSettings): void {
    if (!settings.efs) {
        return;
    }
    const path = settings.efs.containerPath;
    if (!path.startsWith("/") || path === "/" || path === "/tmp") {
        throw new Error(
            `Service "${settings.serviceName}": efs containerPath must be an absolute path other than / and /tmp, got "${path}".`,
        );
    }
    if (settings.efs.subnetIds.length === 0) {
        throw new Error(`Service "${settings.serviceName}": efs needs subnetIds for its mount targets.`);
    }
    posixUserOf(settings.user);
}

/** A literal empty list (an Output's length is unknown until it resolves; ECS checks it then). */
function isEmpty(list: pulumi.Input<pulumi.Input<string>[]>): boolean {
    return Array.isArray(list) && list.length === 0;
}

function isPositiveInteger(value: number): boolean {
    return Number.isInteger(value) && value > 0;
}

/** The numeric uid/gid of `user` (`uid` or `uid:gid`): the EFS access point enforces that identity. */
function posixUserOf(user: string): { uid: number; gid: number } {
    const [uid, gid = uid] = user.split(":");
    if (!/^\d+$/.test(uid) || !/^\d+$/.test(gid)) {
        throw new Error(`EFS needs a numeric container user ("uid:gid"), got "${user}".`);
    }
    return { uid: Number(uid), gid: Number(gid) };
}

/** Capacity provider strategy, or the EC2 launch type when an EC2 service has no providers. */
function placement(settings: ServiceSettings): Partial<aws.ecs.ServiceArgs> {
    const onEc2 = settings.launchType === "EC2";
    return {
        ...(settings.capacityProviderStrategy.length > 0
            ? {
                  capacityProviderStrategies: settings.capacityProviderStrategy.map(s => ({
                      capacityProvider: s.capacityProvider,
                      weight: s.weight ?? 1,
                      base: s.base ?? 0,
                  })),
              }
            : { launchType: "EC2" }),
        // Fargate spreads tasks across AZs itself; on instances, spread across AZs first, then across instances.
        ...(onEc2
            ? {
                  orderedPlacementStrategies: [
                      { type: "spread", field: "attribute:ecs.availability-zone" },
                      { type: "spread", field: "instanceId" },
                  ],
              }
            : {}),
    };
}

/**
 * Target group attachment (with blue/green's alternate group) and the grace period, when the service has a load balancer.
 * No `iamRole`: in bridge mode ECS registers the instances through its service-linked role.
 */
function loadBalancing(settings: ServiceSettings): Partial<aws.ecs.ServiceArgs> {
    if (settings.targetGroupArn === undefined) {
        return {};
    }
    const blueGreen = settings.blueGreen;
    return {
        loadBalancers: [
            {
                targetGroupArn: settings.targetGroupArn,
                containerName: settings.serviceName,
                containerPort: settings.port,
                ...(blueGreen
                    ? {
                          advancedConfiguration: {
                              alternateTargetGroupArn: blueGreen.alternateTargetGroupArn,
                              productionListenerRule: blueGreen.productionListenerRuleArn,
                              testListenerRule: blueGreen.testListenerRuleArn,
                              roleArn: blueGreen.roleArn,
                          },
                      }
                    : {}),
            },
        ],
        healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
    };
}

/** Task role inline policies: the app's statements, ECS Exec and EFS, each only when used. */
function taskRolePolicies(settings: ServiceSettings, efs: EfsVolume | undefined): Record<string, pulumi.Input<string>> {
    return {
        ...(settings.taskRolePolicyStatements.length > 0
            ? { app: policyDocument(settings.taskRolePolicyStatements) }
            : {}),
        ...(settings.exec.enabled ? { "ecs-exec": ecsExecPolicy(settings.exec) } : {}),
        ...(efs ? { efs: efs.taskRolePolicy } : {}),
    };
}

/** The app container followed by the sidecars, all with the same hardening. */
function containerSpecs(
    settings: ServiceSettings,
    image: pulumi.Input<string>,
    repositoryCredentialsArn: pulumi.Input<string> | undefined,
    efs: EfsVolume | undefined,
    logs: AwsLogsTarget,
): ContainerSpec[] {
    const hostPort = (containerPort: number) => (settings.networkMode === "bridge" ? 0 : containerPort);
    const common = {
        readonlyRootFilesystem: settings.readonlyRootFilesystem,
        initProcessEnabled: settings.exec.enabled,
        logs,
    };
    const sidecars: ContainerSpec[] = settings.sidecars.map(sidecar => ({
        ...common,
        name: sidecar.name,
        image: sidecar.image,
        essential: false,
        user: sidecar.user ?? settings.user,
        cpu: sidecar.cpu,
        memory: sidecar.memory,
        port:
            sidecar.port !== undefined ? { containerPort: sidecar.port, hostPort: hostPort(sidecar.port) } : undefined,
        command: sidecar.command,
        environment: sidecar.environmentVariables ?? {},
        secrets: sidecar.secrets ?? {},
        healthCheck: sidecar.healthCheck && withHealthCheckDefaults(sidecar.healthCheck),
        mounts: settings.writableTmp
            ? [{ volume: `${TMP_VOLUME}-${sidecar.name}`, containerPath: "/tmp", readOnly: false }]
            : [],
    }));
    const appMounts: VolumeMount[] = [
        ...(settings.writableTmp ? [{ volume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }] : []),
        ...(settings.exec.enabled && settings.readonlyRootFilesystem
            ? EXEC_AGENT_DIRS.map(d => ({ ...d, readOnly: false }))
            : []),
        ...(efs ? [efs.mount] : []),
    ];
    const app: ContainerSpec = {
        ...common,
        name: settings.serviceName,
        image,
        essential: true,
        user: settings.user,
        port: { containerPort: settings.port, hostPort: hostPort(settings.port) },
        environment: settings.environmentVariables,
        secrets: settings.secrets,
        healthCheck: withHealthCheckDefaults({
            ...settings.healthCheck,
            command:
                settings.healthCheck?.command ?? defaultHealthCheckCommand(settings.port, settings.healthCheckPath),
        }),
        repositoryCredentialsArn,
        mounts: appMounts,
        dependsOn: settings.sidecars.map(s => ({ containerName: s.name, condition: "START" as const })),
    };
    return [app, ...sidecars];
}

/** Task-scoped scratch volumes (no host path, no driver: ephemeral task storage) for every non-EFS mount. */
function scratchVolumes(containers: ContainerSpec[]): aws.types.input.ecs.TaskDefinitionVolume[] {
    const names = new Set(containers.flatMap(c => c.mounts.map(m => m.volume)).filter(v => v !== EFS_VOLUME_NAME));
    return [...names].map(volume => ({ name: volume }));
}
