/**
 * Checks of one security group or rule on its own: descriptions, internet-reachable sensitive ports, internet egress.
 * Rules are read from all four places they can be declared (see ./security-group-rules).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, types, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import {
    describeTraffic,
    isAllTraffic,
    onlyReachesPorts,
    reachesPort,
    ruleResourceTypes,
    rulesOf,
    worldCidrs,
    type SecurityGroupProps,
} from "./security-group-rules";

/** Security groups and rule resources: everything that declares rules. */
const groupsAndRules: readonly string[] = [types.securityGroup, ...ruleResourceTypes];

const descriptionSchema = {
    properties: {
        requireRuleDescriptions: {
            type: "boolean",
            default: true,
            description: "Also require a description on every rule (inline or rule resource), not only on groups.",
        },
        placeholderDescriptions: {
            type: "array",
            items: { type: "string" },
            default: ["Managed by Pulumi", "Managed by Terraform"],
            description:
                "Descriptions that count as missing (the provider fills in `Managed by Pulumi` when none is given).",
        },
    },
} satisfies PolicyConfigSchema;

export const sgDescription: PlatformResourcePolicy = {
    name: "sg-description",
    description: "Checks that security groups and their rules carry a description of what they allow and why.",
    severity: "low",
    remediationSteps:
        'Set `description` on the aws.ec2.SecurityGroup (e.g. "ALB for the web service: HTTPS from the internet") and on every rule (inline `ingress`/`egress` entries, aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule/EgressRule). Changing a group\'s description replaces the group.',
    enforcementLevel: "advisory",
    tags: [
        "cdk-nag:AwsSolutions-EC27",
        "checkov:CKV_AWS_23",
        "trivy:AVD-AWS-0099",
        "trivy:AVD-AWS-0124",
        "family:network",
    ],
    configSchema: descriptionSchema,
    validateResource: validateResourceOfTypes<Record<string, any>>(groupsAndRules, (props, args, report) => {
        const { requireRuleDescriptions, placeholderDescriptions } = policyConfig<{
            requireRuleDescriptions: boolean;
            placeholderDescriptions: string[];
        }>(args, descriptionSchema);
        const missing = (description: string | undefined) =>
            (description ?? "").trim().length < 2 || placeholderDescriptions.includes((description ?? "").trim());
        if (args.type === types.securityGroup && missing((props as SecurityGroupProps).description)) {
            report(
                `The security group has no description of its own (got ${JSON.stringify(props.description ?? "Managed by Pulumi")}).`,
            );
        }
        if (!requireRuleDescriptions) {
            return;
        }
        for (const rule of rulesOf(args.type, props)) {
            if (missing(rule.description)) {
                report(`${rule.label} (${describeTraffic(rule)}) has no description.`);
            }
        }
    }),
};

/**
 * Security Hub EC2.19's high-risk ports (the list is from memory; it includes SSH and RDP). Protocol `-1` reaches all
 * of them, so all-traffic rules from the internet are flagged too.
 */
const highRiskPorts = [
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088,
    8888, 9200, 9300,
];

const adminPortsSchema = {
    properties: {
        ports: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: highRiskPorts,
            description:
                "Ports that must never be reachable from 0.0.0.0/0 or ::/0 (remote administration, databases, consoles).",
        },
    },
} satisfies PolicyConfigSchema;

export const sgNoWorldAdminPorts: PlatformResourcePolicy = {
    name: "sg-no-world-admin-ports",
    description:
        "Checks that no security group rule opens remote-administration or other high-risk ports (SSH, RDP, databases, consoles), or all traffic, to the internet.",
    severity: "critical",
    remediationSteps:
        "Remove the 0.0.0.0/0 / ::/0 peer from the rule. Reach instances through SSM Session Manager or ECS Exec instead of SSH/RDP, and allow databases only from the security groups of their clients. Never use protocol -1 with an internet peer.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EC2.19",
        "checkov:CKV_AWS_24",
        "checkov:CKV_AWS_25",
        "checkov:CKV_AWS_277",
        "cdk-nag:EC2RestrictedSSH",
        "cdk-nag:EC2RestrictedCommonPorts",
        "family:network",
    ],
    configSchema: adminPortsSchema,
    validateResource: validateResourceOfTypes<Record<string, any>>(groupsAndRules, (props, args, report) => {
        const { ports } = policyConfig<{ ports: number[] }>(args, adminPortsSchema);
        // Only internet peers count: protocol -1 from another security group is normal (unlike cdk-nag's rule).
        for (const rule of rulesOf(args.type, props).filter(r => r.direction === "ingress")) {
            const world = worldCidrs(rule);
            if (world.length === 0) {
                continue;
            }
            if (isAllTraffic(rule)) {
                report(`${rule.label} allows all traffic (protocol -1) from ${world.join(", ")}.`);
                continue;
            }
            const reached = ports.filter(port => reachesPort(rule, port));
            if (reached.length > 0) {
                report(
                    `${rule.label} (${describeTraffic(rule)}) opens port(s) ${reached.join(", ")} to ${world.join(", ")}.`,
                );
            }
        }
    }),
};

const egressSchema = {
    properties: {
        allowedPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [443],
            description:
                "TCP/UDP ports that may go to 0.0.0.0/0 or ::/0. 443 lets tasks pull images and call AWS APIs through the NAT gateway when there are no VPC endpoints.",
        },
    },
} satisfies PolicyConfigSchema;

export const sgNoWorldEgress: PlatformResourcePolicy = {
    name: "sg-no-world-egress",
    description: "Checks that security groups send traffic to the internet only on allowed ports (by default HTTPS).",
    severity: "medium",
    remediationSteps:
        "Replace all-traffic or wide-port egress to 0.0.0.0/0 with egress on the needed port only (e.g. TCP 443), send traffic inside the VPC to the VPC CIDR or to the destination's security group, or add the port to `allowedPorts` if it must reach the internet.",
    enforcementLevel: "mandatory",
    tags: ["trivy:AVD-AWS-0104", "checkov:CKV_AWS_382", "family:network"],
    configSchema: egressSchema,
    validateResource: validateResourceOfTypes<Record<string, any>>(groupsAndRules, (props, args, report) => {
        const { allowedPorts } = policyConfig<{ allowedPorts: number[] }>(args, egressSchema);
        for (const rule of rulesOf(args.type, props).filter(r => r.direction === "egress")) {
            const world = worldCidrs(rule);
            if (world.length > 0 && !onlyReachesPorts(rule, allowedPorts)) {
                report(
                    `${rule.label} sends ${describeTraffic(rule)} to ${world.join(", ")}; only port(s) ${allowedPorts.join(", ")} may go to the internet.`,
                );
            }
        }
    }),
};
