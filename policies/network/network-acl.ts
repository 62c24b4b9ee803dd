/**
 * Network ACLs. The platform filters with security groups and leaves NACLs at AWS's default (allow all), so a NACL
 * is not required and having one is not flagged (unlike cdk-nag's AwsSolutions-VPC3 warning). What is flagged is a
 * NACL that lets the internet reach remote-administration ports, evaluated like AWS does: per address family, the
 * lowest-numbered entry that matches the port decides, so an earlier deny for 22 makes a later allow-all compliant.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    checkEachResource,
    policyConfig,
    refersToThrough,
    resourcesOfType,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import {
    describeTraffic,
    isWorldCidr,
    normalizeProtocol,
    ports,
    reachesPort,
    type Traffic,
} from "./security-group-rules";

const aclTypes = [awsType("ec2", "networkAcl"), awsType("ec2", "defaultNetworkAcl")];
const networkAclRuleType = awsType("ec2", "networkAclRule");

/** An ingress entry of a NACL from the internet. */
interface WorldEntry extends Traffic {
    ruleNumber: number;
    allow: boolean;
    /** `0.0.0.0/0` or `::/0`. */
    source: string;
    /** The NACL (inline entry) or aws.ec2.NetworkAclRule. */
    declaredBy: PolicyResource;
}

type NetworkAclEntryProps = Unwrap<aws.types.input.ec2.NetworkAclIngress>;
type NetworkAclRuleProps = Unwrap<aws.ec2.NetworkAclRuleArgs>;

function worldEntry(
    declaredBy: PolicyResource,
    ruleNumber: number,
    action: string,
    traffic: { protocol: string; fromPort?: number; toPort?: number },
    cidr: string | undefined,
): WorldEntry[] {
    if (typeof cidr !== "string" || !isWorldCidr(cidr)) {
        return [];
    }
    return [
        {
            ruleNumber,
            allow: action.toLowerCase() === "allow",
            source: cidr,
            protocol: normalizeProtocol(traffic.protocol),
            ...ports(traffic.protocol, traffic.fromPort, traffic.toPort),
            declaredBy,
        },
    ];
}

/** Internet ingress entries of `acl`, in evaluation order: inline `ingress` and NetworkAclRule resources (`egress` false). */
function worldIngressOf(acl: PolicyResource, rules: readonly PolicyResource[]): WorldEntry[] {
    const inline = ((acl.props.ingress ?? []) as NetworkAclEntryProps[]).flatMap(entry =>
        [entry.cidrBlock, entry.ipv6CidrBlock].flatMap(cidr =>
            worldEntry(acl, entry.ruleNo, entry.action, entry, cidr),
        ),
    );
    const separate = rules
        .filter(rule => rule.props.egress !== true)
        .filter(rule => refersToThrough(rule, "networkAclId", acl))
        .flatMap(rule => {
            const props = rule.props as NetworkAclRuleProps;
            return [props.cidrBlock, props.ipv6CidrBlock].flatMap(cidr =>
                worldEntry(rule, props.ruleNumber, props.ruleAction, props, cidr),
            );
        });
    return [...inline, ...separate].sort((a, b) => a.ruleNumber - b.ruleNumber);
}

const naclSchema = {
    properties: {
        ports: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [22, 3389],
            description: "Ports the internet must not reach through a network ACL.",
        },
    },
} satisfies PolicyConfigSchema;

export const naclNoWorldAdminPorts: PlatformStackPolicy = {
    name: "nacl-no-world-admin-ports",
    description: "Checks that no network ACL lets 0.0.0.0/0 or ::/0 reach SSH or RDP (or the configured ports).",
    severity: "high",
    remediationSteps:
        "Add a lower-numbered `deny` entry for the port from 0.0.0.0/0 (and ::/0) before the allow entry, or narrow the allow entry's port range or CIDR. Prefer leaving NACLs at the default and filtering with security groups.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EC2.21",
        "checkov:CKV_AWS_231",
        "checkov:CKV_AWS_232",
        "checkov:CKV_AWS_352",
        "trivy:AVD-AWS-0102",
        "trivy:AVD-AWS-0105",
        "family:network",
    ],
    configSchema: naclSchema,
    validateStack: validateStackOfTypes(aclTypes, (acls, args, report) => {
        const { ports: adminPorts } = policyConfig<{ ports: number[] }>(args, naclSchema);
        const rules = resourcesOfType(args.resources, networkAclRuleType);
        checkEachResource(acls, report, acl => {
            const entries = worldIngressOf(acl, rules);
            const reported = new Set<WorldEntry>();
            for (const family of ["v4", "v6"]) {
                const ofFamily = entries.filter(e => e.source.includes(":") === (family === "v6"));
                for (const port of adminPorts) {
                    const decisive = ofFamily.find(entry => reachesPort(entry, port));
                    if (decisive?.allow && !reported.has(decisive)) {
                        reported.add(decisive);
                        report(
                            `Entry ${decisive.ruleNumber} of network ACL ${acl.name} allows ${describeTraffic(decisive)} from ${decisive.source}, reaching port ${port}.`,
                            decisive.declaredBy.urn,
                        );
                    }
                }
            }
        });
    }),
};
