/** VPCs: flow logs, the default security group closed, no default VPC. */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    awsType,
    checkEachResource,
    dependsOnThrough,
    knownValue,
    policyConfig,
    referencesThrough,
    refersToThrough,
    resourcesOfType,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import { defaultSecurityGroupType, inlineRules, ruleResourceTypes, rulesOf } from "./security-group-rules";

/** Type token of `aws.ec2.FlowLog`. */
const flowLogType = awsType("ec2", "flowLog");

/** The resources of `tokens` whose `vpcId` is `vpc`. */
function inVpc(
    vpc: PolicyResource,
    resources: readonly PolicyResource[],
    tokens: string | readonly string[],
): PolicyResource[] {
    return resourcesOfType(resources, tokens).filter(resource => refersToThrough(resource, "vpcId", vpc));
}

/**
 * What a standalone rule's `securityGroupId` names, if it is a default security group: an adopted
 * `DefaultSecurityGroup`, or a VPC's `defaultSecurityGroupId` (by its known value, or, while it is unknown, by the
 * property depending on the VPC: a VPC output in `securityGroupId` can only be that one).
 */
function defaultGroupOpenedBy(
    rule: PolicyResource,
    defaults: readonly PolicyResource[],
    vpcs: readonly PolicyResource[],
): string | undefined {
    const adopted = referencesThrough(
        rule,
        "securityGroupId",
        () => rule.props.securityGroupId,
        defaults,
        defaultSecurityGroupType,
    );
    if (adopted.length > 0) {
        return `${adopted[0].name} (aws.ec2.DefaultSecurityGroup)`;
    }
    const groupId = knownValue(() => rule.props.securityGroupId);
    const vpc = vpcs.find(
        candidate =>
            dependsOnThrough(rule, "securityGroupId", candidate) ||
            (groupId !== undefined && groupId === knownValue(() => candidate.props.defaultSecurityGroupId)),
    );
    return vpc ? `of VPC ${vpc.name}` : undefined;
}

const flowLogSchema = {
    properties: {
        trafficTypes: {
            type: "array",
            items: { type: "string", enum: ["ALL", "ACCEPT", "REJECT"] },
            default: ["ALL", "REJECT"],
            description:
                "Accepted `trafficType`s; a flow log of one of these must capture each VPC (rejected traffic at least).",
        },
    },
} satisfies PolicyConfigSchema;

export const vpcFlowLogs: PlatformStackPolicy = {
    name: "vpc-flow-logs",
    description: "Checks that every VPC has a flow log capturing at least rejected traffic.",
    severity: "medium",
    remediationSteps:
        'Add an aws.ec2.FlowLog with `vpcId: vpc.id`, `trafficType: "ALL"` (or "REJECT"), delivering to a CloudWatch log group with retention (`logDestinationType: "cloud-watch-logs"`, `iamRoleArn`) or to S3.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EC2.6",
        "cdk-nag:AwsSolutions-VPC7",
        "checkov:CKV2_AWS_11",
        "trivy:AVD-AWS-0178",
        "family:network",
    ],
    configSchema: flowLogSchema,
    validateStack: validateStackOfTypes(types.vpc, (vpcs, args, report) => {
        const { trafficTypes } = policyConfig<{ trafficTypes: string[] }>(args, flowLogSchema);
        checkEachResource(vpcs, report, vpc => {
            const logs = inVpc(vpc, args.resources, flowLogType);
            if (!logs.some(log => trafficTypes.includes(log.props.trafficType ?? "ALL"))) {
                const found = logs.map(log => log.props.trafficType).join(", ");
                report(
                    logs.length === 0
                        ? `VPC ${vpc.name} has no flow log.`
                        : `VPC ${vpc.name} has flow logs for ${found} only; one of ${trafficTypes.join(", ")} is required.`,
                    vpc.urn,
                );
            }
        });
    }),
};

export const vpcDefaultSgClosed: PlatformStackPolicy = {
    name: "vpc-default-sg-closed",
    description:
        "Checks that every VPC adopts its default security group with aws.ec2.DefaultSecurityGroup and leaves it without rules (inline or as standalone rule resources), so nothing that falls back to it gets access.",
    severity: "medium",
    remediationSteps:
        "Add `new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id })` with no `ingress` and no `egress`: Pulumi then removes AWS's default rules. Remove any aws.vpc.SecurityGroupIngressRule/EgressRule or aws.ec2.SecurityGroupRule whose `securityGroupId` is the default group, and give every resource an explicit security group instead.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EC2.2",
        "cdk-nag:VPCDefaultSecurityGroupClosed",
        "checkov:CKV2_AWS_12",
        "trivy:AVD-AWS-0173",
        "family:network",
    ],
    validateStack: validateStackOfTypes([types.vpc, defaultSecurityGroupType], (_matching, args, report) => {
        const defaults = resourcesOfType(args.resources, defaultSecurityGroupType);
        const vpcs = resourcesOfType(args.resources, types.vpc);
        checkEachResource(resourcesOfType(args.resources, ruleResourceTypes), report, rule => {
            const group = defaultGroupOpenedBy(rule, defaults, vpcs);
            if (group) {
                const [view] = rulesOf(rule.type, rule.props);
                report(
                    `${rule.type.split(":").pop()} ${rule.name} adds an ${view?.direction ?? "ingress"} rule to the default security group ${group}; it must have no rules.`,
                    rule.urn,
                );
            }
        });
        checkEachResource(defaults, report, group => {
            const rules = inlineRules(group.props);
            if (rules.length > 0) {
                report(
                    `The default security group keeps ${rules.map(r => r.label).join(", ")}; it must have no rules.`,
                    group.urn,
                );
            }
        });
        checkEachResource(vpcs, report, vpc => {
            if (inVpc(vpc, defaults, defaultSecurityGroupType).length === 0) {
                report(
                    `VPC ${vpc.name} does not adopt its default security group (aws.ec2.DefaultSecurityGroup), so AWS's allow-all-within-the-group rules stay.`,
                    vpc.urn,
                );
            }
        });
    }),
};

const defaultNetworkTypes = [awsType("ec2", "defaultVpc"), awsType("ec2", "defaultSubnet")];

/** A stack policy, so that a stack without a default VPC is checked (and passes) rather than "not applicable". */
export const noDefaultVpc: PlatformStackPolicy = {
    name: "no-default-vpc",
    description:
        "Checks that the stack does not manage (and so does not use) the account's default VPC or its default subnets.",
    severity: "medium",
    remediationSteps:
        "Remove aws.ec2.DefaultVpc/DefaultSubnet and deploy into the platform's own VPC (components/networking). Delete the default VPC in each region outside Pulumi.",
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_148", "trivy:AVD-AWS-0101", "family:network"],
    validateStack: (args, report) => {
        for (const resource of resourcesOfType(args.resources, defaultNetworkTypes)) {
            report(
                `${resource.type.split(":").pop()} ${resource.name} puts workloads in the default network, whose subnets assign public IPs and route to the internet.`,
                resource.urn,
            );
        }
    },
};
