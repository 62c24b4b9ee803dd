/**
 * One view of a security group rule, whichever of the four ways it was declared: inline `ingress`/`egress` on
 * `aws.ec2.SecurityGroup` (and `DefaultSecurityGroup`), `aws.ec2.SecurityGroupRule`, or
 * `aws.vpc.SecurityGroupIngressRule`/`EgressRule` (one CIDR or source per rule).
 */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, referenceIds, types, type ReferenceIds } from "../lib";

/** Input props of `aws.ec2.SecurityGroup`. */
export type SecurityGroupProps = Unwrap<aws.ec2.SecurityGroupArgs>;
/** Input props of `aws.ec2.SecurityGroupRule`. */
export type SecurityGroupRuleProps = Unwrap<aws.ec2.SecurityGroupRuleArgs>;
/** Input props of `aws.vpc.SecurityGroupIngressRule` (the egress rule has the same shape). */
export type VpcSecurityGroupRuleProps = Unwrap<aws.vpc.SecurityGroupIngressRuleArgs>;

/** Type token of `aws.vpc.SecurityGroupEgressRule`. */
export const securityGroupEgressRuleType = awsType("vpc", "securityGroupEgressRule");
/** Type token of `aws.ec2.DefaultSecurityGroup`. */
export const defaultSecurityGroupType = awsType("ec2", "defaultSecurityGroup");

/** Types that hold rules of one security group, each in its own resource. */
export const ruleResourceTypes: readonly string[] = [
    types.securityGroupRule,
    types.securityGroupIngressRule,
    securityGroupEgressRuleType,
];

/** Types that declare security groups (with inline rules). */
export const securityGroupTypes: readonly string[] = [types.securityGroup, defaultSecurityGroupType];

/** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or the protocol number for anything else. */
export type Protocol = string;

/** A rule, normalized. */
export interface SecurityGroupRuleView {
    /** Traffic direction. */
    direction: "ingress" | "egress";
    /** Normalized protocol (`-1`/`all` → `all`, `6` → `tcp`, …). */
    protocol: Protocol;
    /** First port; undefined when the rule has none (protocol `all`, ICMP). */
    fromPort?: number;
    /** Last port. */
    toPort?: number;
    /** IPv4 and IPv6 CIDR blocks (the peer). */
    cidrs: string[];
    /**
     * Security group ids the rule allows (the peer): the known ones, and whether some are unknown (groups created
     * in the same preview). Read leniently so that checks of the other fields still run during preview.
     */
    groups: ReferenceIds;
    /** Whether the group itself is the peer. */
    self: boolean;
    /** Prefix list ids (the peer). */
    prefixLists: string[];
    /** Description, if any. */
    description?: string;
    /** Where the rule is, for messages: `ingress[0]` for inline rules, the rule's own description otherwise. */
    label: string;
}

const protocolNames: Readonly<Record<string, Protocol>> = {
    "-1": "all",
    all: "all",
    "6": "tcp",
    "17": "udp",
    "1": "icmp",
    "58": "icmpv6",
};

/** Normalizes a protocol name or number. */
export function normalizeProtocol(protocol: string | number | undefined): Protocol {
    const key = String(protocol ?? "-1")
        .trim()
        .toLowerCase();
    return protocolNames[key] ?? key;
}

type InlineRule = NonNullable<SecurityGroupProps["ingress"]>[number];

/** The inline rules of a `SecurityGroup` or `DefaultSecurityGroup`. */
export function inlineRules(group: Pick<SecurityGroupProps, "ingress" | "egress">): SecurityGroupRuleView[] {
    const view =
        (direction: "ingress" | "egress") =>
        (rule: InlineRule, index: number): SecurityGroupRuleView => ({
            direction,
            protocol: normalizeProtocol(rule.protocol),
            ...ports(rule.protocol, rule.fromPort, rule.toPort),
            cidrs: [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])],
            groups: referenceIds(() => rule.securityGroups ?? []),
            self: rule.self === true,
            prefixLists: [...(rule.prefixListIds ?? [])],
            description: rule.description,
            label: `${direction}[${index}]`,
        });
    return [...(group.ingress ?? []).map(view("ingress")), ...(group.egress ?? []).map(view("egress"))];
}

