import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, namedTags, Tags, withFormerTypes } from "../shared";

/** One egress rule beyond HTTPS: a TCP port to a CIDR. */
export interface WorkloadEgressArgs {
    /** Destination TCP port. Required. */
    port: number;
    /** Destination IPv4 CIDR. Required. */
    cidr: string;
    /** Why the rule exists (EC2's description characters). Required. */
    description: string;
}

/** What one workload's group admits and may reach. */
export interface WorkloadNetworkArgs {
    /** Port the workload listens on; ingress is only ever on it. Default: none (a worker or job admits nothing). */
    port?: number;
    /** Admit the load balancer on `port` (a web service). Default: false. */
    fromLoadBalancer?: boolean;
    /** Workloads (keys of `workloads`) this one calls on their ports, e.g. over Service Connect. Default: none. */
    calls?: string[];
    /** Reach the EFS mount targets (NFS). Default: false. */
    efs?: boolean;
    /** Egress beyond HTTPS and its callees: one TCP port to one CIDR each (e.g. a database). Default: none. */
    egress?: WorkloadEgressArgs[];
}

/** The EC2 container instances' group. */
export interface InstancesSecurityGroupArgs {
    /** Admit Docker's dynamic host ports from the load balancer (bridge-mode services). Required. */
    dynamicHostPorts: boolean;
}

export interface WorkloadSecurityGroupsArgs {
    /** The VPC. Required. */
    vpcId: pulumi.Input<string>;
    /** The load balancer's group (`Networking.loadBalancerSecurityGroupId`); it gets egress to each web workload. Required. */
    loadBalancerSecurityGroupId: pulumi.Input<string>;
    /** The EFS mount targets' group; required when a workload sets `efs`. Default: none. */
    efsSecurityGroupId?: pulumi.Input<string>;
    /** Workloads by name (lowercase letters, digits, `-`). Required. */
    workloads: Record<string, WorkloadNetworkArgs>;
    /**
     * A group for EC2 container instances (bridge-mode tasks share the instance's network): HTTPS out and, with
     * `dynamicHostPorts`, Docker's dynamic host ports from the load balancer. Default: none.
     */
    instances?: InstancesSecurityGroupArgs;
    /** Tags on every group and rule. Default: none. */
    tags?: Tags;
}

/** Docker's ephemeral host port range on ECS container instances (bridge-mode port mappings with hostPort 0). */
const DYNAMIC_HOST_PORTS = { fromPort: 32768, toPort: 65535 };
const HTTPS_PORT = 443;
const NFS_PORT = 2049;
const ANYWHERE = "0.0.0.0/0";
const WORKLOAD = /^[a-z][a-z0-9-]*$/;

/**
 * One security group per workload, east-west least privilege: a workload admits traffic only on its own port and
 * only from the load balancer (web) or from the workloads that declare they call it; it may send HTTPS anywhere
 * (ECR, AWS APIs, Cloud Map, through the endpoints or NAT), its port to each workload it calls, NFS to EFS when it
 * uses it, and the extra `egress` it declares — nothing else. No group is shared, so one workload's rules never
 * open another's.
 */
export class WorkloadSecurityGroups extends pulumi.ComponentResource {
    /** Group id per workload. */
    public readonly securityGroupIds: Record<string, pulumi.Output<string>>;
    /** The EC2 instances' group, when `instances` is set. */
    public readonly instancesSecurityGroupId?: pulumi.Output<string>;

