import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/resolve";
import type { DeployedWorkload, Platform } from "./workloads";

/** The stack outputs: where the environment answers, its network and cluster, and what `npm run task` needs. */
export function stackOutputs(platform: Platform, deployed: DeployedWorkload[]) {
    const { config, lb, network, cluster, groups, registry, monitoring } = platform;
    return {
        environment: config.environment,
        url: pulumi.interpolate`${lb.httpsEnabled ? "https" : "http"}://${lb.hostname}`,
        loadBalancerDnsName: lb.dnsName,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        clusterName: cluster.clusterName,
        clusterArn: cluster.clusterArn,
        services: Object.fromEntries(
            deployed
                .filter(d => d.serviceName)
                .map(d => [d.name, { serviceName: d.serviceName, taskDefinitionArn: d.taskDefinitionArn }]),
        ),
        // What `npm run task` needs to start a job or one-off task with the stack's network settings.
        tasks: Object.fromEntries(
            deployed
                .filter(d => d.family)
                .map(d => [
                    d.name,
                    {
                        family: d.family,
                        container: d.name,
                        securityGroupIds: [groups.securityGroupIds[d.name]],
                        capacityProvider: taskCapacityProvider(config, d.name),
                    },
                ]),
        ),
        repositoryUrls: registry
            ? Object.fromEntries(Object.entries(registry.repositories).map(([name, r]) => [name, r.url]))
            : {},
        alarmTopicArn: monitoring.topicArn,
        dashboardName: monitoring.dashboardName,
    };
}

function taskCapacityProvider(config: StackConfig, name: string): "FARGATE" | "FARGATE_SPOT" {
    return config.services.find(s => s.name === name)!.capacity === "fargate-spot" ? "FARGATE_SPOT" : "FARGATE";
}
