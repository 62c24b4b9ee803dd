import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Container definitions with the platform's hardening applied to every container (app and sidecars alike):
 * non-root user, read-only root filesystem with explicit writable mounts, every Linux capability dropped,
 * `awslogs` to the service's log group, secrets only through `secrets[].valueFrom`.
 */

/** A container health check. ECS marks the container unhealthy after `retries` failed runs of `command`. */
export interface ContainerHealthCheck {
    /**
     * Command, in ECS form (`["CMD-SHELL", "…"]` or `["CMD", "bin", "arg"]`).
     * Default (app container): `["CMD-SHELL", "wget -qO- http://localhost:<port><healthCheckPath> || exit 1"]`;
     * images without `wget` (distroless, scratch) must override it. Required for sidecars.
     */
    command?: string[];
    /** Seconds between runs (5–300). Default: 30. */
    interval?: number;
    /** Seconds a run may take (2–60). Default: 5. */
    timeout?: number;
    /** Consecutive failures before the container is unhealthy (1–10). Default: 3. */
    retries?: number;
    /** Seconds after start during which failures are not counted (0–300). Default: 60. */
    startPeriod?: number;
}

/** A sidecar's health check: like the app container's, but the command is required. */
export interface SidecarHealthCheck extends ContainerHealthCheck {
    /** Command, in ECS form (`["CMD-SHELL", "…"]` or `["CMD", "bin", "arg"]`). Required. */
    command: string[];
}

/** Where the `awslogs` driver ships a container's output. */
export interface AwsLogsTarget {
    /** Log group name. */
    groupName: pulumi.Input<string>;
    /** Region of the log group. */
    region: pulumi.Input<string>;
    /** Stream prefix; streams are `<prefix>/<container>/<task id>`. */
    streamPrefix: string;
}

/** A writable path inside a read-only container, backed by a task volume. */
export interface VolumeMount {
    /** Task volume name. */
    volume: string;
    /** Path inside the container. */
    containerPath: string;
    /** Mount read-only. */
    readOnly: boolean;
}

/** Everything one container definition is built from, defaults already applied. */
export interface ContainerSpec {
    /** Container name (unique in the task). */
    name: string;
    /** Image reference. */
    image: pulumi.Input<string>;
    /** Whether the task stops when this container exits. */
    essential: boolean;
    /** `uid[:gid]` or `user[:group]` the process runs as; never root (but for the scratch init container). */
    user: string;
    /** Mount the container's root filesystem read-only. */
    readonlyRootFilesystem: boolean;
    /** Run an init process (PID 1 that reaps zombies and forwards signals); required by ECS Exec. */
    initProcessEnabled: boolean;
    /** CPU units reserved for the container; undefined shares the task's. */
    cpu?: number;
    /** Hard memory limit (MiB); undefined shares the task's. */
    memory?: number;
    /** Port mapping; `hostPort` 0 asks for a dynamic host port (bridge mode); `name` is what Service Connect publishes. */
    port?: { containerPort: number; hostPort: number; name?: string };
    /** Overrides the image's ENTRYPOINT. */
    entryPoint?: string[];
    /** Overrides the image's CMD. */
    command?: string[];
    /** Plain, non-secret environment variables. */
    environment: Record<string, pulumi.Input<string>>;
    /** Environment variable name → Secrets Manager secret or SSM parameter ARN, resolved by ECS at start. */
    secrets: Record<string, pulumi.Input<string>>;
    /** Health check, defaults applied; undefined for none. */
    healthCheck?: Required<ContainerHealthCheck>;
    /** Secret holding private registry credentials. */
    repositoryCredentialsArn?: pulumi.Input<string>;
    /** Volumes mounted into the container. */
    mounts: VolumeMount[];
    /** Containers that must reach `condition` before this one starts. */
    dependsOn?: { containerName: string; condition: "START" | "HEALTHY" | "COMPLETE" | "SUCCESS" }[];
    /** Log destination. */
    logs: AwsLogsTarget;
}

