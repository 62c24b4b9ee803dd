import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentType, mergeTags, Tags, withFormerTypes } from "../shared";
import type { ContainerHealthCheck, SidecarHealthCheck } from "./container-definitions";
import { containerDefinition } from "./container-definitions";
import { createEfsVolume } from "./efs-volume";
import { ImageArgs, resolveImage } from "./image-source";
import { ScratchInitArgs, scratchInitDefaults } from "./scratch-init";
import { containerSpecs, scratchVolumes } from "./task-containers";
import { posixUserOf, taskDefinitionProblems } from "./task-definition-rules";
import { CpuArchitecture, LaunchType, NetworkMode } from "./task-enums";
import { createTaskRoles, ecsExecPolicy, permissionsPolicy } from "./task-roles";

/** An extra container in the task (log router, proxy, agent), hardened like the app container. */
export interface SidecarArgs {
    /** Container name, unique in the task and different from the app container's. Required. */
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
    /** User to run as; root is rejected. Default: the task's `user`. */
    user?: string;
    /** Health check; `command` is required when given. Default: none. */
    healthCheck?: SidecarHealthCheck;
}

/** A persistent EFS file system mounted into the app container. */
export interface TaskEfsArgs {
    /** Absolute mount path in the app container (not `/` or `/tmp`). Required. */
    containerPath: string;
    /** Mount read-only. Default: false. */
    readOnly?: boolean;
    /** KMS key (the platform key) encrypting the file system at rest. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Security group of the mount targets, allowing NFS (2049) from the tasks only. Required. */
    securityGroupId: pulumi.Input<string>;
    /**
     * Private subnets, one mount target each (one per AZ). A literal list, since the number of mount targets must be
     * known when the program runs, e.g. `plan.private.map((_, i) => network.privateSubnetIds.apply(ids => ids[i]))`.
     * Required.
     */
    subnetIds: pulumi.Input<string>[];
    /** Directory of the file system exposed to the task. Default: `/<name>`. */
    rootDirectory?: string;
}

/** ECS Exec (`aws ecs execute-command`) into the app container. */
export interface TaskExecArgs {
    /** Turn ECS Exec on: the init process, the agent's writable dirs and the task role's ssmmessages grant. Required. */
    enabled: boolean;
    /** The cluster's exec session log group: grants the task role write access to it. Default: none. */
    logGroupArn?: pulumi.Input<string>;
    /** The cluster's exec session KMS key: grants the task role `kms:Decrypt` on it. Default: none. */
    kmsKeyArn?: pulumi.Input<string>;
}

/** One statement of the task role's `app` policy: the app may do `actions` on `resources`. */
export interface TaskPermissionArgs {
    /** IAM actions, e.g. `s3:GetObject` (wildcards as IAM allows them). Required. */
    actions: string[];
    /** Resource ARNs the actions apply to. Required. */
    resources: pulumi.Input<string>[];
    /** Statement id, unique within the policy. Default: none. */
    sid?: string;
}

