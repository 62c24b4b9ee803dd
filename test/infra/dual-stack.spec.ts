import * as assert from "assert";
import * as path from "path";
import { IPv6CidrRange } from "ip-num";
import { ConfigError, ConfigProblem } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { main } from "../../infra/program";
import { CapturedResource, ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";
import { engineIdentities } from "../../testing/urns";

const FIXTURE = path.join(__dirname, "fixtures", "before-package");
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/**
 * Inputs whose change makes the provider replace the resource, for the types that going dual-stack touches. From
 * the Terraform AWS provider that `@pulumi/aws` 7.48 bridges (ForceNew in `internal/service/ec2/vpc_.go`,
 * `vpc_subnet.go`, `elbv2/load_balancer.go`, `route53/record.go`; the framework rules' `RequiresReplace`):
 * `assignGeneratedIpv6CidrBlock` (AssociateVpcCidrBlock), a subnet's `ipv6CidrBlock` (AssociateSubnetCidrBlock;
 * a replacement only if the subnet assigned IPv6 on creation) and `ipAddressType` (SetIpAddressType) are updates.
 */
const REPLACING: Record<string, string[]> = {
    [VPC]: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
    [SUBNET]: [
        "vpcId",
        "cidrBlock",
        "availabilityZone",
        "availabilityZoneId",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "ipv6IpamPoolId",
        "ipv6Native",
        "ipv6NetmaskLength",
        "outpostArn",
    ],
    [ALB]: ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
    "aws:route53/record:Record": ["zoneId", "name"],
    [INGRESS]: ["securityGroupId"],
};

const runs = new Map<string, ReturnType<typeof synthesizeOnce>>();

/** Each (stack, stack file, ipv6) once: a run takes seconds. */
function synthesize(stack: string, options: { dir?: string; ipv6?: boolean } = {}) {
    const key = JSON.stringify([stack, options.dir, options.ipv6]);
    if (!runs.has(key)) runs.set(key, synthesizeOnce(stack, options));
    return runs.get(key)!;
}

async function synthesizeOnce(stack: string, options: { dir?: string; ipv6?: boolean }) {
    const file = readStackFile(stack, { dir: options.dir });
    const values = { ...file.values };
    if (options.ipv6 !== undefined) {
        const network = JSON.parse(values["ecs-platform:network"] ?? "{}");
        values["ecs-platform:network"] = JSON.stringify({ ...network, ipv6: options.ipv6 });
    }
    return runProgram(main, { stack, config: values, secretKeys: file.secretKeys });
}

/** Captured resources by the URN the engine gives them. */
function byEngineUrn(resources: CapturedResource[]): Map<string, CapturedResource> {
    const identities = engineIdentities(resources);
    return new Map(resources.map(r => [identities.get(r.urn)!.urn, r]));
}

const changedKeys = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        key => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );

