/** Pricing rules of the network edge: NAT gateways, public IPv4 addresses, load balancers, endpoints, DNS. */
import { listLength, PricingRule } from "./model";

const natGateway: PricingRule = (r, c) => [c.hourly(r, "NAT gateway-hours (no data processed)", "natGatewayHour")];

/** An allocated Elastic IP is billed whether attached (NAT) or idle. */
const elasticIp: PricingRule = (r, c) => [c.hourly(r, "Public IPv4 address-hours (Elastic IP)", "publicIpv4Hour")];

/** An ALB: its hours, one LCU all month, and (internet-facing) one public IPv4 address per subnet/AZ. */
const loadBalancer: PricingRule = (r, c) => {
    const kind = r.inputs.loadBalancerType ?? "application";
    if (kind !== "application") {
        return [c.unpriced(r, `${kind} load balancer`, `no price data for ${kind} load balancers`)];
    }
    const lines = [
        c.hourly(r, "Application Load Balancer-hours", "albHour"),
        c.line(r, "ALB LCU-hours (1 LCU)", c.hours, "LCU-hours", c.price("albLcuHour").value),
    ];
    if (r.inputs.internal !== true) {
        const subnets = Math.max(listLength(r, "subnets"), listLength(r, "subnetMappings"));
        lines.push(
            c.line(
                r,
                `Public IPv4 address-hours (${subnets} AZ${subnets === 1 ? "" : "s"})`,
                subnets * c.hours,
                "hours",
                c.price("publicIpv4Hour").value,
            ),
        );
    }
    return lines;
};

/** Interface endpoints are billed per AZ (subnet); gateway endpoints (S3, DynamoDB) are free. */
const vpcEndpoint: PricingRule = (r, c) => {
    const kind = r.inputs.vpcEndpointType ?? "Gateway";
    if (kind === "Gateway") {
        return [];
    }
    const service = String(r.inputs.serviceName ?? "").replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
    if (kind !== "Interface") {
        return [c.unpriced(r, `${kind} endpoint ${service}`, `no price data for ${kind} endpoints`)];
    }
    const azs = listLength(r, "subnetIds");
    return [
        c.line(
            r,
            `Interface endpoint ${service} (${azs} AZ${azs === 1 ? "" : "s"})`,
            azs * c.hours,
            "AZ-hours",
            c.price("interfaceEndpointAzHour").value,
        ),
    ];
};

/** A hosted zone the stack owns: its monthly fee, and its queries per use. Cloud Map DNS namespaces create one. */
const hostedZone: PricingRule = (r, c) => [
    c.monthlyItem(r, "Route 53 hosted zone", "route53HostedZoneMonth", "zone-months"),
    c.perUse(r, "Route 53 DNS queries (per use)", "route53QueriesMillion", "million queries"),
];

/** A record in a zone: standard queries are paid per use; alias queries to AWS resources are free. */
const dnsRecord: PricingRule = (r, c) =>
    Array.isArray(r.inputs.aliases) && r.inputs.aliases.length > 0
        ? []
        : [
              c.perUse(
                  r,
                  `Route 53 queries of ${r.inputs.type ?? "a"} record (per use)`,
                  "route53QueriesMillion",
                  "million queries",
              ),
          ];

export const networkRules: Record<string, PricingRule> = {
    "aws:ec2/natGateway:NatGateway": natGateway,
    "aws:ec2/eip:Eip": elasticIp,
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
    "aws:route53/zone:Zone": hostedZone,
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": hostedZone,
    "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace": hostedZone,
    "aws:route53/record:Record": dnsRecord,
};
