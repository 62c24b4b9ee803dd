import type * as pulumi from "@pulumi/pulumi";
import type { CapacityProviderShare } from "../../components/ecs";
import type { ServiceConfig, StackConfig } from "./resolve";

/**
 * Where a service's tasks run: its capacity choice mapped onto the cluster's providers. The program passes the EC2
 * capacity provider's name; the config boundary, which runs before any resource exists, a placeholder.
 */
export function placement(
    config: StackConfig,
    service: ServiceConfig,
    ec2CapacityProviderName: pulumi.Input<string>,
): {
    launchType: "FARGATE" | "EC2";
    networkMode: "awsvpc" | "bridge";
    capacityProviderStrategy?: CapacityProviderShare[];
} {
    switch (service.capacity) {
        case "fargate":
            return {
                launchType: "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
            };
        case "fargate-spot":
            return {
                launchType: "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
            };
        case "ec2":
            return {
                launchType: "EC2",
                networkMode: service.networkMode,
                capacityProviderStrategy: [{ capacityProvider: ec2CapacityProviderName, weight: 1 }],
            };
        case "cluster-default":
            return {
                launchType: config.cluster.capacityStrategy.every(s => s.provider === "EC2") ? "EC2" : "FARGATE",
                networkMode: "awsvpc",
                capacityProviderStrategy: config.cluster.capacityStrategy.map(s => ({
                    capacityProvider: s.provider === "EC2" ? ec2CapacityProviderName : s.provider,
                    base: s.base,
                    weight: s.weight,
                })),
            };
    }
}
