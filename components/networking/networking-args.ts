import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";
import { defaultIngressCidrs, DUAL_STACK_DEFAULT } from "./dual-stack";

/** How many NAT gateways carry the private subnets' internet egress. */
export const NatGatewayStrategy = {
    /** One NAT gateway per AZ: no cross-AZ dependency (prod). */
    PerAz: "perAz",
    /** One NAT gateway in AZ 0: cheaper, but one AZ's failure cuts every AZ's egress (staging). */
    Single: "single",
} as const;
export type NatGatewayStrategy = (typeof NatGatewayStrategy)[keyof typeof NatGatewayStrategy];

/** Which traffic a flow log records. */
export const FlowLogTrafficType = {
    /** Accepted traffic only. */
    Accept: "ACCEPT",
    /** Rejected traffic only. */
    Reject: "REJECT",
    /** Both. */
    All: "ALL",
} as const;
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];

/** The VPC flow log; the log group itself belongs to the logging layer. */
export interface FlowLogsArgs {
    /** ARN of the CloudWatch Logs log group to deliver to, without the `:*` suffix (as `aws.cloudwatch.LogGroup.arn` gives it). Required. */
    logGroupArn: pulumi.Input<string>;
    /** Which traffic to record: `ACCEPT`, `REJECT` or `ALL`. Default: `ALL`. */
    trafficType?: FlowLogTrafficType;
}

export interface NetworkingArgs {
    /** The VPC's IPv4 CIDR block, canonical, /16 to /28 (e.g. `10.0.0.0/16`); subnets are planned by `planSubnets`. Required. */
    vpcCidr: string;
    /** How many of the region's available AZs to use, 2 (an ALB needs two) to 6. Default: 3. */
    azCount?: number;
    /** NAT gateway layout for the private subnets' internet egress: `perAz` or `single`. Default: `perAz`. */
    natGateways?: NatGatewayStrategy;
    /**
     * Dual-stack edge: an Amazon-provided IPv6 /56 on the VPC, a /64 on each public subnet with `::/0` to the
     * internet gateway, so a load balancer there can be `dualstack`. Private subnets stay IPv4. Default: true.
     */
    ipv6?: boolean;
    /**
     * IPv4 and (with `ipv6`) IPv6 CIDR blocks allowed to reach the load balancer on 80 and 443; the whole internet
     * is `["0.0.0.0/0"]` without `ipv6`. Default: `["0.0.0.0/0", "::/0"]`.
     */
    loadBalancerIngressCidrs?: string[];
    /** Create interface endpoints for ecr.api, ecr.dkr, logs and secretsmanager in the private subnets. Default: false. */
    interfaceEndpoints?: boolean;
    /** Add an ssm interface endpoint too (services read SSM parameters); requires `interfaceEndpoints`. Default: false. */
    ssmEndpoint?: boolean;
    /** Create a security group for EFS mount targets; `WorkloadSecurityGroups` admits each workload using EFS. Default: false. */
    efs?: boolean;
    /** The VPC flow log: every VPC records its traffic. Required. */
    flowLogs: FlowLogsArgs;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

const defaults = {
    azCount: 3,
    natGateways: NatGatewayStrategy.PerAz as NatGatewayStrategy,
    ipv6: DUAL_STACK_DEFAULT,
    interfaceEndpoints: false,
    ssmEndpoint: false,
    efs: false,
    flowLogTrafficType: FlowLogTrafficType.All as FlowLogTrafficType,
    tags: {} as Tags,
};

export type ResolvedArgs = Required<Omit<NetworkingArgs, "flowLogs">> & { flowLogs: Required<FlowLogsArgs> };

/** The one place Networking defaults are applied. */
export function resolveNetworkingArgs(args: NetworkingArgs): ResolvedArgs {
    return {
        vpcCidr: args.vpcCidr,
        azCount: args.azCount ?? defaults.azCount,
        natGateways: args.natGateways ?? defaults.natGateways,
        ipv6: args.ipv6 ?? defaults.ipv6,
        loadBalancerIngressCidrs: args.loadBalancerIngressCidrs ?? defaultIngressCidrs(args.ipv6 ?? defaults.ipv6),
        interfaceEndpoints: args.interfaceEndpoints ?? defaults.interfaceEndpoints,
        ssmEndpoint: args.ssmEndpoint ?? defaults.ssmEndpoint,
        efs: args.efs ?? defaults.efs,
        flowLogs: {
            logGroupArn: args.flowLogs.logGroupArn,
            trafficType: args.flowLogs.trafficType ?? defaults.flowLogTrafficType,
        },
        tags: args.tags ?? defaults.tags,
    };
}
