export * from "./alarms";
export * from "./cluster";
export * from "./ec2-capacity";
export * from "./load-balancer";
export * from "./routing";
export * from "./service";
// The service base (service-base.ts) is no component of its own: its Args types only.
export type {
    CapacityProviderShare,
    ServiceBaseArgs,
    ServiceConnectArgs,
    ServiceConnectNamespaceArgs,
    ServiceConnectTlsArgs,
    ServiceCoreArgs,
    ServiceScalingArgs,
} from "./service-base";
export type { ScheduledScalingArgs, ServiceAutoscalingArgs, TargetTrackingArgs } from "./autoscaling";
export type { ContainerHealthCheck, SidecarHealthCheck } from "./container-definitions";
export type { ImageArgs, ImageBuildArgs } from "./image-source";
export { CpuArchitecture, LaunchType, NetworkMode } from "./task-enums";
export * from "./task-definition";
export * from "./web-firewall";
export * from "./backend-service";
export * from "./worker-service";
export * from "./scheduled-job";
