/**
 * The task sizes Fargate accepts (Linux), as AWS documents them in "Task CPU and memory" of the ECS developer guide.
 * Any other pair fails at `RegisterTaskDefinition` ("No Fargate configuration exists for given values"), so the
 * config layer and the Service component reject it before anything is deployed.
 */

/** The task `cpu` values (CPU units; 1024 = 1 vCPU) Fargate offers. */
export const FARGATE_CPU_VALUES = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** A task `cpu` value Fargate offers. */
export type FargateCpu = (typeof FARGATE_CPU_VALUES)[number];

/** Memory values from `fromMiB` to `toMiB` inclusive, every `stepMiB`. */
function memoryRange(fromMiB: number, toMiB: number, stepMiB: number): number[] {
    const values: number[] = [];
    for (let memory = fromMiB; memory <= toMiB; memory += stepMiB) {
        values.push(memory);
    }
    return values;
}

/** Task `cpu` → the task `memory` values (MiB) Fargate accepts with it. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<FargateCpu, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: memoryRange(1024, 4096, 1024),
    1024: memoryRange(2048, 8192, 1024),
    2048: memoryRange(4096, 16384, 1024),
    4096: memoryRange(8192, 30720, 1024),
    8192: memoryRange(16384, 61440, 4096),
    16384: memoryRange(32768, 122880, 8192),
};

function isFargateCpu(cpu: number): cpu is FargateCpu {
    return (FARGATE_CPU_VALUES as readonly number[]).includes(cpu);
}

/** The memory values (MiB) Fargate accepts with `cpu`; empty when `cpu` is not a Fargate value. */
export function allowedMemoryFor(cpu: number): readonly number[] {
    return isFargateCpu(cpu) ? FARGATE_MEMORY_BY_CPU[cpu] : [];
}

/** Whether Fargate accepts a task of `cpu` units and `memory` MiB. */
export function isValidFargateSize(cpu: number, memory: number): boolean {
    return allowedMemoryFor(cpu).includes(memory);
}

/**
 * Why Fargate rejects a task size, in words a stack config author can act on; `undefined` when the size is valid.
 * Ranges are summarized (`2048–8192 MiB in steps of 1024`), so the message stays one line.
 */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
    if (!isFargateCpu(cpu)) {
        return `Fargate has no task cpu ${cpu}; use one of ${FARGATE_CPU_VALUES.join(", ")}.`;
    }
    if (isValidFargateSize(cpu, memory)) {
        return undefined;
    }
    return `Fargate does not accept memory ${memory} MiB with cpu ${cpu}; allowed: ${describeMemory(allowedMemoryFor(cpu))}.`;
}

/** `512, 1024, 2048 MiB` for short lists, `2048–8192 MiB in steps of 1024` for ranges. */
function describeMemory(values: readonly number[]): string {
    if (values.length <= 4) {
        return `${values.join(", ")} MiB`;
    }
    return `${values[0]}–${values[values.length - 1]} MiB in steps of ${values[1] - values[0]}`;
}
