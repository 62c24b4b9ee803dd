import { nt } from "../platform-network-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

/**
 * A public-subnet NACL: HTTPS in, and the replies to outbound connections (NACLs are stateless) on the Linux
 * ephemeral range. The usual 1024-65535 would include RDP's 3389, which AWS's own rule flags too.
 */
const webEntries = [
    { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" },
    { ruleNo: 110, action: "allow", protocol: "tcp", fromPort: 32768, toPort: 65535, cidrBlock: "0.0.0.0/0" },
];
const acl = (name: string, ingress: object[]) =>
    fakeResource(nt.networkAcl, name, { vpcId: "vpc-0a1b", ingress, id: `acl-${name}` });

describe("policies/network/network-acl", () => {
    describe("nacl-no-world-admin-ports", () => {
        it("passes a NACL that opens only web and ephemeral ports", async () => {
            await expectCompliant("nacl-no-world-admin-ports", [acl("web", webEntries)]);
        });

        it("flags an ephemeral range that includes RDP", async () => {
            const wide = acl("wide", [
                {
                    ruleNo: 110,
                    action: "allow",
                    protocol: "tcp",
                    fromPort: 1024,
                    toPort: 65535,
                    cidrBlock: "0.0.0.0/0",
                },
            ]);
            await expectViolation("nacl-no-world-admin-ports", [wide], {
                message: "allows tcp 1024-65535 from 0.0.0.0/0, reaching port 3389",
            });
        });

        it("flags an allow-all entry from the internet (it reaches SSH and RDP)", async () => {
            const allowAll = acl("open", [
                { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
            ]);
            await expectViolation("nacl-no-world-admin-ports", [allowAll], {
                message: "Entry 100 of network ACL open allows all traffic from 0.0.0.0/0, reaching port 22",
            });
        });

        it("honours rule order: a lower-numbered deny makes a later allow-all compliant", async () => {
            const guarded = acl("guarded", [
                { ruleNo: 90, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
                { ruleNo: 91, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
                { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
            ]);
            await expectCompliant("nacl-no-world-admin-ports", [guarded]);
        });

        it("evaluates IPv6 separately and counts NetworkAclRule resources", async () => {
            const guardedV4 = acl("v4-only", [
                { ruleNo: 90, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
                { ruleNo: 91, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
            ]);
            const rdpV6 = fakeResource(
                nt.networkAclRule,
                "rdp-v6",
                {
                    networkAclId: "acl-v4-only",
                    ruleNumber: 120,
                    egress: false,
                    protocol: "tcp",
                    ruleAction: "allow",
                    ipv6CidrBlock: "::/0",
                    fromPort: 3389,
                    toPort: 3389,
                },
                { propertyDependencies: { networkAclId: [guardedV4.urn] } },
            );
            await expectViolation("nacl-no-world-admin-ports", [guardedV4, rdpV6], {
                urn: rdpV6.urn,
                message: "from ::/0, reaching port 3389",
            });
        });

        it("passes ::/0 entries that open only web and ephemeral ports", async () => {
            const web = acl("web-v6", [
                { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlock: "::/0" },
                {
                    ruleNo: 110,
                    action: "allow",
                    protocol: "tcp",
                    fromPort: 32768,
                    toPort: 65535,
                    ipv6CidrBlock: "::/0",
                },
            ]);
            await expectCompliant("nacl-no-world-admin-ports", [web]);
        });

        it("ignores egress entries", async () => {
            const outbound = fakeResource(nt.networkAclRule, "out", {
                networkAclId: "acl-web",
                ruleNumber: 100,
                egress: true,
                protocol: "-1",
                ruleAction: "allow",
                cidrBlock: "0.0.0.0/0",
            });
            await expectCompliant("nacl-no-world-admin-ports", [acl("web", webEntries), outbound]);
        });

        it("is advisory during preview when an entry's CIDR is unknown", async () => {
            await expectPreviewAdvisory("nacl-no-world-admin-ports", [
                acl("unknown", [{ ...webEntries[0], cidrBlock: UNKNOWN }]),
            ]);
        });
    });
});
