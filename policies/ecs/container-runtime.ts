/** Runtime hardening of containers: filesystem, privileges, user, Linux capabilities, host namespaces. */
import { policyConfig, types, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import { containerLabel, validateContainers, type TaskDefinitionProps } from "./common";
import { isScratchInitContainer } from "./scratch-init";

const exemptContainersSchema = {
    properties: {
        exemptContainers: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Container names this policy does not check (e.g. a vendor agent that needs it).",
        },
    },
};

export const ecsReadonlyRootFilesystem: PlatformResourcePolicy = {
    name: "ecs-readonly-rootfs",
    description: "Checks that every container mounts its root filesystem read-only.",
    severity: "high",
    remediationSteps:
        "Set `readonlyRootFilesystem: true` on each container definition; give paths the app writes to a volume (e.g. a bind mount of an empty task volume for /tmp).",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.5", "checkov:CKV_AWS_336", "family:ecs"],
    configSchema: exemptContainersSchema,
    validateResource: validateContainers((containers, _task, args, report) => {
        const { exemptContainers } = policyConfig<{ exemptContainers: string[] }>(args, exemptContainersSchema);
        containers.forEach((container, i) => {
            if (container.readonlyRootFilesystem !== true && !exemptContainers.includes(container.name ?? "")) {
                report(`${containerLabel(container, i)} does not set readonlyRootFilesystem: true.`);
            }
        });
    }),
};

export const ecsNotPrivileged: PlatformResourcePolicy = {
    name: "ecs-not-privileged",
    description: "Checks that no container runs privileged.",
    severity: "critical",
    remediationSteps:
        "Remove `privileged: true` from the container definition; add only the Linux capabilities it needs instead.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.4", "checkov:CKV_AWS_334", "family:ecs"],
    validateResource: validateContainers((containers, _task, _args, report) => {
        containers.forEach((container, i) => {
            if (container.privileged === true) {
                report(`${containerLabel(container, i)} sets privileged: true.`);
            }
        });
    }),
};

/** Whether a container `user` is root: missing, `root`, UID 0, with or without a group. */
function isRootUser(user: string | undefined): boolean {
    const name = (user ?? "").split(":")[0].trim();
    return name === "" || name === "root" || name === "0";
}

export const ecsNonRootUser: PlatformResourcePolicy = {
    name: "ecs-non-root-user",
    description:
        "Checks that every container sets a non-root `user`; the one root container allowed is a scratch-permissions init container that only runs `chmod 1777` on its own mounts (no capabilities, read-only root, not essential, awaited by every other container).",
    severity: "high",
    remediationSteps:
        'Set `user` on each container definition to a non-root UID and GID, e.g. `"1000:1000"` (a missing user means the image default, usually root). To make a scratch volume writable for that user, use an init container: essential false, user root, entryPoint ["chmod"], command ["1777", <its mount paths>], capabilities drop ALL, read-only root, no ports, and `dependsOn` it with condition SUCCESS from every other container.',
    enforcementLevel: "mandatory",
    tags: ["aws-config:ecs-task-definition-linux-user-non-root", "family:ecs"],
    configSchema: exemptContainersSchema,
    validateResource: validateContainers((containers, task, args, report) => {
        if (task.runtimePlatform?.operatingSystemFamily?.startsWith("WINDOWS")) {
            args.notApplicable("Windows containers have no Linux user");
        }
        const { exemptContainers } = policyConfig<{ exemptContainers: string[] }>(args, exemptContainersSchema);
        containers.forEach((container, i) => {
            if (
                isRootUser(container.user) &&
                !exemptContainers.includes(container.name ?? "") &&
                !isScratchInitContainer(containers, i)
            ) {
                report(
                    `${containerLabel(container, i)} runs as ${container.user ? `"${container.user}"` : "the image default user"}.`,
                );
            }
        });
    }),
};

const capabilitiesSchema = {
    properties: {
        allowedCapabilities: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Capabilities containers may add (Fargate only supports SYS_PTRACE).",
        },
    },
};

export const ecsDropCapabilities: PlatformResourcePolicy = {
    name: "ecs-drop-capabilities",
    description: "Checks that every container drops all Linux capabilities and adds back only allowed ones.",
    severity: "medium",
    remediationSteps:
        'Set `linuxParameters: { capabilities: { drop: ["ALL"] } }` on each container; list any capability you must add in this policy\'s `allowedCapabilities`.',
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    configSchema: capabilitiesSchema,
    validateResource: validateContainers((containers, _task, args, report) => {
        const { allowedCapabilities } = policyConfig<{ allowedCapabilities: string[] }>(args, capabilitiesSchema);
        const allowed = new Set(allowedCapabilities.map(c => c.toUpperCase()));
        containers.forEach((container, i) => {
            const capabilities = container.linuxParameters?.capabilities;
            if (!(capabilities?.drop ?? []).some(c => c.toUpperCase() === "ALL")) {
                report(`${containerLabel(container, i)} does not drop ALL capabilities.`);
            }
            const added = (capabilities?.add ?? []).filter(c => !allowed.has(c.toUpperCase()));
            if (added.length > 0) {
                report(`${containerLabel(container, i)} adds capabilities that are not allowed: ${added.join(", ")}.`);
            }
        });
    }),
};

export const ecsNoHostPid: PlatformResourcePolicy = {
    name: "ecs-no-host-pid",
    description: "Checks that task definitions do not share the host's process namespace (`pidMode: host`).",
    severity: "high",
    remediationSteps:
        'Remove `pidMode: "host"` from the task definition (use `"task"` to share processes between its containers).',
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.3", "checkov:CKV_AWS_335", "family:ecs"],
    validateResource: validateResourceOfTypes<TaskDefinitionProps>(types.ecsTaskDefinition, (task, _args, report) => {
        if (task.pidMode === "host") {
            report('pidMode is "host".');
        }
    }),
};

export const ecsHostNetworkUser: PlatformResourcePolicy = {
    name: "ecs-host-network-user",
    description: "Checks that containers of task definitions in `host` network mode run as a non-root user.",
    severity: "high",
    remediationSteps:
        'Prefer `networkMode: "awsvpc"`. If host networking is required, set a non-root `user` (e.g. `"1000:1000"`) on every container.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.1", "cdk-nag:NIST.800.53.R5-ECSTaskDefinitionUserForHostMode", "family:ecs"],
    validateResource: validateContainers((containers, task, args, report) => {
        if (task.networkMode !== "host") {
            args.notApplicable("Only task definitions in host network mode");
        }
        containers.forEach((container, i) => {
            if (isRootUser(container.user)) {
                report(`${containerLabel(container, i)} shares the host network and runs as root.`);
            }
        });
    }),
};

export const containerRuntimePolicies = [
    ecsReadonlyRootFilesystem,
    ecsNotPrivileged,
    ecsNonRootUser,
    ecsDropCapabilities,
    ecsNoHostPid,
    ecsHostNetworkUser,
];
