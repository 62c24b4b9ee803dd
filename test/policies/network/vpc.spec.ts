import { asFirstPreview, networkStack, nt, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const stack = resourcesOf(prod);
const without = (...removed: { urn: string }[]) => stack.filter(r => !removed.some(x => x.urn === r.urn));

describe("policies/network/vpc", () => {
    describe("vpc-flow-logs", () => {
        it("passes the platform stack, also during the first preview", async () => {
            await expectCompliant("vpc-flow-logs", stack);
            await expectCompliant("vpc-flow-logs", asFirstPreview(stack), { preview: true });
        });

        it("flags a VPC without a flow log", async () => {
            await expectViolation("vpc-flow-logs", without(prod.flowLog), {
                urn: prod.vpc.urn,
                message: "has no flow log",
            });
        });

        it("flags a flow log of accepted traffic only", async () => {
            await expectViolation(
                "vpc-flow-logs",
                replacing(stack, withProps(prod.flowLog, { trafficType: "ACCEPT" })),
                {
                    message: "flow logs for ACCEPT only",
                },
            );
        });

        it("does not count a flow log of another VPC", async () => {
            const other = { ...withProps(prod.flowLog, { vpcId: "vpc-other" }), propertyDependencies: {} };
            await expectViolation("vpc-flow-logs", replacing(stack, other), { message: "has no flow log" });
        });
    });

    describe("vpc-default-sg-closed", () => {
        it("passes the platform stack: the default group is adopted without rules", async () => {
            await expectCompliant("vpc-default-sg-closed", stack);
            await expectCompliant("vpc-default-sg-closed", asFirstPreview(stack), { preview: true });
        });

        it("flags a VPC whose default group is not adopted", async () => {
            await expectViolation("vpc-default-sg-closed", without(prod.defaultSecurityGroup), {
                urn: prod.vpc.urn,
                message: "does not adopt",
            });
        });

        it("flags a default group with rules", async () => {
            const open = withProps(prod.defaultSecurityGroup, {
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
            });
            await expectViolation("vpc-default-sg-closed", replacing(stack, open), {
                urn: open.urn,
                message: "keeps ingress[0]",
            });
        });

        it("flags standalone rule resources that open the default group (by dependency, by id, through aws.ec2.SecurityGroupRule)", async () => {
            const ingress = fakeResource(
                nt.ingressRule,
                "default-in",
                { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" },
                { propertyDependencies: { securityGroupId: [prod.defaultSecurityGroup.urn] } },
            );
            await expectViolation("vpc-default-sg-closed", [...stack, ingress], {
                preview: true,
                urn: ingress.urn,
                message: "adds an ingress rule to the default security group",
            });
            const vpcWithGroup = withProps(prod.vpc, { defaultSecurityGroupId: "sg-default0" });
            const egress = fakeResource(nt.egressRule, "default-out", {
                securityGroupId: "sg-default0",
                ipProtocol: "-1",
                cidrIpv4: "0.0.0.0/0",
            });
            await expectViolation("vpc-default-sg-closed", [...replacing(stack, vpcWithGroup), egress], {
                urn: egress.urn,
                message: `adds an egress rule to the default security group of VPC ${prod.vpc.name}`,
            });
            const classic = fakeResource(
                nt.securityGroupRule,
                "default-classic",
                {
                    type: "ingress",
                    securityGroupId: UNKNOWN,
                    protocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: ["10.0.0.0/8"],
                },
                { propertyDependencies: { securityGroupId: [prod.vpc.urn] } },
            );
            await expectViolation("vpc-default-sg-closed", [...stack, classic], { preview: true, urn: classic.urn });
        });

        it("passes standalone rules on the platform's own groups", async () => {
            const ownRule = fakeResource(
                nt.ingressRule,
                "own-in",
                { securityGroupId: "sg-own", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" },
                { propertyDependencies: { securityGroupId: [prod.servicesGroup.urn] } },
            );
            await expectCompliant("vpc-default-sg-closed", [...stack, ownRule]);
        });

        it("is advisory when the default group's rules are unknown during preview", async () => {
            await expectPreviewAdvisory(
                "vpc-default-sg-closed",
                replacing(stack, withProps(prod.defaultSecurityGroup, { egress: UNKNOWN })),
                {
                    urn: prod.defaultSecurityGroup.urn,
                },
            );
        });
    });

    describe("no-default-vpc", () => {
        it("flags the default VPC and default subnets", async () => {
            const defaultVpc = fakeResource("aws:ec2/defaultVpc:DefaultVpc", "default", {});
            const defaultSubnet = fakeResource("aws:ec2/defaultSubnet:DefaultSubnet", "default-a", {
                availabilityZone: "eu-west-1a",
            });
            await expectViolation("no-default-vpc", [...stack, defaultVpc, defaultSubnet], {
                urn: defaultVpc.urn,
                message: "DefaultVpc default",
            });
            await expectViolation("no-default-vpc", [...stack, defaultSubnet], {
                urn: defaultSubnet.urn,
                message: "DefaultSubnet default-a",
            });
        });

        it("passes the platform stack, which has its own VPC", async () => {
            await expectCompliant("no-default-vpc", stack);
        });
    });
});
