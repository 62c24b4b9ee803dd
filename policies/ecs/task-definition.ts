/** Task definition shape: network mode and size, EFS volumes, health checks. */
import {
    policyConfig,
    remediateResourceOfTypes,
    types,
    validateResourceOfTypes,
    type PlatformResourcePolicy,
} from "../lib";
import { containerLabel, validateContainers, type TaskDefinitionProps } from "./common";

/** Valid Fargate memory sizes (MiB) per CPU units. */
const fargateMemoryByCpu: ReadonlyMap<number, readonly number[]> = new Map([
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16384, 1024)],
    [4096, range(8192, 30720, 1024)],
    [8192, range(16384, 61440, 4096)],
    [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
    return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** CPU units or MiB from `"1024"`, `"1 vCPU"` or `"2 GB"` (the forms ECS accepts). */
function parseSize(value: string | undefined, unit: RegExp): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    if (!match) {
        return undefined;
    }
    const amount = Number(match[1]);
    if (match[2] === "") {
        return amount;
    }
    return unit.test(match[2]) ? amount * 1024 : undefined;
}

const networkModeSchema = {
    properties: {
        allowedNetworkModes: {
            type: "array" as const,
            items: { type: "string" as const, enum: ["awsvpc", "bridge", "host", "none"] },
            default: ["awsvpc", "bridge"],
            description: "Network modes allowed for task definitions that are not Fargate-compatible (EC2 capacity).",
        },
    },
};

export const ecsAwsvpcFargate: PlatformResourcePolicy = {
    name: "ecs-awsvpc-fargate",
    description:
        "Checks that Fargate task definitions use `awsvpc` with a valid CPU/memory pair, and that other task definitions use an allowed network mode.",
    severity: "medium",
    remediationSteps:
        'For Fargate set `requiresCompatibilities: ["FARGATE"]`, `networkMode: "awsvpc"` and a valid `cpu`/`memory` pair (e.g. "256"/"512", "1024"/"2048"); for EC2 use one of `allowedNetworkModes`.',
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    configSchema: networkModeSchema,
    validateResource: validateResourceOfTypes<TaskDefinitionProps>(types.ecsTaskDefinition, (task, args, report) => {
        if (!(task.requiresCompatibilities ?? []).includes("FARGATE")) {
            const { allowedNetworkModes } = policyConfig<{ allowedNetworkModes: string[] }>(args, networkModeSchema);
            const mode = task.networkMode ?? "bridge";
            if (!allowedNetworkModes.includes(mode)) {
                report(`networkMode "${mode}" is not allowed (allowed: ${allowedNetworkModes.join(", ")}).`);
            }
            return;
        }
        if (task.networkMode !== "awsvpc") {
            report(
                `Fargate requires networkMode "awsvpc", not ${task.networkMode ? `"${task.networkMode}"` : "the default"}.`,
            );
        }
        const cpu = parseSize(task.cpu, /^vcpu$/i);
        const memory = parseSize(task.memory, /^gb$/i);
        if (cpu === undefined || memory === undefined) {
            report("Fargate task definitions must set task-level cpu and memory.");
        } else if (!fargateMemoryByCpu.get(cpu)?.includes(memory)) {
            report(`cpu ${task.cpu} with memory ${task.memory} is not a valid Fargate size.`);
        }
    }),
};

export const ecsEfsTransitEncryption: PlatformResourcePolicy = {
    name: "ecs-efs-transit-encryption",
    description: "Checks that EFS volumes of task definitions use encryption in transit.",
    severity: "high",
    remediationSteps:
        'Set `efsVolumeConfiguration.transitEncryption: "ENABLED"` on each EFS volume (the `remediate` level does this automatically).',
    enforcementLevel: "remediate",
    tags: ["checkov:CKV_AWS_97", "trivy:AVD-AWS-0035", "family:ecs"],
    validateResource: validateResourceOfTypes<TaskDefinitionProps>(types.ecsTaskDefinition, (task, args, report) => {
        const efsVolumes = (task.volumes ?? []).filter(v => v.efsVolumeConfiguration);
        if (efsVolumes.length === 0) {
            args.notApplicable("No EFS volumes");
        }
        for (const volume of efsVolumes) {
            if (volume.efsVolumeConfiguration?.transitEncryption !== "ENABLED") {
                report(`EFS volume "${volume.name}" does not enable transitEncryption.`);
            }
        }
    }),
    // Safe to automate: TLS to EFS uses the same port and the ECS agent handles it; nothing else about the mount changes.
    remediateResource: remediateResourceOfTypes<TaskDefinitionProps>(types.ecsTaskDefinition, task => {
        // Mutate in place: copying would read every field, and fileSystemId is usually unknown during preview.
        // Returns nothing when there is nothing to change: the engine counts every returned props as a remediation.
        let changed = false;
        for (const volume of task.volumes ?? []) {
            if (volume.efsVolumeConfiguration && volume.efsVolumeConfiguration.transitEncryption !== "ENABLED") {
                volume.efsVolumeConfiguration.transitEncryption = "ENABLED";
                changed = true;
            }
        }
        return changed ? task : undefined;
    }),
};

export const ecsEssentialHealthCheck: PlatformResourcePolicy = {
    name: "ecs-essential-healthcheck",
    description: "Checks that every essential container defines a health check.",
    severity: "medium",
    remediationSteps:
        'Add `healthCheck: { command: ["CMD-SHELL", "<probe> || exit 1"], interval, timeout, retries, startPeriod }` to each container whose `essential` is not false.',
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    validateResource: validateContainers((containers, _task, _args, report) => {
        containers.forEach((container, i) => {
            // ECS treats a container without `essential` as essential.
            if (container.essential !== false && !container.healthCheck?.command?.length) {
                report(`essential ${containerLabel(container, i)} has no healthCheck.command.`);
            }
        });
    }),
};

export const taskDefinitionPolicies = [ecsAwsvpcFargate, ecsEfsTransitEncryption, ecsEssentialHealthCheck];
