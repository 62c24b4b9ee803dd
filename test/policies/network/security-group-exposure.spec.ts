import * as assert from "node:assert/strict";
import { asFirstPreview, networkStack, nt, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const stack = resourcesOf(prod);
const ruleNamed = (suffix: string) => prod.rules.find(r => r.name.endsWith(suffix))!;

describe("policies/network/security-group-exposure", () => {
    describe("sg-no-world-ingress", () => {
        it("passes the platform stack: only the load balancer's group takes 80/443 from the internet", async () => {
            await expectCompliant("sg-no-world-ingress", stack);
        });

        it("also passes during the first preview, when group ids are unknown", async () => {
            await expectCompliant("sg-no-world-ingress", asFirstPreview(stack), { preview: true });
        });

        it("flags the awsx FargateService default group, which no load balancer uses", async () => {
            const awsxGroup = fakeResource(nt.securityGroup, "api-sg", {
                ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
                egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
                id: "sg-awsx",
            });
            await expectViolation("sg-no-world-ingress", [...stack, awsxGroup], {
                urn: awsxGroup.urn,
                message: "not used by a load balancer in this stack",
            });
        });

        it("flags internet ingress to the services' group", async () => {
            const open = withProps(ruleNamed("services-in"), {
                referencedSecurityGroupId: undefined,
                cidrIpv4: "0.0.0.0/0",
            });
            await expectViolation("sg-no-world-ingress", replacing(stack, open), {
                urn: open.urn,
                message: "not used by a load balancer",
            });
        });

        it("treats ::/0 as the internet: passes the load balancer's 80/443, flags the services' group", async () => {
            const ipv6ListenerRules = prod.rules.filter(r => r.props.cidrIpv6 === "::/0");
            assert.equal(ipv6ListenerRules.length, 2, "the platform stack is dual-stack");
            await expectCompliant("sg-no-world-ingress", stack);
            const open = withProps(ruleNamed("services-in"), {
                referencedSecurityGroupId: undefined,
                cidrIpv6: "::/0",
            });
            await expectViolation("sg-no-world-ingress", replacing(stack, open), {
                urn: open.urn,
                message: "from ::/0",
            });
            const admin = withProps(ipv6ListenerRules[1], { fromPort: 8443, toPort: 8443 });
            await expectViolation("sg-no-world-ingress", replacing(stack, admin), {
                urn: admin.urn,
                message: "may only open TCP 80, 443",
            });
        });

        it("flags other ports on the load balancer's group", async () => {
            const admin = fakeResource(
                nt.ingressRule,
                "lb-in-admin",
                {
                    securityGroupId: prod.loadBalancerGroup.props.id,
                    ipProtocol: "tcp",
                    fromPort: 8443,
                    toPort: 8443,
                    cidrIpv4: "0.0.0.0/0",
                },
                { propertyDependencies: { securityGroupId: [prod.loadBalancerGroup.urn] } },
            );
            await expectViolation("sg-no-world-ingress", [...stack, admin], {
                urn: admin.urn,
                message: "may only open TCP 80, 443",
            });
        });

        it("recognises the load balancer of aws.alb as well", async () => {
            const albStack = stack.map(r => (r.urn === prod.loadBalancer.urn ? { ...r, type: nt.albLoadBalancer } : r));
            await expectCompliant("sg-no-world-ingress", albStack);
        });

        it("is advisory, for that resource only, when a rule's CIDR is unknown during preview", async () => {
            const unknownCidr = withProps(ruleNamed("services-in"), {
                referencedSecurityGroupId: undefined,
                cidrIpv4: UNKNOWN,
            });
            const violations = await expectPreviewAdvisory("sg-no-world-ingress", replacing(stack, unknownCidr), {
                urn: unknownCidr.urn,
            });
            assert.equal(violations.length, 1, "the other rules are still checked, and pass");
        });
    });

    describe("sg-attached", () => {
        it("passes the platform stack (load balancer, service, endpoints, EFS mount targets use the groups)", async () => {
            await expectCompliant("sg-attached", stack);
        });

        it("passes during the first preview through property dependencies", async () => {
            await expectCompliant("sg-attached", asFirstPreview(stack), { preview: true });
        });

        it("flags a group that only rules and other groups refer to", async () => {
            const orphan = fakeResource(nt.securityGroup, "orphan", { description: "left over", id: "sg-orphan" });
            const rule = fakeResource(
                nt.ingressRule,
                "orphan-in",
                {
                    securityGroupId: "sg-orphan",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    referencedSecurityGroupId: prod.loadBalancerGroup.props.id,
                },
                { propertyDependencies: { securityGroupId: [orphan.urn] } },
            );
            await expectViolation("sg-attached", [...stack, orphan, rule], {
                urn: orphan.urn,
                message: "Nothing in this stack uses the security group",
            });
        });
    });
});