/** What every workload's task takes: all of TaskDefinitionArgs but the name (each kind names it its own way). */
export interface TaskArgs {
    /** Environment (`staging`, `prod`): the family is `<environment>-<name>`. Required. */
    environment: string;
    /** `LaunchType`: `FARGATE` or `EC2` (`requiresCompatibilities`). Default: `FARGATE`. */
    launchType?: LaunchType;
    /** `NetworkMode`: `awsvpc`, or `bridge` (EC2 only: dynamic host ports). Default: `awsvpc`. */
    networkMode?: NetworkMode;
    /** Task CPU units; on Fargate one of 256…16384 matching `memory` (see fargate-sizes.ts). Default: 256. */
    cpu?: number;
    /** Task memory (MiB). Default: 512. */
    memory?: number;
    /** `CpuArchitecture` (`runtimePlatform`, LINUX): `X86_64` or `ARM64`; also a `build` image's platform. Default: `X86_64`. */
    architecture?: CpuArchitecture;
    /** Port the app listens on. Default: none (a worker or job listens on nothing). */
    port?: number;
    /** Name of the port mapping, as Service Connect publishes it. Default: none (an unnamed mapping). */
    portName?: string;
    /**
     * App container health check. Default: with a `port` and `healthCheckPath`, a wget of
     * `http://localhost:<port><healthCheckPath>` (timings 30/5/3/60 s); otherwise none.
     */
    healthCheck?: ContainerHealthCheck;
    /** HTTP path of the default health check (only with a `port`). Default: none. */
    healthCheckPath?: string;
    /** Overrides the image's CMD for the app container (e.g. a job's command). Default: the image's. */
    command?: string[];
    /** Mount the containers' root filesystems read-only. Default: true. */
    readonlyRootFilesystem?: boolean;
    /**
     * Mount a writable, task-scoped volume at `/tmp` in each container; an init container makes it writable for
     * `user` on any image (`scratchInit`). Default: true.
     */
    writableTmp?: boolean;
    /** The init container that makes the `/tmp` volumes writable for a non-root user. Default: see `ScratchInitArgs`. */
    scratchInit?: ScratchInitArgs;
    /** User the containers run as (`uid[:gid]`); root/0 is rejected. Numeric when EFS is used. Default: `1000:1000`. */
    user?: string;
    /** Plain, non-secret environment variables of the app container. Default: none. */
    environmentVariables?: Record<string, pulumi.Input<string>>;
    /** Environment variable name → secret or SSM parameter ARN, injected through `valueFrom`. Default: none. */
    secrets?: Record<string, pulumi.Input<string>>;
    /** Name of the workload's log group (awslogs). Required. */
    logGroupName: pulumi.Input<string>;
    /** ARN of the workload's log group: the execution role may write to exactly it. Required. */
    logGroupArn: pulumi.Input<string>;
    /** awslogs stream prefix. Default: the task's `name`. */
    logStreamPrefix?: string;
    /** Extra non-essential containers, started before the app. Default: none. */
    sidecars?: SidecarArgs[];
    /** A persistent EFS volume for the app container. Default: none. */
    efs?: TaskEfsArgs;
    /** The app image: an ECR tag or digest, a Dockerfile build, or an external registry's image. Required. */
    image: ImageArgs;
    /** The secrets layer's execution-role policy; required when any container has secrets. Default: none. */
    secretsPolicy?: pulumi.Input<string>;
    /** The app's own permissions, the task role's inline policy `app`. Default: none (no permissions). */
    permissions?: TaskPermissionArgs[];
    /** ECS Exec. Default: disabled. */
    exec?: TaskExecArgs;
    /** Protect the EFS file system and retain it on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

/** The task core every workload kind runs on; a one-off task (`npm run task`) is just this. */
export interface TaskDefinitionArgs extends TaskArgs {
    /** Workload name: the app container's name; letters, digits, `-`, `_`. Required. */
    name: string;
}

/** The one place TaskDefinition defaults are applied. */
export function taskDefinitionDefaults(args: TaskDefinitionArgs) {
    return {
        ...args,
        launchType: args.launchType ?? LaunchType.Fargate,
        networkMode: args.networkMode ?? NetworkMode.Awsvpc,
        cpu: args.cpu ?? 256,
        memory: args.memory ?? 512,
        architecture: args.architecture ?? CpuArchitecture.X86_64,
        readonlyRootFilesystem: args.readonlyRootFilesystem ?? true,
        writableTmp: args.writableTmp ?? true,
        scratchInit: scratchInitDefaults(args.scratchInit),
        user: args.user ?? "1000:1000",
        environmentVariables: args.environmentVariables ?? {},
        secrets: args.secrets ?? {},
        logStreamPrefix: args.logStreamPrefix ?? args.name,
        sidecars: args.sidecars ?? [],
        efs: args.efs && {
            ...args.efs,
            readOnly: args.efs.readOnly ?? false,
            rootDirectory: args.efs.rootDirectory ?? `/${args.name}`,
        },
        permissions: args.permissions ?? [],
        exec: {
            enabled: args.exec?.enabled ?? false,
            logGroupArn: args.exec?.logGroupArn,
            kmsKeyArn: args.exec?.kmsKeyArn,
        },
        protect: args.protect ?? false,
        tags: mergeTags(args.tags),
    };
}

export type TaskSettings = ReturnType<typeof taskDefinitionDefaults>;

/**
 * The task core every workload kind runs on: one task definition (the app container and its sidecars, hardened
 * alike; secrets by reference only), its two IAM roles, scratch volumes and an optional EFS volume.
 */
export class TaskDefinition extends pulumi.ComponentResource {
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn: pulumi.Output<string>;
    /** The task definition family (`<environment>-<name>`), for `ecs:RunTask` grants that outlive a revision. */
    public readonly family: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    public readonly taskRoleArn: pulumi.Output<string>;
    /** The task role's name, for permissions a workload kind adds (e.g. its queue). */
    public readonly taskRoleName: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    public readonly image: pulumi.Output<string>;

    constructor(name: string, args: TaskDefinitionArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything: nonsense args leave no half-built component behind.
        const settings = taskDefinitionDefaults(args);
        taskDefinitionProblems(settings).throwIfAny("TaskDefinition", name);
        super(componentType("TaskDefinition"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:TaskDefinition"));

        const region = aws.getRegionOutput({}, { parent: this }).region;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const image = resolveImage(name, settings.image, settings.architecture, this);
        const efs =
            settings.efs &&
            createEfsVolume(name, this, {
                ...settings.efs,
                posixUser: posixUserOf(settings.user)!,
                protect: settings.protect,
                tags: settings.tags,
            });

        const roles = createTaskRoles(name, this, {
            accountId,
            execution: {
                repositoryArns: [
                    image.repositoryArn,
                    ...settings.sidecars.map(s => s.repositoryArn),
                    settings.writableTmp ? settings.scratchInit.repositoryArn : undefined,
                ].filter((arn): arn is pulumi.Input<string> => arn !== undefined),
                logGroupArn: settings.logGroupArn,
            },
            secretsPolicy: settings.secretsPolicy,
            taskPolicies: {
                ...(settings.permissions.length > 0 ? { app: permissionsPolicy(settings.permissions) } : {}),
                ...(settings.exec.enabled ? { "ecs-exec": ecsExecPolicy(settings.exec) } : {}),
                ...(efs ? { efs: efs.taskRolePolicy } : {}),
            },
            tags: settings.tags,
        });

        const logs = { groupName: settings.logGroupName, region, streamPrefix: settings.logStreamPrefix };
        const containers = containerSpecs(settings, image.uri, image.credentialsSecretArn, efs?.mount, logs);
        const family = `${settings.environment}-${settings.name}`;
        const taskDefinition = new aws.ecs.TaskDefinition(
            name,
            {
                family,
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

        this.taskDefinitionArn = taskDefinition.arn;
        this.family = taskDefinition.family;
        this.executionRoleArn = roles.executionRole.arn;
        this.taskRoleArn = roles.taskRole.arn;
        this.taskRoleName = roles.taskRole.name;
        this.image = image.uri;
        this.registerOutputs({
            taskDefinitionArn: this.taskDefinitionArn,
            family: this.family,
            executionRoleArn: this.executionRoleArn,
            taskRoleArn: this.taskRoleArn,
            image: this.image,
        });
    }
}