/** The rule of an `aws.ec2.SecurityGroupRule`. */
export function securityGroupRuleView(rule: SecurityGroupRuleProps): SecurityGroupRuleView {
    const direction = rule.type === "egress" ? "egress" : "ingress";
    return {
        direction,
        protocol: normalizeProtocol(rule.protocol),
        ...ports(rule.protocol, rule.fromPort, rule.toPort),
        cidrs: [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])],
        groups: referenceIds(() => rule.sourceSecurityGroupId ?? []),
        self: rule.self === true,
        prefixLists: [...(rule.prefixListIds ?? [])],
        description: rule.description,
        label: `${direction} rule`,
    };
}

/** The rule of an `aws.vpc.SecurityGroupIngressRule` or `EgressRule`. */
export function vpcSecurityGroupRuleView(
    rule: VpcSecurityGroupRuleProps,
    direction: "ingress" | "egress",
): SecurityGroupRuleView {
    const present = (value: string | undefined) => (value === undefined ? [] : [value]);
    return {
        direction,
        protocol: normalizeProtocol(rule.ipProtocol),
        ...ports(rule.ipProtocol, rule.fromPort, rule.toPort),
        cidrs: [...present(rule.cidrIpv4), ...present(rule.cidrIpv6)],
        groups: referenceIds(() => rule.referencedSecurityGroupId ?? []),
        self: false,
        prefixLists: present(rule.prefixListId),
        description: rule.description,
        label: `${direction} rule`,
    };
}

/** The rules a resource of one of {@link securityGroupTypes} or {@link ruleResourceTypes} declares. */
export function rulesOf(type: string, props: Record<string, any>): SecurityGroupRuleView[] {
    switch (type) {
        case types.securityGroupRule:
            return [securityGroupRuleView(props as SecurityGroupRuleProps)];
        case types.securityGroupIngressRule:
            return [vpcSecurityGroupRuleView(props as VpcSecurityGroupRuleProps, "ingress")];
        case securityGroupEgressRuleType:
            return [vpcSecurityGroupRuleView(props as VpcSecurityGroupRuleProps, "egress")];
        default:
            return inlineRules(props as SecurityGroupProps);
    }
}

/** Ports only mean something for TCP and UDP; `-1` with ports 0–0 means every port. */
export function ports(protocol: string | number | undefined, fromPort: number | undefined, toPort: number | undefined) {
    const normalized = normalizeProtocol(protocol);
    if (normalized !== "tcp" && normalized !== "udp") {
        return {};
    }
    return { fromPort: fromPort ?? 0, toPort: toPort ?? fromPort ?? 65535 };
}

/** Whether `cidr` is the whole IPv4 or IPv6 internet, i.e. a default route or an internet peer (any `/0`). */
export function isWorldCidr(cidr: string): boolean {
    return /\/0+$/.test(cidr.trim());
}

/** The rule's `/0` peers. */
export function worldCidrs(rule: SecurityGroupRuleView): string[] {
    return rule.cidrs.filter(isWorldCidr);
}

/** The protocol and ports of a rule (also of a network ACL entry). */
export type Traffic = Pick<SecurityGroupRuleView, "protocol" | "fromPort" | "toPort">;

/** Whether the rule lets every protocol through. */
export function isAllTraffic(rule: Traffic): boolean {
    return rule.protocol === "all";
}

/** Whether the rule reaches `port` (TCP or UDP; protocol `all` reaches every port). */
export function reachesPort(rule: Traffic, port: number): boolean {
    if (isAllTraffic(rule)) {
        return true;
    }
    return rule.fromPort !== undefined && rule.toPort !== undefined && rule.fromPort <= port && port <= rule.toPort;
}

/** Whether every port the rule opens is in `allowed` (only TCP/UDP rules with a port range can be). */
export function onlyReachesPorts(rule: Traffic, allowed: readonly number[]): boolean {
    if (rule.fromPort === undefined || rule.toPort === undefined || rule.toPort < rule.fromPort) {
        return false;
    }
    if (rule.toPort - rule.fromPort >= allowed.length) {
        return false;
    }
    for (let port = rule.fromPort; port <= rule.toPort; port++) {
        if (!allowed.includes(port)) {
            return false;
        }
    }
    return true;
}

/** `tcp 443`, `tcp 0-65535`, `all traffic`, `icmp`, for messages. */
export function describeTraffic(rule: Traffic): string {
    if (isAllTraffic(rule)) {
        return "all traffic";
    }
    if (rule.fromPort === undefined) {
        return rule.protocol;
    }
    return rule.fromPort === rule.toPort
        ? `${rule.protocol} ${rule.fromPort}`
        : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}
