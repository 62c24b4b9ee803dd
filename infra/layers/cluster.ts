import { Cluster } from "../../components/ecs";
import type { Tags } from "../../components/shared";
import type { StackConfig } from "../config/resolve";
import { type Foundation, usesExec } from "./foundation";
import type { NetworkLayer } from "./network";

/** The ECS cluster: its default capacity, Exec settings, optional EC2 instances and the Service Connect namespace. */
export function clusterLayer(
    config: StackConfig,
    { key, logging }: Foundation,
    { network, groups }: NetworkLayer,
    tags: Tags,
): Cluster {
    const env = config.environment;
    return new Cluster(`${env}-cluster`, {
        containerInsights: config.cluster.containerInsights,
        capacityStrategy: config.cluster.capacityStrategy,
        exec: usesExec(config) ? { kmsKeyArn: key.keyArn, logGroupName: logging.execLogGroup!.name } : undefined,
        fargateEphemeralStorageKmsKeyArn: key.keyArn,
        ec2: config.cluster.ec2 && {
            ...config.cluster.ec2,
            subnetIds: network.privateSubnetIds,
            securityGroupIds: [groups.instancesSecurityGroupId!],
        },
        serviceConnectNamespace: `${env}.internal`,
        tags,
    });
}
