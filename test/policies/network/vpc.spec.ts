import { asFirstPreview, networkStack, resourcesOf } from "../platform-network-stack";
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