describe("infra/program: dual-stack edge", function () {
    this.timeout(120000);

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: a dualstack ALB in public subnets with their /64, ::/0 to the internet gateway`, async () => {
            const { resources } = await synthesize(stack);
            const [alb] = ofType(resources, ALB);
            assert.strictEqual(alb.inputs.ipAddressType, "dualstack");
            const vpc = ofType(resources, VPC)[0];
            const block = IPv6CidrRange.fromCidr(vpc.state.ipv6CidrBlock);
            const publicSubnets = ofType(resources, SUBNET).filter(s => s.inputs.tags.tier === "public");
            assert.deepStrictEqual([...alb.inputs.subnets].sort(), publicSubnets.map(s => s.id).sort());
            for (const subnet of publicSubnets) {
                assert.ok(block.contains(IPv6CidrRange.fromCidr(subnet.inputs.ipv6CidrBlock)), subnet.name);
            }
            const igw = ofType(resources, "aws:ec2/internetGateway:InternetGateway")[0];
            assert.ok(
                ofType(resources, ROUTE).some(
                    r => r.inputs.destinationIpv6CidrBlock === "::/0" && r.inputs.gatewayId === igw.id,
                ),
            );
            const lbGroup = alb.inputs.securityGroups[0];
            const ipv6Ingress = ofType(resources, INGRESS).filter(r => r.inputs.cidrIpv6 !== undefined);
            assert.deepStrictEqual(
                ipv6Ingress.map(r => [r.inputs.securityGroupId, r.inputs.cidrIpv6, r.inputs.fromPort, r.inputs.toPort]),
                [
                    [lbGroup, "::/0", 80, 80],
                    [lbGroup, "::/0", 443, 443],
                ],
                "IPv6 reaches the load balancer's listener ports only",
            );
        });
    }

    it("prod: alias A and AAAA records for the domain, to the dual-stack ALB", async () => {
        const { resources } = await synthesize("prod");
        const [alb] = ofType(resources, ALB);
        const aliases = ofType(resources, "aws:route53/record:Record").filter(r => r.inputs.aliases);
        assert.deepStrictEqual(aliases.map(r => [r.inputs.name, r.inputs.type]).sort(), [
            ["app.example.com", "A"],
            ["app.example.com", "AAAA"],
        ]);
        for (const alias of aliases) {
            assert.strictEqual(alias.inputs.aliases[0].name, alb.state.dnsName);
        }
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack} created before IPv6: going dual-stack updates in place, and only adds the IPv6 route and rules`, async () => {
            const before = byEngineUrn((await synthesize(stack, { dir: FIXTURE, ipv6: false })).resources);
            const after = byEngineUrn((await synthesize(stack, { dir: FIXTURE })).resources);
            const updated: string[] = [];
            for (const [urn, old] of before) {
                const now = after.get(urn);
                assert.ok(now, `${urn} is kept`);
                const changed = changedKeys(old.inputs, now.inputs);
                if (changed.length === 0) continue;
                updated.push(`${old.name}: ${changed.join(", ")}`);
                const replacing = changed.filter(key => (REPLACING[old.type] ?? []).includes(key));
                assert.deepStrictEqual(replacing, [], `${urn} would be replaced`);
                assert.ok(REPLACING[old.type], `${old.type} ${old.name} changes, and its replacing inputs are listed`);
            }
            const publicSubnets = [...before.values()].filter(
                r => r.type === SUBNET && r.inputs.tags.tier === "public",
            );
            assert.deepStrictEqual(
                updated.sort(),
                [
                    `${stack}-alb: ipAddressType`,
                    `${stack}-network: assignGeneratedIpv6CidrBlock`,
                    ...publicSubnets.map(s => `${s.name}: ipv6CidrBlock`),
                ].sort(),
            );
            const added = [...after.entries()].filter(([urn]) => !before.has(urn)).map(([, r]) => r.name);
            const aliasAaaa = stack === "prod" ? [`${stack}-alb-alias-app-example-com-aaaa`] : [];
            assert.deepStrictEqual(
                added.sort(),
                [
                    ...aliasAaaa,
                    `${stack}-network-lb-in-http-v6-0`,
                    `${stack}-network-lb-in-https-v6-0`,
                    `${stack}-network-public-internet-ipv6`,
                ].sort(),
            );
        });
    }
});

/** The problems of a prod stack's network and test-traffic settings (empty when valid). */
function problemsOf(network: Record<string, unknown>, testTraffic?: Record<string, unknown>): ConfigProblem[] {
    const values: Record<string, string> = {
        "aws:region": "eu-west-1",
        "ecs-platform:environment": "prod",
        "ecs-platform:owner": "team",
        "ecs-platform:network": JSON.stringify(network),
        "ecs-platform:services": JSON.stringify({
            web: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"] } },
        }),
        ...(testTraffic ? { "ecs-platform:loadBalancer": JSON.stringify({ testTraffic }) } : {}),
    };
    try {
        parseStackConfig({ stack: "prod", values, secretKeys: [] });
        return [];
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), String(err));
        return err.problems;
    }
}

describe("infra/config: network.ipv6 and IPv6 allowlists", () => {
    it("is on by default, and IPv6 allowlist entries are accepted with it", () => {
        assert.deepStrictEqual(problemsOf({ loadBalancerIngressCidrs: ["203.0.113.0/24", "2001:db8::/32"] }), []);
        assert.deepStrictEqual(problemsOf({}, { sourceCidrs: ["2001:db8:1::/48"] }), []);
    });

    it("refuses IPv6 entries on an IPv4-only edge, naming the key and the switch", () => {
        const problems = problemsOf(
            { ipv6: false, loadBalancerIngressCidrs: ["::/0"] },
            { sourceCidrs: ["2001:db8::/32"] },
        );
        assert.deepStrictEqual(
            problems.map(p => [p.key, p.message]),
            [
                [
                    "ecs-platform:network.loadBalancerIngressCidrs.0",
                    "::/0 is an IPv6 block, but the load balancer is IPv4-only: turn on network.ipv6",
                ],
                [
                    "ecs-platform:loadBalancer.testTraffic.sourceCidrs.0",
                    "2001:db8::/32 is an IPv6 block, but the load balancer is IPv4-only: turn on network.ipv6",
                ],
            ],
        );
    });

    it("refuses IPv6 blocks AWS would store in another spelling, with the form to use", () => {
        const problems = problemsOf({ loadBalancerIngressCidrs: ["2001:DB8:0::/32"] });
        assert.strictEqual(problems.length, 1);
        assert.strictEqual(problems[0].key, "ecs-platform:network.loadBalancerIngressCidrs.0");
        assert.match(problems[0].message, /use 2001:db8::\/32/);
    });
});
