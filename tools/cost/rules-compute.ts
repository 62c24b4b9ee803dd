/** Pricing rules of compute: Fargate tasks at the service's minimum count, EC2 capacity at the group's minimum. */
import type { CapturedResource } from "../../testing/harness";
import { CostLine, PricingContext, PricingRule, ResourceGraph } from "./model";

const SERVICE = "aws:ecs/service:Service";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SCALING_TARGET = "aws:appautoscaling/target:Target";
const CLUSTER_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";

interface StrategyItem {
    capacityProvider: string;
    base?: number;
    weight?: number;
}

/** Tasks an idle service runs: the autoscaling minimum when a scalable target manages it, else its desired count. */
export function minimumTasks(service: CapturedResource, graph: ResourceGraph): number {
    const target = graph.resources.find(
        r =>
            r.type === SCALING_TARGET &&
            ((r.propertyDependencies.resourceId ?? []).includes(service.urn) ||
                (typeof r.inputs.resourceId === "string" &&
                    service.inputs.name !== undefined &&
                    r.inputs.resourceId.endsWith(`/${service.inputs.name}`))),
    );
    return Number(target?.inputs.minCapacity ?? service.inputs.desiredCount ?? 0);
}

/**
 * How `tasks` spread over a capacity provider strategy, as ECS places them: each provider's `base` first (in order),
 * the rest by `weight`. Returns tasks per provider name (fractions are the expected share).
 */
export function placeTasks(tasks: number, strategy: StrategyItem[]): Map<string, number> {
    const placed = new Map<string, number>();
    let left = tasks;
    for (const item of strategy) {
        const base = Math.min(item.base ?? 0, left);
        placed.set(item.capacityProvider, (placed.get(item.capacityProvider) ?? 0) + base);
        left -= base;
    }
    const weights = strategy.reduce((sum, item) => sum + (item.weight ?? 0), 0);
    for (const item of strategy) {
        const share = weights > 0 ? (left * (item.weight ?? 0)) / weights : 0;
        placed.set(item.capacityProvider, (placed.get(item.capacityProvider) ?? 0) + share);
    }
    return placed;
}

/** The strategy a service's tasks follow: its own, else its launch type, else the cluster's default strategy. */
function strategyOf(service: CapturedResource, graph: ResourceGraph): StrategyItem[] {
    const own = service.inputs.capacityProviderStrategies as StrategyItem[] | undefined;
    if (Array.isArray(own) && own.length > 0) {
        return own;
    }
    if (service.inputs.launchType) {
        return [{ capacityProvider: String(service.inputs.launchType), weight: 1 }];
    }
    const clusters = service.propertyDependencies.cluster ?? [];
    const defaults = graph.resources.find(
        r => r.type === CLUSTER_PROVIDERS && (r.propertyDependencies.clusterName ?? []).some(u => clusters.includes(u)),
    )?.inputs.defaultCapacityProviderStrategies as StrategyItem[] | undefined;
    // Without a strategy or launch type, ECS uses the EC2 launch type.
    return Array.isArray(defaults) && defaults.length > 0 ? defaults : [{ capacityProvider: "EC2", weight: 1 }];
}

/** Fargate vCPU and GB-hours of a service at its minimum count; tasks on EC2 capacity are paid by their instances. */
const ecsService: PricingRule = (service, c) => {
    const taskDefinition = c.graph.dependencies(service, "taskDefinition", TASK_DEFINITION)[0];
    const tasks = minimumTasks(service, c.graph);
    if (!taskDefinition || tasks <= 0 || service.inputs.schedulingStrategy === "DAEMON") {
        return [];
    }
    const vcpu = Number(taskDefinition.inputs.cpu ?? 0) / 1024;
    const gb = Number(taskDefinition.inputs.memory ?? 0) / 1024;
    const arm = taskDefinition.inputs.runtimePlatform?.cpuArchitecture === "ARM64";
    const arch = arm ? "ARM64" : "X86_64";
    const [vcpuPrice, gbPrice] = arm
        ? [c.price("fargateArmVcpuHour").value, c.price("fargateArmGbHour").value]
        : [c.price("fargateX86VcpuHour").value, c.price("fargateX86GbHour").value];
    const discount = c.price("fargateSpotDiscount").value;
    const lines: CostLine[] = [];
    for (const [provider, count] of placeTasks(tasks, strategyOf(service, c.graph))) {
        if (count <= 0 || (provider !== "FARGATE" && provider !== "FARGATE_SPOT")) {
            continue;
        }
        const spot = provider === "FARGATE_SPOT";
        const factor = spot ? 1 - discount : 1;
        const label = `${spot ? "Fargate Spot" : "Fargate"} ${arch}, ${formatCount(count)} task${count === 1 ? "" : "s"}`;
        lines.push(
            c.line(service, `${label} × ${vcpu} vCPU`, count * vcpu * c.hours, "vCPU-hours", vcpuPrice * factor),
            c.line(service, `${label} × ${gb} GB`, count * gb * c.hours, "GB-hours", gbPrice * factor),
        );
    }
    const fargateTasks = lines.length > 0 ? tasks : 0;
    if (fargateTasks > 0 && service.inputs.networkConfiguration?.assignPublicIp === true) {
        lines.push(
            c.line(
                service,
                `Public IPv4 address-hours (${tasks} tasks)`,
                tasks * c.hours,
                "hours",
                c.price("publicIpv4Hour").value,
            ),
        );
    }
    return lines;
};

/** EC2 capacity: the group's minimum instances all month, with their root volumes. */
const autoScalingGroup: PricingRule = (group, c) => {
    const minSize = Number(group.inputs.minSize ?? 0);
    if (minSize <= 0) {
        return [];
    }
    const template = c.graph.dependencies(group, "launchTemplate", "aws:ec2/launchTemplate:LaunchTemplate")[0];
    const instanceType: string | undefined =
        template?.inputs.instanceType ??
        group.inputs.mixedInstancesPolicy?.launchTemplate?.overrides?.[0]?.instanceType;
    const lines = [instanceLine(group, c, instanceType, minSize)];
    for (const mapping of (template?.inputs.blockDeviceMappings ?? []) as { ebs?: Record<string, any> }[]) {
        const size = Number(mapping.ebs?.volumeSize ?? 0);
        const volumeType = mapping.ebs?.volumeType ?? "gp3";
        if (size <= 0) {
            continue;
        }
        lines.push(
            volumeType === "gp3"
                ? c.line(
                      group,
                      `EBS gp3 root volumes, ${minSize} × ${size} GB`,
                      minSize * size,
                      "GB-months",
                      c.price("ebsGp3GbMonth").value,
                  )
                : c.unpriced(group, `EBS ${volumeType} volumes`, `no price data for EBS ${volumeType} volumes`),
        );
    }
    return lines;
};

function instanceLine(group: CapturedResource, c: PricingContext, instanceType: string | undefined, count: number) {
    const price = instanceType ? c.prices.ec2InstanceHour[instanceType] : undefined;
    const item = `EC2 ${instanceType ?? "instances"}, ${count} (group minimum)`;
    return price
        ? c.line(group, item, count * c.hours, "instance-hours", price.value)
        : c.unpriced(
              group,
              item,
              `no price data for EC2 instance type ${instanceType ?? "(unknown)"} in ${c.prices.region}`,
          );
}

function formatCount(count: number): string {
    return Number.isInteger(count) ? String(count) : count.toFixed(2);
}

export const computeRules: Record<string, PricingRule> = {
    [SERVICE]: ecsService,
    "aws:autoscaling/group:Group": autoScalingGroup,
};
