import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags } from "../shared";
import { loadBalancerIngressRules } from "./dual-stack";
import type { ResolvedArgs } from "./networking-args";

/** The listeners the load balancer serves: HTTP (redirected to HTTPS by the load balancer layer) and HTTPS. */
const LOAD_BALANCER_PORTS = [
    { label: "http", port: 80 },
    { label: "https", port: 443 },
];

const HTTPS_PORT = 443;

/**
 * The network's own security groups: the load balancer's (its listener ports from the allowed CIDRs, each family),
 * the interface endpoints' (443 from the VPC) and the EFS mount targets' (rules added by `WorkloadSecurityGroups`).
 */
export function createSecurityGroups(parent: pulumi.Resource, name: string, vpc: aws.ec2.Vpc, args: ResolvedArgs) {
    const { tags } = args;
    const group = (role: string, description: string) =>
        new aws.ec2.SecurityGroup(
            `${name}-${role}`,
            { vpcId: vpc.id, description, tags: namedTags(`${name}-${role}`, tags) },
            { parent },
        );
    const ingress = (ruleName: string, rule: aws.vpc.SecurityGroupIngressRuleArgs & { description: string }) =>
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-${ruleName}`,
            { ...rule, tags: namedTags(`${name}-${ruleName}`, tags) },
            { parent },
        );
    const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });

    const loadBalancer = group(
        "lb",
        "Load balancer: HTTP/HTTPS from the allowed CIDRs, out to the services on their container ports",
    );
    loadBalancerIngressRules(parent, name, loadBalancer.id, args.loadBalancerIngressCidrs, LOAD_BALANCER_PORTS, tags);

    let endpoints: aws.ec2.SecurityGroup | undefined;
    if (args.interfaceEndpoints) {
        endpoints = group("endpoints", "VPC interface endpoints: HTTPS from inside the VPC");
        ingress("endpoints-in-https", {
            securityGroupId: endpoints.id,
            ...tcp(HTTPS_PORT),
            cidrIpv4: args.vpcCidr,
            description: "HTTPS to the VPC endpoints from the VPC",
        });
    }
    const efs = args.efs ? group("efs", "EFS mount targets: NFS from the ECS services only") : undefined;
    return { loadBalancer, endpoints, efs };
}
