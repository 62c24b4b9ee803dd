import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
    AwsLogsTarget,
    ContainerSpec,
    defaultHealthCheckCommand,
    VolumeMount,
    withHealthCheckDefaults,
} from "./container-definitions";
import { EFS_VOLUME_NAME } from "./efs-volume";
import { AFTER_SCRATCH_INIT, scratchInitContainer } from "./scratch-init";
import type { TaskSettings } from "./task-definition";

/** Task volume name of the app container's writable `/tmp`; sidecars get `tmp-<name>`. */
const TMP_VOLUME = "tmp";
/**
 * ECS Exec's injected SSM agent writes its binaries' state, its own state and its logs here, so a read-only root
 * needs all three writable (AWS documents Exec as unsupported on a read-only root; these are the directories the
 * agent writes: aws-containers/amazon-ecs-exec-checker#71, aws/containers-roadmap#1359).
 */
const EXEC_AGENT_DIRS = [
    { volume: "ecs-exec-agents", containerPath: "/managed-agents" },
    { volume: "ecs-exec-lib", containerPath: "/var/lib/amazon" },
    { volume: "ecs-exec-log", containerPath: "/var/log/amazon" },
];

/**
 * The app container followed by the sidecars, all with the same hardening, and, when they mount scratch volumes, the
 * init container that makes those writable for their user (`scratch-init.ts`), which they all wait for.
 */
export function containerSpecs(
    settings: TaskSettings,
    image: pulumi.Input<string>,
    repositoryCredentialsArn: pulumi.Input<string> | undefined,
    efsMount: VolumeMount | undefined,
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
        ...(efsMount ? [efsMount] : []),
    ];
    const app: ContainerSpec = {
        ...common,
        name: settings.name,
        image,
        essential: true,
        user: settings.user,
        port:
            settings.port !== undefined
                ? { containerPort: settings.port, hostPort: hostPort(settings.port), name: settings.portName }
                : undefined,
        command: settings.command,
        environment: settings.environmentVariables,
        secrets: settings.secrets,
        healthCheck: appHealthCheck(settings),
        repositoryCredentialsArn,
        mounts: appMounts,
        dependsOn: settings.sidecars.map(s => ({ containerName: s.name, condition: "START" as const })),
    };
    const scratch = [app, ...sidecars].flatMap(c => c.mounts.map(m => m.volume)).filter(isScratchVolume);
    const init = scratchInitContainer(scratch, settings.scratchInit.image, logs);
    if (!init) {
        return [app, ...sidecars];
    }
    const afterInit = (spec: ContainerSpec): ContainerSpec => ({
        ...spec,
        dependsOn: [AFTER_SCRATCH_INIT, ...(spec.dependsOn ?? [])],
    });
    return [afterInit(app), ...sidecars.map(afterInit), init];
}

/** The `/tmp` volumes (`tmp`, `tmp-<sidecar>`): Exec's directories are written by its agent, as root. */
function isScratchVolume(volume: string): boolean {
    return volume === TMP_VOLUME || volume.startsWith(`${TMP_VOLUME}-`);
}

/** The given health check, or the default HTTP probe of the app's port; none for a task without either. */
function appHealthCheck(settings: TaskSettings): ContainerSpec["healthCheck"] {
    const command =
        settings.healthCheck?.command ??
        (settings.port !== undefined && settings.healthCheckPath !== undefined
            ? defaultHealthCheckCommand(settings.port, settings.healthCheckPath)
            : undefined);
    return command ? withHealthCheckDefaults({ ...settings.healthCheck, command }) : undefined;
}

/** Task-scoped scratch volumes (no host path, no driver: ephemeral task storage) for every non-EFS mount. */
export function scratchVolumes(containers: ContainerSpec[]): aws.types.input.ecs.TaskDefinitionVolume[] {
    const names = new Set(containers.flatMap(c => c.mounts.map(m => m.volume)).filter(v => v !== EFS_VOLUME_NAME));
    return [...names].map(volume => ({ name: volume }));
}
