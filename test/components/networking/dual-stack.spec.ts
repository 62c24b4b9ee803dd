import * as assert from "assert";
import { IPv6CidrRange } from "ip-num";
import { Networking, NetworkingArgs } from "../../../components/networking";
import { ipv6SubnetCidr } from "../../../components/networking/cidr-plan";
import { ComponentArgumentError } from "../../../components/shared";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const baseArgs: NetworkingArgs = {
    vpcCidr: "10.30.0.0/16",
    azCount: 3,
    natGateways: "single",
    flowLogs: { logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/test/flow-logs" },
};

async function network(overrides: Partial<NetworkingArgs> = {}, preview = false) {
    const { resources, outputs } = await runProgram(
        () => {
            const net = new Networking("net", { ...baseArgs, ...overrides });
            return { ipv6: net.ipv6, vpcIpv6CidrBlock: net.vpcIpv6CidrBlock, publicSubnetIds: net.publicSubnetIds };
        },
        { stack: "test", config: { "aws:region": "eu-west-1" }, preview },
    );
    return { resources, outputs: outputs as unknown as { ipv6: boolean; vpcIpv6CidrBlock?: string } };
}

const subnetsOfTier = (resources: CapturedResource[], tier: string) =>
    ofType(resources, SUBNET)
        .filter(s => s.inputs.tags.tier === tier)
        .sort((a, b) => a.name.localeCompare(b.name));

const lbRules = (resources: CapturedResource[]) =>
    ofType(resources, INGRESS).filter(r => r.name.startsWith("net-lb-in-"));

describe("networking/Networking dual-stack edge", () => {
    it("by default gives the VPC an Amazon-provided /56 and each public subnet its planned /64 of it", async () => {
        const { resources, outputs } = await network();
        const [vpc] = ofType(resources, VPC);
        assert.strictEqual(vpc.inputs.assignGeneratedIpv6CidrBlock, true);
        assert.strictEqual(outputs.ipv6, true);
        const block = outputs.vpcIpv6CidrBlock!;
        assert.match(block, /\/56$/);
        const vpcRange = IPv6CidrRange.fromCidr(block);
        const publicSubnets = subnetsOfTier(resources, "public");
        assert.deepStrictEqual(
            publicSubnets.map(s => s.inputs.ipv6CidrBlock),
            [0, 1, 2].map(i => ipv6SubnetCidr(block, "public", i)),
        );
        for (const subnet of publicSubnets) {
            const range = IPv6CidrRange.fromCidr(subnet.inputs.ipv6CidrBlock);
            assert.ok(vpcRange.contains(range), `${subnet.inputs.ipv6CidrBlock} inside ${block}`);
            // Assigning on creation would make a later change of the block a replacement (provider CustomizeDiff).
            assert.ok(!subnet.inputs.assignIpv6AddressOnCreation, subnet.name);
        }
        assert.strictEqual(new Set(publicSubnets.map(s => s.inputs.ipv6CidrBlock)).size, 3);
    });

    it("keeps private subnets IPv4 only", async () => {
        const { resources } = await network();
        for (const subnet of subnetsOfTier(resources, "private")) {
            assert.strictEqual(subnet.inputs.ipv6CidrBlock, undefined, subnet.name);
        }
        const ipv6Routes = ofType(resources, ROUTE).filter(r => r.inputs.destinationIpv6CidrBlock !== undefined);
        assert.deepStrictEqual(
            ipv6Routes.map(r => r.name),
            ["net-public-internet-ipv6"],
            "::/0 only on the public route table",
        );
    });

    it("opens the listener ports to ::/0 beside 0.0.0.0/0, with the IPv4 rules' names unchanged", async () => {
        const { resources } = await network();
        assert.deepStrictEqual(
            lbRules(resources)
                .map(r => r.name)
                .sort(),
            ["net-lb-in-http-0.0.0.0-0", "net-lb-in-http-v6-0", "net-lb-in-https-0.0.0.0-0", "net-lb-in-https-v6-0"],
        );
        const v6 = lbRules(resources).filter(r => r.inputs.cidrIpv6 !== undefined);
        assert.deepStrictEqual(v6.map(r => [r.inputs.cidrIpv6, r.inputs.fromPort, r.inputs.cidrIpv4]).sort(), [
            ["::/0", 443, undefined],
            ["::/0", 80, undefined],
        ]);
    });

    it("takes an allowlist of both families: each CIDR as cidrIpv4 or cidrIpv6", async () => {
        const { resources } = await network({ loadBalancerIngressCidrs: ["203.0.113.0/24", "2001:db8::/32"] });
        const shapes = lbRules(resources).map(
            r => `${r.inputs.cidrIpv4 ?? "-"} ${r.inputs.cidrIpv6 ?? "-"} ${r.inputs.toPort}`,
        );
        assert.deepStrictEqual(shapes.sort(), [
            "- 2001:db8::/32 443",
            "- 2001:db8::/32 80",
            "203.0.113.0/24 - 443",
            "203.0.113.0/24 - 80",
        ]);
        assert.ok(lbRules(resources).some(r => r.name === "net-lb-in-https-v6-2001-db8-32"));
    });

    it("with ipv6 off, registers exactly what an IPv4-only network did: no IPv6 inputs, route or rules", async () => {
        const { resources, outputs } = await network({ ipv6: false });
        assert.strictEqual(outputs.ipv6, false);
        assert.strictEqual(outputs.vpcIpv6CidrBlock, undefined);
        const [vpc] = ofType(resources, VPC);
        assert.ok(!("assignGeneratedIpv6CidrBlock" in vpc.inputs), "the VPC's inputs are unchanged");
        for (const subnet of ofType(resources, SUBNET)) {
            assert.ok(!("ipv6CidrBlock" in subnet.inputs), subnet.name);
        }
        assert.ok(ofType(resources, ROUTE).every(r => r.inputs.destinationIpv6CidrBlock === undefined));
        assert.deepStrictEqual(
            lbRules(resources).map(r => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6),
            ["0.0.0.0/0", "0.0.0.0/0"],
        );
    });

    it("registers the same IPv6 resources in a first preview, when the VPC's block is not known yet", async () => {
        const { resources } = await network({}, true);
        assert.strictEqual(subnetsOfTier(resources, "public").length, 3);
        assert.strictEqual(ofType(resources, ROUTE).filter(r => r.name === "net-public-internet-ipv6").length, 1);
    });

    it("refuses IPv6 ingress without ipv6, and IPv6 blocks AWS would store in another spelling", () => {
        const attempt = (args: Partial<NetworkingArgs>) => () => new Networking("net", { ...baseArgs, ...args });
        assert.throws(attempt({ ipv6: false, loadBalancerIngressCidrs: ["::/0"] }), (err: unknown) => {
            assert.ok(err instanceof ComponentArgumentError);
            assert.match(
                err.message,
                /loadBalancerIngressCidrs\[0\].*IPv6 block, but the load balancer is IPv4-only: turn on ipv6/,
            );
            return true;
        });
        assert.throws(attempt({ loadBalancerIngressCidrs: ["2001:DB8::/32", "2001:db8::1/32"] }), (err: unknown) => {
            assert.ok(err instanceof ComponentArgumentError);
            assert.match(err.message, /\[0\].*use 2001:db8::\/32/);
            assert.match(err.message, /\[1\].*use 2001:db8::\/32/);
            return true;
        });
    });
});