    constructor(name: string, args: WorkloadSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        workloadSecurityGroupProblems(args).throwIfAny("WorkloadSecurityGroups", name);
        super(
            componentType("WorkloadSecurityGroups"),
            name,
            {},
            withFormerTypes(opts, "ecs-platform:networking:WorkloadSecurityGroups"),
        );
        const tags = args.tags ?? {};
        const rule = <T extends aws.vpc.SecurityGroupIngressRuleArgs | aws.vpc.SecurityGroupEgressRuleArgs>(
            direction: "in" | "out",
            ruleName: string,
            ruleArgs: T & { description: string },
        ) => {
            const resourceArgs = { ...ruleArgs, tags: namedTags(`${name}-${ruleName}`, tags) };
            return direction === "in"
                ? new aws.vpc.SecurityGroupIngressRule(`${name}-${ruleName}`, resourceArgs, { parent: this })
                : new aws.vpc.SecurityGroupEgressRule(`${name}-${ruleName}`, resourceArgs, { parent: this });
        };
        const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });

        const groups = Object.fromEntries(
            Object.keys(args.workloads).map(workload => [
                workload,
                new aws.ec2.SecurityGroup(
                    `${name}-${workload}`,
                    {
                        vpcId: args.vpcId,
                        description: `Workload ${workload}: its port from its callers only; HTTPS and its callees out`,
                        tags: namedTags(`${name}-${workload}`, tags),
                    },
                    { parent: this },
                ),
            ]),
        );

        for (const [workload, network] of Object.entries(args.workloads)) {
            const group = groups[workload].id;
            if (network.fromLoadBalancer && network.port !== undefined) {
                rule("in", `${workload}-in-lb`, {
                    securityGroupId: group,
                    ...tcp(network.port),
                    referencedSecurityGroupId: args.loadBalancerSecurityGroupId,
                    description: `Port ${network.port} of ${workload} from the load balancer`,
                });
                rule("out", `lb-out-${workload}`, {
                    securityGroupId: args.loadBalancerSecurityGroupId,
                    ...tcp(network.port),
                    referencedSecurityGroupId: group,
                    description: `Load balancer to ${workload} on port ${network.port}`,
                });
            }
            for (const callee of network.calls ?? []) {
                const port = args.workloads[callee].port!;
                rule("in", `${callee}-in-${workload}`, {
                    securityGroupId: groups[callee].id,
                    ...tcp(port),
                    referencedSecurityGroupId: group,
                    description: `Port ${port} of ${callee} from its caller ${workload}`,
                });
                rule("out", `${workload}-out-${callee}`, {
                    securityGroupId: group,
                    ...tcp(port),
                    referencedSecurityGroupId: groups[callee].id,
                    description: `${workload} to ${callee} on port ${port} (Service Connect)`,
                });
            }
            rule("out", `${workload}-out-https`, {
                securityGroupId: group,
                ...tcp(HTTPS_PORT),
                cidrIpv4: ANYWHERE,
                description: "HTTPS to ECR, S3 and AWS APIs, through the VPC endpoints or the NAT gateways",
            });
            if (network.efs) {
                rule("out", `${workload}-out-nfs`, {
                    securityGroupId: group,
                    ...tcp(NFS_PORT),
                    referencedSecurityGroupId: args.efsSecurityGroupId!,
                    description: `NFS from ${workload} to the EFS mount targets`,
                });
                rule("in", `efs-in-${workload}`, {
                    securityGroupId: args.efsSecurityGroupId!,
                    ...tcp(NFS_PORT),
                    referencedSecurityGroupId: group,
                    description: `NFS to the EFS mount targets from ${workload}`,
                });
            }
            for (const extra of network.egress ?? []) {
                rule("out", `${workload}-out-${extra.port}-${extra.cidr.replace(/[./]/g, "-")}`, {
                    securityGroupId: group,
                    ...tcp(extra.port),
                    cidrIpv4: extra.cidr,
                    description: extra.description,
                });
            }
        }

        let instances: aws.ec2.SecurityGroup | undefined;
        if (args.instances) {
            instances = new aws.ec2.SecurityGroup(
                `${name}-instances`,
                {
                    vpcId: args.vpcId,
                    description: "ECS container instances: dynamic host ports from the load balancer; HTTPS out",
                    tags: namedTags(`${name}-instances`, tags),
                },
                { parent: this },
            );
            rule("out", "instances-out-https", {
                securityGroupId: instances.id,
                ...tcp(HTTPS_PORT),
                cidrIpv4: ANYWHERE,
                description: "HTTPS to ECS, ECR and AWS APIs, through the VPC endpoints or the NAT gateways",
            });
            if (args.instances.dynamicHostPorts) {
                const dynamic = { ipProtocol: "tcp", ...DYNAMIC_HOST_PORTS };
                rule("in", "instances-in-dynamic", {
                    securityGroupId: instances.id,
                    ...dynamic,
                    referencedSecurityGroupId: args.loadBalancerSecurityGroupId,
                    description: "Docker dynamic host ports (bridge mode) from the load balancer",
                });
                rule("out", "lb-out-dynamic", {
                    securityGroupId: args.loadBalancerSecurityGroupId,
                    ...dynamic,
                    referencedSecurityGroupId: instances.id,
                    description: "Load balancer to bridge-mode containers on the Docker dynamic host ports",
                });
            }
        }

        this.securityGroupIds = Object.fromEntries(Object.entries(groups).map(([w, g]) => [w, g.id]));
        this.instancesSecurityGroupId = instances?.id;
        this.registerOutputs({
            securityGroupIds: this.securityGroupIds,
            instancesSecurityGroupId: this.instancesSecurityGroupId,
        });
    }
}

/** The component's rules, pure: names, ports, and calls only to workloads that listen. */
export function workloadSecurityGroupProblems(args: WorkloadSecurityGroupsArgs): ArgumentProblems {
    const problems = new ArgumentProblems();
    const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;
    for (const [workload, network] of Object.entries(args.workloads)) {
        const at = (field: string) => `workloads.${workload}.${field}`;
        if (!WORKLOAD.test(workload)) {
            problems.add(`workloads.${workload}`, "names must be lowercase letters, digits and '-'.");
        }
        if (network.port !== undefined && !isPort(network.port)) {
            problems.add(at("port"), `must be 1–65535, got ${network.port}.`);
        }
        if (network.fromLoadBalancer && network.port === undefined) {
            problems.add(at("fromLoadBalancer"), "the load balancer needs the workload's port.");
        }
        (network.calls ?? []).forEach((callee, i) => {
            const target = args.workloads[callee];
            if (!target || callee === workload) {
                problems.add(at(`calls[${i}]`), `"${callee}" is not another workload of this component.`);
            } else if (target.port === undefined) {
                problems.add(at(`calls[${i}]`), `"${callee}" listens on no port.`);
            }
        });
        if (network.efs && args.efsSecurityGroupId === undefined) {
            problems.add(at("efs"), "needs efsSecurityGroupId.");
        }
        (network.egress ?? []).forEach((extra, i) => {
            if (!isPort(extra.port)) problems.add(at(`egress[${i}].port`), `must be 1–65535, got ${extra.port}.`);
        });
    }
    return problems;
}
