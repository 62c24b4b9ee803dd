import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, ComponentArgumentError, componentType, namedTags, Tags, withFormerTypes } from "../shared";
import { planSubnets, SubnetPlan, SubnetTier } from "./cidr-plan";
import { NetworkingArgs, resolveNetworkingArgs } from "./networking-args";
import { networkingProblems } from "./networking-rules";
import { createFlowLog } from "./flow-log";
import { ANYWHERE_IPV4, publicSubnetIpv6Cidr, routeIpv6ToInternet } from "./dual-stack";
import { createSecurityGroups } from "./network-security-groups";

/** Interface endpoints that keep image pulls, logs and secret reads off the NAT gateways. */
const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];

/**
 * The network of one environment: a VPC with a public and a private subnet per AZ, internet and NAT gateways,
 * security groups for the load balancer, the VPC endpoints and EFS, VPC endpoints and a flow log. Each workload's
 * own group, and the rules between the load balancer, workloads and EFS, are `WorkloadSecurityGroups`.
 *
 * Security groups (every rule a separate resource with a description; SGs do not filter the Amazon DNS resolver):
 * - load balancer: 80 and 443 from `loadBalancerIngressCidrs`; egress only to the workloads behind it (added there).
 * - endpoints (with `interfaceEndpoints`): 443 from the VPC CIDR; no egress.
 * - efs (with `efs`): NFS from each workload using it (added there); no egress.
 * - the VPC's default SG is adopted and stripped of every rule.
 *
 * Every private subnet has its own route table, in both NAT strategies, so switching strategy only changes routes.
 */
export class Networking extends pulumi.ComponentResource {
    /** The VPC id. */
    public readonly vpcId: pulumi.Output<string>;
    /** The VPC's IPv4 CIDR block. */
    public readonly vpcCidrBlock: pulumi.Output<string>;
    /** Whether the public subnets are dual-stack (`ipv6`): a load balancer in them may be `dualstack`. */
    public readonly ipv6: boolean;
    /** The VPC's Amazon-provided IPv6 /56; undefined without `ipv6`. */
    public readonly vpcIpv6CidrBlock: pulumi.Output<string> | undefined;
    /** Names of the AZs used, in AZ-index order. */
    public readonly availabilityZones: pulumi.Output<string[]>;
    /** The subnet CIDRs, by tier, in AZ order (as `planSubnets` returned them). */
    public readonly subnetPlan: SubnetPlan;
    /** Public subnet ids (load balancer, NAT gateways), in AZ order. */
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Private subnet ids (tasks, interface endpoints), in AZ order. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Public subnet ids keyed by AZ name. */
    public readonly publicSubnetIdsByAz: pulumi.Output<Record<string, string>>;
    /** Private subnet ids keyed by AZ name. */
    public readonly privateSubnetIdsByAz: pulumi.Output<Record<string, string>>;
    /** The public subnets' route table (default route to the internet gateway). */
    public readonly publicRouteTableId: pulumi.Output<string>;
    /** The private subnets' route tables, one per AZ, in AZ order (default route to a NAT gateway). */
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    /** NAT gateway ids: one per AZ (`perAz`) or one (`single`). */
    public readonly natGatewayIds: pulumi.Output<string[]>;
    /** The NAT gateways' public IPs, for third parties that allow-list the platform's egress. */
    public readonly natPublicIps: pulumi.Output<string[]>;
    /** Security group for the load balancer. */
    public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
    /** Security group of the interface endpoints; undefined without `interfaceEndpoints`. */
    public readonly endpointsSecurityGroupId: pulumi.Output<string> | undefined;
    /** Security group for EFS mount targets; undefined without `efs`. */
    public readonly efsSecurityGroupId: pulumi.Output<string> | undefined;

