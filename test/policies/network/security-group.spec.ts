import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { networkStack, nt } from "../platform-network-stack";

/** The security group awsx v3 `FargateService` creates when given none: everything in, everything out. */
const awsxDefaultGroup = fakeResource(nt.securityGroup, "api-sg", {
    ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
});

const prod = networkStack("prod");
const ruleNamed = (suffix: string) => prod.rules.find(r => r.name.endsWith(suffix))!;

describe("policies/network/security-group", () => {
    describe("sg-description", () => {
        it("flags a group left with the provider's default description and rules without one", async () => {
            const group = fakeResource(nt.securityGroup, "web", {
                description: "Managed by Pulumi",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
            });
            const violations = await expectViolation("sg-description", [group], {
                message: "no description of its own",
            });
            assert.ok(violations.some(v => v.message.includes("ingress[0] (tcp 443) has no description")));
        });

        it("flags a group without any description (the provider fills in its default)", async () => {
            await expectViolation("sg-description", [fakeResource(nt.securityGroup, "bare", {})], {
                message: "Managed by Pulumi",
            });
        });

        it("flags rule resources without a description", async () => {
            const rule = fakeResource(nt.securityGroupRule, "rule", {
                type: "ingress",
                securityGroupId: "sg-1",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["10.0.0.0/16"],
                description: " ",
            });
            await expectViolation("sg-description", [rule], { message: "ingress rule (tcp 443) has no description" });
        });

        it("does not require rule descriptions when requireRuleDescriptions is off", async () => {
            const group = fakeResource(nt.securityGroup, "web", {
                description: "Web tier",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
            });
            await expectCompliant("sg-description", [group], {
                config: { "sg-description": { requireRuleDescriptions: false } },
            });
        });

        it("passes the platform's groups and rules", async () => {
            await expectCompliant("sg-description", [prod.loadBalancerGroup, prod.servicesGroup, ...prod.rules]);
        });
    });

    describe("sg-no-world-admin-ports", () => {
        it("flags the awsx FargateService default group (all traffic from 0.0.0.0/0)", async () => {
            await expectViolation("sg-no-world-admin-ports", [awsxDefaultGroup], {
                message: "ingress[0] allows all traffic (protocol -1) from 0.0.0.0/0",
            });
        });

        it("flags SSH from ::/0 in a vpc.SecurityGroupIngressRule", async () => {
            const ssh = fakeResource(nt.ingressRule, "ssh", {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrIpv6: "::/0",
                description: "SSH",
            });
            await expectViolation("sg-no-world-admin-ports", [ssh], { message: "opens port(s) 22 to ::/0" });
        });

        it("flags a port range that includes RDP and a database port", async () => {
            const range = fakeResource(nt.securityGroupRule, "range", {
                type: "ingress",
                securityGroupId: "sg-1",
                protocol: "6",
                fromPort: 3000,
                toPort: 4000,
                cidrBlocks: ["0.0.0.0/0"],
            });
            await expectViolation("sg-no-world-admin-ports", [range], {
                message: "tcp 3000-4000) opens port(s) 3000, 3306, 3389",
            });
        });

        it("does not flag protocol -1 from another security group (cdk-nag's defect)", async () => {
            const fromGroup = fakeResource(nt.securityGroup, "cluster", {
                description: "Cluster members talk to each other",
                ingress: [
                    { protocol: "-1", fromPort: 0, toPort: 0, securityGroups: ["sg-peer"], description: "peers" },
                ],
            });
            await expectCompliant("sg-no-world-admin-ports", [fromGroup]);
        });

        it("passes the load balancer's 80/443 from the internet", async () => {
            await expectCompliant("sg-no-world-admin-ports", [
                ruleNamed("lb-in-http"),
                ruleNamed("lb-in-https"),
                ruleNamed("lb-in-80-ipv6"),
                ruleNamed("lb-in-443-ipv6"),
            ]);
        });

        it("uses the configured port list", async () => {
            const web = ruleNamed("lb-in-https");
            await expectViolation("sg-no-world-admin-ports", [web], {
                config: { "sg-no-world-admin-ports": { ports: [443] } },
                message: "port(s) 443",
            });
        });

        it("is advisory during preview when a CIDR is unknown", async () => {
            const unknownCidr = fakeResource(nt.ingressRule, "from-output", {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrIpv4: UNKNOWN,
            });
            await expectPreviewAdvisory("sg-no-world-admin-ports", [unknownCidr]);
        });
    });

    describe("sg-no-world-egress", () => {
        it("flags the awsx FargateService default group (all traffic to 0.0.0.0/0)", async () => {
            await expectViolation("sg-no-world-egress", [awsxDefaultGroup], {
                message: "egress[0] sends all traffic to 0.0.0.0/0",
            });
        });

        it("flags all TCP ports to the internet", async () => {
            const wide = fakeResource(nt.egressRule, "wide", {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 0,
                toPort: 65535,
                cidrIpv4: "0.0.0.0/0",
                description: "out",
            });
            await expectViolation("sg-no-world-egress", [wide], { message: "tcp 0-65535 to 0.0.0.0/0" });
        });

        it("treats ::/0 as the internet: flags all traffic to it, passes HTTPS", async () => {
            const egress = (ipProtocol: string, fromPort: number, toPort: number) =>
                fakeResource(nt.egressRule, `v6-${ipProtocol}-${fromPort}`, {
                    securityGroupId: "sg-1",
                    ipProtocol,
                    fromPort,
                    toPort,
                    cidrIpv6: "::/0",
                    description: "out",
                });
            await expectViolation("sg-no-world-egress", [egress("-1", 0, 0)], { message: "all traffic to ::/0" });
            await expectCompliant("sg-no-world-egress", [egress("tcp", 443, 443)]);
        });

        it("passes HTTPS to the internet and anything inside the VPC", async () => {
            await expectCompliant("sg-no-world-egress", [
                ruleNamed("services-out-https"),
                ruleNamed("services-out-vpc-https"),
                ruleNamed("lb-out"),
            ]);
        });

        it("allows the configured ports", async () => {
            const smtp = fakeResource(nt.egressRule, "smtp", {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 587,
                toPort: 587,
                cidrIpv4: "0.0.0.0/0",
            });
            assert.equal((await violationsOf("sg-no-world-egress", [smtp])).length, 1);
            await expectCompliant("sg-no-world-egress", [smtp], {
                config: { "sg-no-world-egress": { allowedPorts: [443, 587] } },
            });
        });
    });
});
