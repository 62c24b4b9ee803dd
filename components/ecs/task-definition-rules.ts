import { ArgumentProblems } from "../shared";
import { environmentProblems, userProblem } from "./container-definitions";
import { fargateSizeProblem } from "./fargate-sizes";
import { imageProblems } from "./image-source";
import { SCRATCH_INIT_CONTAINER } from "./scratch-init";
import type { TaskSettings } from "./task-definition";
import { CpuArchitecture, isMemberOf, LaunchType, NetworkMode } from "./task-enums";

/**
 * The TaskDefinition's argument rules, pure so a program can run them before registering anything. Every kind of
 * workload shares them: a service adds its own (`service-rules.ts`).
 */

export const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Every problem with a task's settings (defaults applied). */
export function taskDefinitionProblems(settings: TaskSettings): ArgumentProblems {
    const problems = new ArgumentProblems();
    for (const field of ["name", "environment"] as const) {
        if (!NAME.test(settings[field])) {
            problems.add(
                field,
                `"${settings[field]}" must use only letters, digits, "-" and "_", starting with a letter or digit.`,
            );
        }
    }
    if (settings.name === SCRATCH_INIT_CONTAINER) {
        problems.add("name", `"${SCRATCH_INIT_CONTAINER}" is the name of the task's scratch init container.`);
    }
    for (const [field, values] of [
        ["launchType", LaunchType],
        ["networkMode", NetworkMode],
        ["architecture", CpuArchitecture],
    ] as const) {
        if (!isMemberOf(values, settings[field])) {
            problems.add(field, `must be one of ${Object.values(values).join(", ")}, got "${settings[field]}".`);
        }
    }
    if (settings.launchType === LaunchType.Fargate) {
        if (settings.networkMode !== "awsvpc") {
            problems.add(
                "networkMode",
                `Fargate tasks only run in awsvpc network mode, not "${settings.networkMode}".`,
            );
        }
        const size = fargateSizeProblem(settings.cpu, settings.memory);
        if (size) {
            problems.add("cpu", size);
        }
    } else if (!isPositiveInteger(settings.cpu) || !isPositiveInteger(settings.memory)) {
        problems.add("cpu", `cpu and memory must be positive whole numbers, got ${settings.cpu}/${settings.memory}.`);
    }
    if (settings.port !== undefined && (!isPositiveInteger(settings.port) || settings.port > 65535)) {
        problems.add("port", `port must be 1–65535, got ${settings.port}.`);
    }
    problems.list.push(...imageProblems(settings.image).list);
    addIf(problems, "user", userProblem(settings.user, settings.name));
    for (const message of environmentProblems(settings.name, settings.environmentVariables, settings.secrets)) {
        problems.add("environmentVariables", message);
    }
    sidecarProblems(settings, problems);
    efsProblems(settings, problems);
    settings.permissions.forEach((permission, i) => {
        for (const field of ["actions", "resources"] as const) {
            if (!Array.isArray(permission[field]) || permission[field].length === 0) {
                problems.add(`permissions[${i}].${field}`, `a permission needs at least one of its ${field}.`);
            }
        }
    });

    const hasSecrets =
        Object.keys(settings.secrets).length > 0 ||
        settings.sidecars.some(s => Object.keys(s.secrets ?? {}).length > 0) ||
        settings.image.credentialsSecretArn !== undefined;
    if (hasSecrets && settings.secretsPolicy === undefined) {
        problems.add(
            "secretsPolicy",
            "references secrets but has no secretsPolicy: its execution role could not read them.",
        );
    }
    return problems;
}

function sidecarProblems(settings: TaskSettings, problems: ArgumentProblems): void {
    const names = new Set([settings.name, SCRATCH_INIT_CONTAINER]);
    settings.sidecars.forEach((sidecar, i) => {
        if (!NAME.test(sidecar.name) || names.has(sidecar.name)) {
            problems.add(
                `sidecars[${i}].name`,
                `Sidecar name "${sidecar.name}" must be unique in the task (and differ from the app container's and "${SCRATCH_INIT_CONTAINER}").`,
            );
        }
        names.add(sidecar.name);
        addIf(problems, `sidecars[${i}].user`, userProblem(sidecar.user ?? settings.user, sidecar.name));
        for (const message of environmentProblems(
            sidecar.name,
            sidecar.environmentVariables ?? {},
            sidecar.secrets ?? {},
        )) {
            problems.add(`sidecars[${i}].environmentVariables`, message);
        }
    });
    // The app container has no limits of its own: it must keep some of the task's CPU and memory.
    for (const resource of ["cpu", "memory"] as const) {
        const reserved = settings.sidecars.reduce((sum, s) => sum + (s[resource] ?? 0), 0);
        if (reserved >= settings[resource]) {
            problems.add(
                "sidecars",
                `sidecars reserve ${reserved} of the task's ${settings[resource]} ${resource}, leaving none for the app.`,
            );
        }
    }
}

function efsProblems(settings: TaskSettings, problems: ArgumentProblems): void {
    if (!settings.efs) {
        return;
    }
    const path = settings.efs.containerPath;
    if (!path.startsWith("/") || path === "/" || path === "/tmp") {
        problems.add("efs.containerPath", `must be an absolute path other than / and /tmp, got "${path}".`);
    }
    if (settings.efs.subnetIds.length === 0) {
        problems.add("efs.subnetIds", "efs needs subnetIds for its mount targets.");
    }
    if (posixUserOf(settings.user) === undefined) {
        problems.add("user", `EFS needs a numeric container user ("uid:gid"), got "${settings.user}".`);
    }
}

function addIf(problems: ArgumentProblems, argument: string, message: string | undefined): void {
    if (message !== undefined) problems.add(argument, message);
}

export function isPositiveInteger(value: number): boolean {
    return Number.isInteger(value) && value > 0;
}

/** The numeric uid/gid of `user` (`uid` or `uid:gid`), which an EFS access point enforces; undefined if not numeric. */
export function posixUserOf(user: string): { uid: number; gid: number } | undefined {
    const [uid, gid = uid] = user.split(":");
    return /^\d+$/.test(uid) && /^\d+$/.test(gid) ? { uid: Number(uid), gid: Number(gid) } : undefined;
}