    constructor(name: string, args: NetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
        // Bad arguments fail before anything is registered.
        const resolved = resolveNetworkingArgs(args);
        networkingProblems(resolved).throwIfAny("Networking", name);
        const azCount = resolved.azCount;
        const subnetPlan = planSubnets(resolved.vpcCidr, azCount);
        super(componentType("Networking"), name, {}, withFormerTypes(opts, "ecs-platform:networking:Networking"));
        const { tags } = resolved;
        this.subnetPlan = subnetPlan;

        // Local Zones are excluded: the plan is for regular AZs only.
        this.availabilityZones = aws
            .getAvailabilityZonesOutput(
                { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
                { parent: this },
            )
            .names.apply(names => {
                if (names.length < azCount) {
                    throw new ComponentArgumentError("Networking", name, [
                        {
                            argument: "azCount",
                            message: `${azCount} AZs requested but the region has only ${names.length} available`,
                        },
                    ]);
                }
                return names.slice(0, azCount);
            });
        const region = aws.getRegionOutput({}, { parent: this }).region;

        const vpc = new aws.ec2.Vpc(
            name,
            {
                cidrBlock: resolved.vpcCidr,
                // Set only when on: a stack without IPv6 keeps its inputs unchanged. Adding it later is an update.
                ...(resolved.ipv6 ? { assignGeneratedIpv6CidrBlock: true } : {}),
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: namedTags(name, tags),
            },
            { parent: this },
        );
        // Adopting the default SG without rules removes the allow-all rules AWS puts on it.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default`,
            { vpcId: vpc.id, tags: namedTags(`${name}-default`, tags) },
            { parent: this },
        );

        const subnetsOf = (tier: SubnetTier) =>
            this.subnetPlan[tier].map(({ azIndex, cidr }) => {
                const subnetName = `${name}-${tier}-${azIndex}`;
                return new aws.ec2.Subnet(
                    subnetName,
                    {
                        vpcId: vpc.id,
                        cidrBlock: cidr,
                        // An update, not a replacement, since the subnet never assigns IPv6 on creation.
                        ...(resolved.ipv6 && tier === "public"
                            ? { ipv6CidrBlock: publicSubnetIpv6Cidr(vpc, azIndex) }
                            : {}),
                        availabilityZone: this.availabilityZones.apply(names => names[azIndex]),
                        // Only the load balancer and the NAT gateways live in public subnets; neither needs auto-assigned IPs.
                        mapPublicIpOnLaunch: false,
                        tags: namedTags(subnetName, tags, { tier }),
                    },
                    { parent: this },
                );
            });
        const publicSubnets = subnetsOf("public");
        const privateSubnets = subnetsOf("private");

        const internetGateway = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: vpc.id, tags: namedTags(`${name}-igw`, tags) },
            { parent: this },
        );
        const publicRouteTable = this.routeTable(`${name}-public`, vpc, tags);
        new aws.ec2.Route(
            `${name}-public-internet`,
            { routeTableId: publicRouteTable.id, destinationCidrBlock: ANYWHERE_IPV4, gatewayId: internetGateway.id },
            { parent: this },
        );
        const ipv6Route = resolved.ipv6
            ? routeIpv6ToInternet(this, name, publicRouteTable, internetGateway)
            : undefined;
        publicSubnets.forEach((subnet, azIndex) =>
            this.associate(`${name}-public-${azIndex}`, subnet, publicRouteTable),
        );

        const natSubnets = resolved.natGateways === "perAz" ? publicSubnets : publicSubnets.slice(0, 1);
        const natGateways = natSubnets.map((subnet, azIndex) => {
            const natName = `${name}-nat-${azIndex}`;
            const eip = new aws.ec2.Eip(
                natName,
                { domain: "vpc", tags: namedTags(natName, tags) },
                { parent: this, dependsOn: [internetGateway] },
            );
            return new aws.ec2.NatGateway(
                natName,
                {
                    allocationId: eip.allocationId,
                    subnetId: subnet.id,
                    connectivityType: "public",
                    tags: namedTags(natName, tags),
                },
                { parent: this, dependsOn: [internetGateway] },
            );
        });

        // What a task in a private subnet needs before it can pull its image and write logs.
        const privateEgress: pulumi.CustomResource[] = [];
        const privateRouteTables = privateSubnets.map((subnet, azIndex) => {
            const tableName = `${name}-private-${azIndex}`;
            const table = this.routeTable(tableName, vpc, tags);
            const nat = resolved.natGateways === "perAz" ? natGateways[azIndex] : natGateways[0];
            const route = new aws.ec2.Route(
                `${tableName}-nat`,
                { routeTableId: table.id, destinationCidrBlock: ANYWHERE_IPV4, natGatewayId: nat.id },
                { parent: this },
            );
            privateEgress.push(route, this.associate(tableName, subnet, table));
            return table;
        });

        const securityGroups = createSecurityGroups(this, name, vpc, resolved);

        const s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-endpoint-s3`,
            {
                vpcId: vpc.id,
                vpcEndpointType: "Gateway",
                serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
                routeTableIds: privateRouteTables.map(table => table.id),
                tags: namedTags(`${name}-endpoint-s3`, tags),
            },
            { parent: this },
        );
        privateEgress.push(s3Endpoint);
        if (securityGroups.endpoints) {
            const endpointsSecurityGroupId = securityGroups.endpoints.id;
            const services = resolved.ssmEndpoint
                ? [...INTERFACE_ENDPOINT_SERVICES, "ssm"]
                : INTERFACE_ENDPOINT_SERVICES;
            for (const service of services) {
                const endpointName = `${name}-endpoint-${service.replace(".", "-")}`;
                const endpoint = new aws.ec2.VpcEndpoint(
                    endpointName,
                    {
                        vpcId: vpc.id,
                        vpcEndpointType: "Interface",
                        serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                        subnetIds: privateSubnets.map(subnet => subnet.id),
                        securityGroupIds: [endpointsSecurityGroupId],
                        privateDnsEnabled: true,
                        tags: namedTags(endpointName, tags),
                    },
                    { parent: this },
                );
                privateEgress.push(endpoint);
            }
        }

        createFlowLog(this, `${name}-flow-logs`, vpc, resolved.flowLogs, region, tags);

        this.vpcId = vpc.id;
        this.vpcCidrBlock = vpc.cidrBlock;
        // With IPv6, resolves once `::/0` reaches the internet gateway: a dual-stack load balancer is reachable at once.
        this.publicSubnetIds = after(
            pulumi.all(publicSubnets.map(subnet => subnet.id)),
            ...(ipv6Route ? [ipv6Route.id] : []),
        );
        this.ipv6 = resolved.ipv6;
        this.vpcIpv6CidrBlock = resolved.ipv6 ? vpc.ipv6CidrBlock : undefined;
        // Resolves once the private subnets have their routes, NAT and endpoints: a service, task or mount target
        // created from it cannot start before its tasks can reach ECR and CloudWatch Logs.
        this.privateSubnetIds = after(
            pulumi.all(privateSubnets.map(subnet => subnet.id)),
            ...privateEgress.map(resource => resource.id),
        );
        this.publicSubnetIdsByAz = byAz(this.availabilityZones, this.publicSubnetIds);
        this.privateSubnetIdsByAz = byAz(this.availabilityZones, this.privateSubnetIds);
        this.publicRouteTableId = publicRouteTable.id;
        this.privateRouteTableIds = pulumi.all(privateRouteTables.map(table => table.id));
        this.natGatewayIds = pulumi.all(natGateways.map(nat => nat.id));
        this.natPublicIps = pulumi.all(natGateways.map(nat => nat.publicIp));
        this.loadBalancerSecurityGroupId = securityGroups.loadBalancer.id;
        this.endpointsSecurityGroupId = securityGroups.endpoints?.id;
        this.efsSecurityGroupId = securityGroups.efs?.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidrBlock: this.vpcCidrBlock,
            ipv6: this.ipv6,
            vpcIpv6CidrBlock: this.vpcIpv6CidrBlock,
            availabilityZones: this.availabilityZones,
            subnetPlan: this.subnetPlan,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIdsByAz: this.publicSubnetIdsByAz,
            privateSubnetIdsByAz: this.privateSubnetIdsByAz,
            publicRouteTableId: this.publicRouteTableId,
            privateRouteTableIds: this.privateRouteTableIds,
            natGatewayIds: this.natGatewayIds,
            natPublicIps: this.natPublicIps,
            loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
            endpointsSecurityGroupId: this.endpointsSecurityGroupId,
            efsSecurityGroupId: this.efsSecurityGroupId,
        });
    }

    private routeTable(tableName: string, vpc: aws.ec2.Vpc, tags: Tags): aws.ec2.RouteTable {
        return new aws.ec2.RouteTable(tableName, { vpcId: vpc.id, tags: namedTags(tableName, tags) }, { parent: this });
    }

    private associate(
        associationName: string,
        subnet: aws.ec2.Subnet,
        table: aws.ec2.RouteTable,
    ): aws.ec2.RouteTableAssociation {
        return new aws.ec2.RouteTableAssociation(
            associationName,
            { subnetId: subnet.id, routeTableId: table.id },
            { parent: this },
        );
    }
}

function byAz(azNames: pulumi.Output<string[]>, ids: pulumi.Output<string[]>): pulumi.Output<Record<string, string>> {
    return pulumi
        .all([azNames, ids])
        .apply(([names, values]) => Object.fromEntries(names.map((az, i) => [az, values[i]])));
}
