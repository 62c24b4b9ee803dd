/**
 * The task's enumerations, as `as const` objects: the component analyzer publishes each as an enum of the package's
 * schema, so other languages' SDKs get typed values. The rules still check them (a caller can send any string).
 */

/** Where the tasks run (`requiresCompatibilities`). */
export const LaunchType = {
    /** AWS Fargate: no instances to manage. */
    Fargate: "FARGATE",
    /** EC2 container instances of the cluster's capacity provider. */
    Ec2: "EC2",
} as const;
export type LaunchType = (typeof LaunchType)[keyof typeof LaunchType];

/** The task's network mode. */
export const NetworkMode = {
    /** Each task gets its own network interface and security groups (Fargate's only mode). */
    Awsvpc: "awsvpc",
    /** Docker bridge networking on an EC2 instance, with dynamic host ports. */
    Bridge: "bridge",
} as const;
export type NetworkMode = (typeof NetworkMode)[keyof typeof NetworkMode];

/** The task's CPU architecture (`runtimePlatform.cpuArchitecture`, LINUX). */
export const CpuArchitecture = {
    /** 64-bit x86 (Intel, AMD). */
    X86_64: "X86_64",
    /** 64-bit ARM (Graviton). */
    Arm64: "ARM64",
} as const;
export type CpuArchitecture = (typeof CpuArchitecture)[keyof typeof CpuArchitecture];

/** True when `value` is one of the enumeration's values. */
export function isMemberOf<T extends Record<string, string>>(values: T, value: unknown): value is T[keyof T] {
    return (Object.values(values) as unknown[]).includes(value);
}