/** Health check timings applied when the caller leaves them unset. */
export const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 60 } as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROOT_USERS = new Set(["0", "root"]);

/** The default app health check: an HTTP GET of `path` on the app's own port, from inside the container. */
export function defaultHealthCheckCommand(port: number, path: string): string[] {
    return ["CMD-SHELL", `wget -qO- http://localhost:${port}${path} || exit 1`];
}

/** A health check with the timing defaults filled in; `command` must be known by now. */
export function withHealthCheckDefaults(check: SidecarHealthCheck): Required<ContainerHealthCheck> {
    return { ...HEALTH_CHECK_DEFAULTS, ...check };
}

/** What is wrong with a `user` that runs the process as root (uid 0 or `root`, with or without a group), if anything. */
export function userProblem(user: string, container: string): string | undefined {
    const uid = user.split(":")[0];
    return uid === "" || ROOT_USERS.has(uid)
        ? `Container "${container}" user "${user}" must name a non-root user (e.g. "1000:1000").`
        : undefined;
}

/**
 * Environment and secret names ECS cannot inject, and names that are both a plain variable and a secret (the secret
 * would silently win, or the plain value would be mistaken for it), as messages.
 */
export function environmentProblems(
    container: string,
    environment: Record<string, unknown>,
    secrets: Record<string, unknown>,
): string[] {
    const names = [...Object.keys(environment), ...Object.keys(secrets)];
    const invalid = names.filter(name => !ENV_NAME.test(name));
    const both = Object.keys(environment).filter(name => name in secrets);
    return [
        ...(invalid.length > 0
            ? [`Container "${container}" has invalid environment variable names: ${invalid.join(", ")}.`]
            : []),
        ...(both.length > 0
            ? [`Container "${container}" declares ${both.join(", ")} both as plain environment and as secrets.`]
            : []),
    ];
}

/** The ECS container definition for one container. Lists are sorted by name so the JSON is stable across runs. */
export function containerDefinition(spec: ContainerSpec): aws.ecs.ContainerDefinition {
    return {
        name: spec.name,
        image: spec.image,
        essential: spec.essential,
        user: spec.user,
        readonlyRootFilesystem: spec.readonlyRootFilesystem,
        linuxParameters: {
            // As AWS stores it: with `add` left out, the provider sees a diff on every update and replaces the task definition.
            capabilities: { add: [], drop: ["ALL"] },
            initProcessEnabled: spec.initProcessEnabled,
        },
        ...(spec.cpu !== undefined ? { cpu: spec.cpu } : {}),
        ...(spec.memory !== undefined ? { memory: spec.memory } : {}),
        ...(spec.entryPoint ? { entryPoint: spec.entryPoint } : {}),
        ...(spec.command ? { command: spec.command } : {}),
        portMappings: spec.port
            ? [
                  {
                      ...(spec.port.name !== undefined ? { name: spec.port.name } : {}),
                      containerPort: spec.port.containerPort,
                      hostPort: spec.port.hostPort,
                      protocol: "tcp",
                  },
              ]
            : [],
        environment: sortedNames(spec.environment).map(name => ({ name, value: spec.environment[name] })),
        secrets: sortedNames(spec.secrets).map(name => ({ name, valueFrom: spec.secrets[name] })),
        ...(spec.repositoryCredentialsArn
            ? { repositoryCredentials: { credentialsParameter: spec.repositoryCredentialsArn } }
            : {}),
        mountPoints: spec.mounts.map(m => ({
            sourceVolume: m.volume,
            containerPath: m.containerPath,
            readOnly: m.readOnly,
        })),
        ...(spec.healthCheck ? { healthCheck: spec.healthCheck } : {}),
        ...(spec.dependsOn && spec.dependsOn.length > 0 ? { dependsOn: spec.dependsOn } : {}),
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": spec.logs.groupName,
                "awslogs-region": spec.logs.region,
                "awslogs-stream-prefix": spec.logs.streamPrefix,
            },
        },
    };
}

function sortedNames(values: Record<string, unknown>): string[] {
    return Object.keys(values).sort();
}
