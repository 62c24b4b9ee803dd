import type { Logging } from "../../components/logging";
import { Networking, WorkloadSecurityGroups } from "../../components/networking";
import type { Tags } from "../../components/shared";
import type { StackConfig } from "../config/resolve";

export interface NetworkLayer {
    network: Networking;
    groups: WorkloadSecurityGroups;
}

/** The VPC (subnets, NAT, endpoints, flow logs), then one security group per workload from what it calls. */
export function networkLayer(config: StackConfig, logging: Logging, tags: Tags): NetworkLayer {
    const env = config.environment;
    const services = config.services;
    const network = new Networking(`${env}-network`, {
        vpcCidr: config.network.vpcCidr,
        azCount: config.network.azCount,
        natGateways: config.network.natGateways,
        ipv6: config.network.ipv6,
        loadBalancerIngressCidrs: config.network.loadBalancerIngressCidrs,
        interfaceEndpoints: config.network.interfaceEndpoints,
        ssmEndpoint:
            config.network.interfaceEndpoints &&
            services.some(s => Object.values(s.secrets).some(x => x.store === "ssm")),
        efs: services.some(s => s.efs !== undefined),
        flowLogs: { logGroupArn: logging.flowLogGroup!.arn },
        tags,
    });
    const groups = new WorkloadSecurityGroups(`${env}-workloads`, {
        vpcId: network.vpcId,
        loadBalancerSecurityGroupId: network.loadBalancerSecurityGroupId,
        efsSecurityGroupId: network.efsSecurityGroupId,
        workloads: Object.fromEntries(
            services.map(s => [
                s.name,
                {
                    port: s.kind === "web" || s.kind === "backend" ? s.port : undefined,
                    fromLoadBalancer: s.kind === "web" && s.networkMode === "awsvpc",
                    calls: s.calls,
                    efs: s.efs !== undefined,
                    egress: s.egress,
                },
            ]),
        ),
        instances: config.cluster.ec2 && { dynamicHostPorts: services.some(s => s.networkMode === "bridge") },
        tags,
    });
    return { network, groups };
}
