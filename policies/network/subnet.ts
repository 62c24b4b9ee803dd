/** Subnets: only public subnets may give instances and tasks public addresses on launch. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { hasTag, policyConfig, types, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import { publicSubnetTagProperty, type SubnetProps } from "./routing";

const subnetSchema = { properties: { ...publicSubnetTagProperty } } satisfies PolicyConfigSchema;

export const subnetNoAutoPublicIp: PlatformResourcePolicy = {
    name: "subnet-no-auto-public-ip",
    description: "Checks that subnets not tagged public do not assign public IPv4 or IPv6 addresses on launch.",
    severity: "high",
    remediationSteps:
        'Set `mapPublicIpOnLaunch: false` and `assignIpv6AddressOnCreation: false` on the aws.ec2.Subnet. If the subnet really is public (load balancers and NAT gateways only), tag it with `publicSubnetTag` (default `tier: "public"`); even then, prefer false, since load balancers and NAT gateways get their addresses explicitly.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EC2.15",
        "checkov:CKV_AWS_130",
        "cdk-nag:VPCSubnetAutoAssignPublicIpDisabled",
        "trivy:AVD-AWS-0164",
        "family:network",
    ],
    configSchema: subnetSchema,
    validateResource: validateResourceOfTypes<SubnetProps>(types.subnet, (subnet, args, report) => {
        const { publicSubnetTag } = policyConfig<{ publicSubnetTag: string }>(args, subnetSchema);
        if (hasTag(subnet.tags, publicSubnetTag)) {
            return;
        }
        if (subnet.mapPublicIpOnLaunch === true) {
            report(`mapPublicIpOnLaunch is true on a subnet without the ${publicSubnetTag} tag.`);
        }
        if (subnet.assignIpv6AddressOnCreation === true) {
            report(`assignIpv6AddressOnCreation is true on a subnet without the ${publicSubnetTag} tag.`);
        }
    }),
};
