/**
 * The one root container the hardening policies accept: the init container that makes a task's scratch volumes
 * writable for its non-root user (Fargate creates bind-mount volumes root-owned, 0755). It may do exactly that and
 * nothing else: `chmod 1777` on its own mount points, as an explicit entry point (the image's never runs), not
 * essential, every capability dropped, nothing added, not privileged, a read-only root, no ports, no environment or
 * secrets, and every other container of the task waits for its success.
 */
import type { ContainerDefinition } from "../lib";

function isRoot(user: string | undefined): boolean {
    return ["0", "root"].includes((user ?? "").split(":")[0].trim());
}

function isEmpty(list: unknown[] | undefined): boolean {
    return list === undefined || list.length === 0;
}

/** Whether the task's container at `index` is exactly the scratch-permissions init container. */
export function isScratchInitContainer(containers: ContainerDefinition[], index: number): boolean {
    const container = containers[index];
    const capabilities = container.linuxParameters?.capabilities;
    const mounted = new Set((container.mountPoints ?? []).filter(m => m.readOnly !== true).map(m => m.containerPath));
    const [mode, ...paths] = container.command ?? [];
    const others = containers.filter((_, i) => i !== index);
    return (
        container.name !== undefined &&
        container.essential === false &&
        isRoot(container.user) &&
        container.privileged !== true &&
        container.readonlyRootFilesystem === true &&
        (capabilities?.drop ?? []).some(c => c.toUpperCase() === "ALL") &&
        isEmpty(capabilities?.add) &&
        isEmpty(container.portMappings) &&
        isEmpty(container.environment) &&
        isEmpty(container.secrets) &&
        container.repositoryCredentials === undefined &&
        JSON.stringify(container.entryPoint) === JSON.stringify(["chmod"]) &&
        mode === "1777" &&
        paths.length > 0 &&
        paths.every(p => mounted.has(p)) &&
        others.length > 0 &&
        others.every(c =>
            (c.dependsOn ?? []).some(d => d.containerName === container.name && d.condition === "SUCCESS"),
        )
    );
}
