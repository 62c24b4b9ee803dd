/**
 * The IPv6 half of a dual-stack edge: the public subnets' /64s, their `::/0` route to the internet gateway and the
 * load balancer's ingress per address family. Private subnets and tasks stay IPv4 (docs/DESIGN.md, "CIDR plan").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags, Tags } from "../shared";
import { ipv6SubnetCidr, isIpv6Cidr } from "./cidr-plan";

/** Whether the edge is dual-stack when nobody says: yes (the component's `ipv6`, the stack's `network.ipv6`). */
export const DUAL_STACK_DEFAULT = true;

/** The whole IPv4 internet. */
export const ANYWHERE_IPV4 = "0.0.0.0/0";
/** The whole IPv6 internet. */
export const ANYWHERE_IPV6 = "::/0";

/** The load balancer's ingress allowlist when none is given: the whole internet, in each family the edge serves. */
export function defaultIngressCidrs(ipv6: boolean): string[] {
    return ipv6 ? [ANYWHERE_IPV4, ANYWHERE_IPV6] : [ANYWHERE_IPV4];
}

/** Public subnet `azIndex`'s /64, once AWS has given the VPC its /56 (`assignGeneratedIpv6CidrBlock`). */
export function publicSubnetIpv6Cidr(vpc: aws.ec2.Vpc, azIndex: number): pulumi.Output<string> {
    return vpc.ipv6CidrBlock.apply(block => ipv6SubnetCidr(block, "public", azIndex));
}

/** `::/0` from the public route table to the internet gateway: the load balancer answers IPv6 clients. */
export function routeIpv6ToInternet(
    parent: pulumi.Resource,
    name: string,
    routeTable: aws.ec2.RouteTable,
    internetGateway: aws.ec2.InternetGateway,
): aws.ec2.Route {
    return new aws.ec2.Route(
        `${name}-public-internet-ipv6`,
        {
            routeTableId: routeTable.id,
            destinationIpv6CidrBlock: ANYWHERE_IPV6,
            gatewayId: internetGateway.id,
        },
        { parent },
    );
}

/**
 * A resource-name fragment for a CIDR: `0.0.0.0/0` → `0.0.0.0-0` (as before IPv6, so IPv4 rules keep their URNs),
 * `::/0` → `v6-0`, `2001:db8::/32` → `v6-2001-db8-32` (a `::` would end a URN part).
 */
export function cidrSlug(cidr: string): string {
    if (!isIpv6Cidr(cidr)) {
        return cidr.replace("/", "-");
    }
    const parts = cidr.split(/[:/]+/).filter(part => part !== "");
    return ["v6", ...parts].join("-");
}

/** One listener port of the load balancer. */
export interface ListenerPort {
    label: string;
    port: number;
}

/**
 * The load balancer group's ingress: each listener port from each allowed CIDR, IPv4 as `cidrIpv4` and IPv6 as
 * `cidrIpv6`, one rule each (a `vpc.SecurityGroupIngressRule` takes one peer).
 */
export function loadBalancerIngressRules(
    parent: pulumi.Resource,
    name: string,
    securityGroupId: pulumi.Input<string>,
    cidrs: string[],
    ports: readonly ListenerPort[],
    tags: Tags,
): aws.vpc.SecurityGroupIngressRule[] {
    return cidrs.flatMap(cidr =>
        ports.map(({ label, port }) => {
            const ruleName = `${name}-lb-in-${label}-${cidrSlug(cidr)}`;
            return new aws.vpc.SecurityGroupIngressRule(
                ruleName,
                {
                    securityGroupId,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    ...(isIpv6Cidr(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                    description: `${label.toUpperCase()} to the load balancer from ${cidr}`,
                    tags: namedTags(ruleName, tags),
                },
                { parent },
            );
        }),
    );
}
