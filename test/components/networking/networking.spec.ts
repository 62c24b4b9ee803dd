import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";
import { CidrPlanError, Networking, NetworkingArgs, planSubnets } from "../../../components/networking";
import { ComponentArgumentError } from "../../../components/shared";
import { FAKE_ACCOUNT_ID } from "../../../testing/fake-cloud";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const COMPONENT = "ecs-platform:index:Networking";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const EIP = "aws:ec2/eip:Eip";
const NAT = "aws:ec2/natGateway:NatGateway";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/** The children whose AWS type has no tags. */
const UNTAGGABLE = new Set([ROUTE, ASSOCIATION, ROLE_POLICY]);

const LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs-platform/test/vpc-flow-logs";
const TAGS = { project: "ecs-platform", environment: "test" };

const baseArgs: NetworkingArgs = {
    vpcCidr: "10.0.0.0/16",
    flowLogs: { logGroupArn: LOG_GROUP_ARN },
    tags: TAGS,
};

const LB_CIDRS = ["203.0.113.0/24", "198.51.100.0/24"];

/**
 * The runs the tests read (each takes seconds, so each runs once): the defaults; staging (small VPC, 2 AZs, a
 * single NAT, interface endpoints without ssm, REJECT-only flow log); prod (everything on, another region).
 */
const SCENARIOS = {
    defaults: { overrides: {}, region: "eu-west-1" },
    staging: {
        overrides: {
            vpcCidr: "172.16.0.0/20",
            azCount: 2,
            natGateways: "single",
            interfaceEndpoints: true,
            flowLogs: { logGroupArn: LOG_GROUP_ARN, trafficType: "REJECT" },
        },
        region: "eu-west-1",
    },
    prod: {
        overrides: {
            azCount: 3,
            natGateways: "perAz",
            loadBalancerIngressCidrs: LB_CIDRS,
            interfaceEndpoints: true,
            ssmEndpoint: true,
            efs: true,
        },
        region: "us-east-2",
    },
} satisfies Record<string, { overrides: Partial<NetworkingArgs>; region: string }>;

const runs = new Map<keyof typeof SCENARIOS, ReturnType<typeof runOnce>>();

function run(scenario: keyof typeof SCENARIOS) {
    if (!runs.has(scenario)) {
        runs.set(scenario, runOnce(SCENARIOS[scenario].overrides, SCENARIOS[scenario].region));
    }
    return runs.get(scenario)!;
}

/** Every output of the component, as the tests read them. */
function outputsOf(network: Networking) {
    return {
        vpcId: network.vpcId,
        vpcCidrBlock: network.vpcCidrBlock,
        availabilityZones: network.availabilityZones,
        subnetPlan: network.subnetPlan,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIdsByAz: network.publicSubnetIdsByAz,
        privateSubnetIdsByAz: network.privateSubnetIdsByAz,
        publicRouteTableId: network.publicRouteTableId,
        privateRouteTableIds: network.privateRouteTableIds,
        natGatewayIds: network.natGatewayIds,
        natPublicIps: network.natPublicIps,
        loadBalancerSecurityGroupId: network.loadBalancerSecurityGroupId,
        endpointsSecurityGroupId: network.endpointsSecurityGroupId,
        efsSecurityGroupId: network.efsSecurityGroupId,
    };
}

async function runOnce(overrides: Partial<NetworkingArgs>, region: string) {
    const { resources, outputs } = await runProgram(
        () => outputsOf(new Networking("net", { ...baseArgs, ...overrides })),
        {
            stack: "test",
            config: { "aws:region": region },
        },
    );
    // runProgram resolves the Outputs; its return type does not say so.
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<ReturnType<typeof outputsOf>> };
}

function byId(resources: CapturedResource[], type: string, id: string): CapturedResource {
    const found = ofType(resources, type).find(r => r.id === id);
    assert.ok(found, `no ${type} with id ${id}`);
    return found;
}

/** The NAT gateway a private subnet's 0.0.0.0/0 goes to, followed through association → route table → route. */
function natOfSubnet(resources: CapturedResource[], subnet: CapturedResource): CapturedResource {
    const associations = ofType(resources, ASSOCIATION).filter(a => a.inputs.subnetId === subnet.id);
    assert.strictEqual(associations.length, 1, `subnet ${subnet.name} has one route table`);
    const defaultRoutes = ofType(resources, ROUTE).filter(
        r =>
            r.inputs.routeTableId === associations[0].inputs.routeTableId &&
            r.inputs.destinationCidrBlock === "0.0.0.0/0",
    );
    assert.strictEqual(defaultRoutes.length, 1, `subnet ${subnet.name} has one default route`);
    return byId(resources, NAT, defaultRoutes[0].inputs.natGatewayId);
}

const subnetsOfTier = (resources: CapturedResource[], tier: string) =>
    ofType(resources, SUBNET).filter(s => s.inputs.tags.tier === tier);

function rulesOf(resources: CapturedResource[], type: string, securityGroupId: string): CapturedResource[] {
    return ofType(resources, type).filter(r => r.inputs.securityGroupId === securityGroupId);
}

/** A rule's effect, without names or descriptions: what the tests compare. */
function ruleShape(rule: CapturedResource) {
    const { ipProtocol, fromPort, toPort, cidrIpv4, cidrIpv6, referencedSecurityGroupId } = rule.inputs;
    return { ipProtocol, fromPort, toPort, source: cidrIpv4 ?? cidrIpv6 ?? referencedSecurityGroupId };
}

const sortShapes = <T>(shapes: T[]) => shapes.map(s => JSON.stringify(s)).sort();

describe("networking/Networking", () => {
    it("by default: 3 AZs, a NAT per AZ, an internet-facing LB SG, only the S3 endpoint, flow log of ALL traffic", async () => {
        const { resources, outputs } = await run("defaults");
        const [component] = ofType(resources, COMPONENT);
        assert.strictEqual(component.name, "net");
        const [vpc] = ofType(resources, VPC);
        assert.strictEqual(vpc.inputs.cidrBlock, "10.0.0.0/16");
        assert.strictEqual(vpc.inputs.enableDnsSupport, true);
        assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
        assert.deepStrictEqual(outputs.availabilityZones, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
        assert.strictEqual(subnetsOfTier(resources, "public").length, 3);
        assert.strictEqual(subnetsOfTier(resources, "private").length, 3);
        assert.strictEqual(ofType(resources, NAT).length, 3);
        assert.strictEqual(ofType(resources, EIP).length, 3);
        assert.deepStrictEqual(
            sortShapes(rulesOf(resources, INGRESS, outputs.loadBalancerSecurityGroupId).map(ruleShape)),
            sortShapes(
                ["0.0.0.0/0", "::/0"].flatMap(source =>
                    [80, 443].map(port => ({ ipProtocol: "tcp", fromPort: port, toPort: port, source })),
                ),
            ),
        );
        assert.deepStrictEqual(
            ofType(resources, ENDPOINT).map(e => e.inputs.serviceName),
            ["com.amazonaws.eu-west-1.s3"],
        );
        assert.strictEqual(
            ofType(resources, SECURITY_GROUP).length,
            1,
            "only the LB SG (workload groups are their own component)",
        );
        assert.strictEqual(outputs.endpointsSecurityGroupId, undefined);
        assert.strictEqual(outputs.efsSecurityGroupId, undefined);
        assert.strictEqual(ofType(resources, FLOW_LOG)[0].inputs.trafficType, "ALL");
        assert.strictEqual(outputs.vpcId, vpc.id);
        assert.strictEqual(outputs.vpcCidrBlock, "10.0.0.0/16");
    });

    it("public subnets do not assign public IPs; every subnet is tagged with its tier", async () => {
        const { resources } = await run("defaults");
        for (const subnet of ofType(resources, SUBNET)) {
            assert.strictEqual(subnet.inputs.mapPublicIpOnLaunch, false, subnet.name);
            assert.ok(["public", "private"].includes(subnet.inputs.tags.tier), subnet.name);
        }
    });

    it("plans the subnet CIDRs with planSubnets, in AZ order, and exposes them by AZ", async () => {
        for (const scenario of ["defaults", "staging"] as const) {
            const { resources, outputs } = await run(scenario);
            const plan = planSubnets(outputs.vpcCidrBlock, outputs.availabilityZones.length);
            assert.deepStrictEqual(outputs.subnetPlan, plan, scenario);
            for (const tier of ["public", "private"] as const) {
                const ids = tier === "public" ? outputs.publicSubnetIds : outputs.privateSubnetIds;
                const idsByAz = tier === "public" ? outputs.publicSubnetIdsByAz : outputs.privateSubnetIdsByAz;
                const subnets = ids.map(id => byId(resources, SUBNET, id));
                assert.deepStrictEqual(
                    subnets.map(s => s.inputs.cidrBlock),
                    plan[tier].map(p => p.cidr),
                    `${scenario} ${tier}`,
                );
                assert.deepStrictEqual(
                    subnets.map(s => s.inputs.availabilityZone),
                    outputs.availabilityZones,
                    `${scenario} ${tier}`,
                );
                assert.ok(
                    subnets.every(s => s.inputs.tags.tier === tier),
                    `${scenario} ${tier}`,
                );
                assert.deepStrictEqual(
                    idsByAz,
                    Object.fromEntries(subnets.map(s => [s.inputs.availabilityZone, s.id])),
                    `${scenario} ${tier}`,
                );
            }
        }
        const { outputs } = await run("staging");
        assert.strictEqual(outputs.vpcCidrBlock, "172.16.0.0/20");
        assert.deepStrictEqual(outputs.availabilityZones, ["eu-west-1a", "eu-west-1b"]);
    });

    it("names per-AZ children by AZ index", async () => {
        const { resources } = await run("staging");
        assert.deepStrictEqual(
            ofType(resources, SUBNET)
                .map(s => s.name)
                .sort(),
            ["net-private-0", "net-private-1", "net-public-0", "net-public-1"],
        );
        assert.deepStrictEqual(
            ofType(resources, NAT).map(n => n.name),
            ["net-nat-0"],
        );
    });

    it("routes the public subnets to the internet gateway", async () => {
        const { resources, outputs } = await run("defaults");
        const [internetGateway] = ofType(resources, INTERNET_GATEWAY);
        const routes = ofType(resources, ROUTE).filter(r => r.inputs.routeTableId === outputs.publicRouteTableId);
        assert.deepStrictEqual(
            routes.map(r => r.inputs),
            [
                {
                    routeTableId: outputs.publicRouteTableId,
                    destinationCidrBlock: "0.0.0.0/0",
                    gatewayId: internetGateway.id,
                },
                {
                    routeTableId: outputs.publicRouteTableId,
                    destinationIpv6CidrBlock: "::/0",
                    gatewayId: internetGateway.id,
                },
            ],
        );
        const associated = ofType(resources, ASSOCIATION).filter(
            a => a.inputs.routeTableId === outputs.publicRouteTableId,
        );
        assert.deepStrictEqual(associated.map(a => a.inputs.subnetId).sort(), [...outputs.publicSubnetIds].sort());
    });

    it("staging, 2 AZs, single NAT: one NAT in AZ 0, every private subnet's default route goes to it", async () => {
        const { resources, outputs } = await run("staging");
        const nats = ofType(resources, NAT);
        assert.strictEqual(nats.length, 1);
        assert.strictEqual(ofType(resources, EIP).length, 1);
        assert.deepStrictEqual(outputs.natGatewayIds, [nats[0].id]);
        const natSubnet = byId(resources, SUBNET, nats[0].inputs.subnetId);
        assert.strictEqual(natSubnet.inputs.tags.tier, "public");
        assert.strictEqual(natSubnet.inputs.availabilityZone, outputs.availabilityZones[0]);
        const privateSubnets = subnetsOfTier(resources, "private");
        assert.strictEqual(privateSubnets.length, 2);
        for (const subnet of privateSubnets) {
            assert.strictEqual(natOfSubnet(resources, subnet).urn, nats[0].urn, subnet.name);
        }
        assert.strictEqual(new Set(outputs.privateRouteTableIds).size, 2, "one route table per private subnet");
    });

    it("prod, 3 AZs, NAT per AZ: each NAT in its own AZ's public subnet, each private subnet routed to its own AZ's NAT", async () => {
        const { resources, outputs } = await run("prod");
        const nats = ofType(resources, NAT);
        assert.strictEqual(nats.length, 3);
        const natAz = (nat: CapturedResource) => {
            const subnet = byId(resources, SUBNET, nat.inputs.subnetId);
            assert.strictEqual(subnet.inputs.tags.tier, "public", nat.name);
            return subnet.inputs.availabilityZone;
        };
        assert.deepStrictEqual(nats.map(natAz).sort(), [...outputs.availabilityZones].sort(), "one NAT in each AZ");
        const eipAllocations = ofType(resources, EIP).map(e => e.state.allocationId);
        assert.deepStrictEqual(
            nats.map(n => n.inputs.allocationId).sort(),
            eipAllocations.sort(),
            "each NAT has its own EIP",
        );
        for (const subnet of subnetsOfTier(resources, "private")) {
            assert.strictEqual(natAz(natOfSubnet(resources, subnet)), subnet.inputs.availabilityZone, subnet.name);
        }
        assert.deepStrictEqual([...outputs.natGatewayIds].sort(), nats.map(n => n.id).sort());
        assert.strictEqual(outputs.natPublicIps.length, 3);
    });

    it("the NAT gateways and their EIPs wait for the internet gateway", async () => {
        const { resources } = await run("defaults");
        const [internetGateway] = ofType(resources, INTERNET_GATEWAY);
        for (const resource of [...ofType(resources, NAT), ...ofType(resources, EIP)]) {
            assert.ok(resource.options.dependsOn.includes(internetGateway.urn), resource.name);
        }
    });

    describe("security groups", () => {
        const tcp = (port: number, source: string) => ({ ipProtocol: "tcp", fromPort: port, toPort: port, source });

        it("load balancer: 80 and 443 from the configured CIDRs only; no egress until workloads are added", async () => {
            const { resources, outputs } = await run("prod");
            const lb = outputs.loadBalancerSecurityGroupId;
            assert.deepStrictEqual(
                sortShapes(rulesOf(resources, INGRESS, lb).map(ruleShape)),
                sortShapes(LB_CIDRS.flatMap(cidr => [tcp(80, cidr), tcp(443, cidr)])),
            );
            assert.deepStrictEqual(rulesOf(resources, EGRESS, lb), []);
        });

        it("EFS: a security group with no rules of its own (each workload using EFS adds its NFS ingress)", async () => {
            const { resources, outputs } = await run("prod");
            const efs = outputs.efsSecurityGroupId;
            assert.ok(efs);
            assert.deepStrictEqual(rulesOf(resources, INGRESS, efs), []);
            assert.deepStrictEqual(rulesOf(resources, EGRESS, efs), []);
        });

        it("no security group allows anything from 0.0.0.0/0 except the load balancer on 80 and 443", async () => {
            for (const scenario of ["defaults", "staging", "prod"] as const) {
                const { resources, outputs } = await run(scenario);
                const open = ofType(resources, INGRESS).filter(r => r.inputs.cidrIpv4 === "0.0.0.0/0");
                assert.ok(
                    open.every(r => r.inputs.securityGroupId === outputs.loadBalancerSecurityGroupId),
                    scenario,
                );
                assert.ok(
                    open.every(r => [80, 443].includes(r.inputs.fromPort) && r.inputs.fromPort === r.inputs.toPort),
                    scenario,
                );
            }
        });

        it("every security group and rule has a description in the characters AWS accepts", async () => {
            const { resources } = await run("prod");
            const described = [SECURITY_GROUP, INGRESS, EGRESS].flatMap(type => ofType(resources, type));
            // 3 groups (lb, endpoints, efs); ingress: 2 CIDRs x 2 ports, endpoints; no egress.
            assert.strictEqual(described.length, 3 + 5);
            for (const resource of described) {
                const description: unknown = resource.inputs.description;
                assert.ok(
                    typeof description === "string" && description.length > 0 && description.length <= 255,
                    resource.name,
                );
                assert.match(description, /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]+$/, resource.name);
            }
        });

        it("adopts the VPC's default security group with no rules", async () => {
            const { resources, outputs } = await run("defaults");
            const defaults = ofType(resources, DEFAULT_SECURITY_GROUP);
            assert.strictEqual(defaults.length, 1);
            assert.strictEqual(defaults[0].inputs.vpcId, outputs.vpcId);
            assert.strictEqual(defaults[0].inputs.ingress, undefined);
            assert.strictEqual(defaults[0].inputs.egress, undefined);
        });
    });

    describe("VPC endpoints", () => {
        const interfaceEndpoints = (resources: CapturedResource[]) =>
            ofType(resources, ENDPOINT).filter(e => e.inputs.vpcEndpointType === "Interface");

        it("always has an S3 gateway endpoint on the private route tables, in the provider's region", async () => {
            for (const scenario of ["defaults", "staging", "prod"] as const) {
                const { resources, outputs } = await run(scenario);
                const gateways = ofType(resources, ENDPOINT).filter(e => e.inputs.vpcEndpointType === "Gateway");
                assert.strictEqual(gateways.length, 1, scenario);
                assert.strictEqual(
                    gateways[0].inputs.serviceName,
                    `com.amazonaws.${SCENARIOS[scenario].region}.s3`,
                    scenario,
                );
                assert.strictEqual(gateways[0].inputs.vpcId, outputs.vpcId, scenario);
                assert.deepStrictEqual(gateways[0].inputs.routeTableIds, outputs.privateRouteTableIds, scenario);
            }
        });

        it("interface endpoints off: none, and no endpoints SG", async () => {
            const { resources, outputs } = await run("defaults");
            assert.deepStrictEqual(interfaceEndpoints(resources), []);
            assert.strictEqual(outputs.endpointsSecurityGroupId, undefined);
        });

        it("interface endpoints on: ECR api/dkr, logs, secretsmanager in the private subnets with private DNS and the endpoints SG", async () => {
            const { resources, outputs } = await run("staging");
            const endpoints = interfaceEndpoints(resources);
            assert.deepStrictEqual(
                endpoints.map(e => e.inputs.serviceName).sort(),
                ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map(s => `com.amazonaws.eu-west-1.${s}`),
                "no ssm unless asked",
            );
            for (const endpoint of endpoints) {
                assert.strictEqual(endpoint.inputs.privateDnsEnabled, true, endpoint.name);
                assert.deepStrictEqual(endpoint.inputs.subnetIds, outputs.privateSubnetIds, endpoint.name);
                assert.deepStrictEqual(
                    endpoint.inputs.securityGroupIds,
                    [outputs.endpointsSecurityGroupId],
                    endpoint.name,
                );
            }
            assert.deepStrictEqual(rulesOf(resources, INGRESS, outputs.endpointsSecurityGroupId!).map(ruleShape), [
                { ipProtocol: "tcp", fromPort: 443, toPort: 443, source: "172.16.0.0/20" },
            ]);
            assert.deepStrictEqual(rulesOf(resources, EGRESS, outputs.endpointsSecurityGroupId!), []);
        });

        it("adds the ssm endpoint when asked", async () => {
            const { resources } = await run("prod");
            assert.deepStrictEqual(
                interfaceEndpoints(resources)
                    .map(e => e.inputs.serviceName)
                    .sort(),
                ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"].map(s => `com.amazonaws.us-east-2.${s}`),
            );
        });
    });

    describe("flow log", () => {
        it("delivers the VPC's traffic to the given log group through its own role", async () => {
            const { resources, outputs } = await run("staging");
            const [flowLog] = ofType(resources, FLOW_LOG);
            const [role] = ofType(resources, ROLE);
            const [policy] = ofType(resources, ROLE_POLICY);
            assert.strictEqual(flowLog.inputs.vpcId, outputs.vpcId);
            assert.strictEqual(flowLog.inputs.trafficType, "REJECT");
            assert.strictEqual(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.strictEqual(flowLog.inputs.logDestination, LOG_GROUP_ARN);
            assert.strictEqual(flowLog.inputs.iamRoleArn, role.state.arn);
            assert.ok(flowLog.options.dependsOn.includes(policy.urn), "waits for the role's permissions");
        });

        it("the role trusts only the flow-logs service of this account", async () => {
            const { resources } = await run("prod");
            const [role] = ofType(resources, ROLE);
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": FAKE_ACCOUNT_ID },
                        ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-2:${FAKE_ACCOUNT_ID}:vpc-flow-log/*` },
                    },
                },
            ]);
        });

        it("the role's inline policy allows only writing to exactly that log group, and listing the account's groups", async () => {
            const { resources } = await run("defaults");
            const [role] = ofType(resources, ROLE);
            const policies = ofType(resources, ROLE_POLICY);
            assert.strictEqual(policies.length, 1);
            assert.strictEqual(policies[0].inputs.role, role.id);
            assert.deepStrictEqual(JSON.parse(policies[0].inputs.policy).Statement, [
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`],
                },
                {
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: LOG_GROUP_ARN.replace(/:log-group:.*$/, ":log-group:*"),
                },
            ]);
        });
    });

    it("tags every taggable child with the given tags and a Name", async () => {
        const { resources } = await run("prod");
        const taggable = resources.filter(r => r.custom && !UNTAGGABLE.has(r.type));
        assert.ok(taggable.length > 30);
        for (const resource of taggable) {
            const { Name, tier, ...rest } = resource.inputs.tags ?? {};
            assert.deepStrictEqual(rest, TAGS, resource.name);
            assert.strictEqual(Name, resource.name, resource.name);
            assert.strictEqual(tier === undefined, resource.type !== SUBNET, resource.name);
        }
    });

    it("parents every child to the component", async () => {
        const { resources } = await run("prod");
        const [component] = ofType(resources, COMPONENT);
        const children = resources.filter(r => r !== component);
        assert.ok(children.length > 30);
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn, `${child.type} ${child.name}`);
        }
    });

    it("knows every subnet CIDR at preview", async () => {
        const { resources } = await runProgram(() => void new Networking("net", baseArgs), {
            stack: "test",
            preview: true,
        });
        const plan = planSubnets("10.0.0.0/16", 3);
        assert.deepStrictEqual(
            ofType(resources, SUBNET)
                .map(s => s.inputs.cidrBlock)
                .sort(),
            [...plan.public, ...plan.private].map(p => p.cidr).sort(),
        );
    });

    describe("rejects bad arguments before registering anything", () => {
        const construct = (overrides: Partial<NetworkingArgs>) => () =>
            new Networking("net", { ...baseArgs, ...overrides });
        /** A ComponentArgumentError naming `argument`, its message matching `message`. */
        const naming = (argument: string, message: RegExp) => (err: unknown) =>
            ComponentArgumentError.isComponentArgumentError(err) &&
            err.problems.some(p => p.argument === argument && message.test(p.message));

        it("a VPC too small for the AZs, naming the prefix that fits", () => {
            assert.throws(
                construct({ vpcCidr: "10.0.0.0/24", azCount: 3 }),
                (err: unknown) => err instanceof CidrPlanError && /use \/23 or larger/.test(err.message),
            );
        });

        it("fewer than 2 or more than 6 AZs", () => {
            assert.throws(construct({ azCount: 1 }), naming("azCount", /at least 2/));
            assert.throws(construct({ azCount: 7 }), CidrPlanError);
        });

        it("bad load balancer CIDRs", () => {
            assert.throws(
                construct({ loadBalancerIngressCidrs: ["everyone"] }),
                naming("loadBalancerIngressCidrs[0]", /not an IPv4 CIDR block/),
            );
            assert.throws(construct({ loadBalancerIngressCidrs: ["203.0.113.7/24"] }), /use 203\.0\.113\.0\/24/);
            assert.throws(
                construct({ loadBalancerIngressCidrs: ["0.0.0.0/0", "0.0.0.0/0"] }),
                naming("loadBalancerIngressCidrs", /more than once/),
            );
        });

        it("the ssm endpoint without the interface endpoints", () => {
            assert.throws(construct({ ssmEndpoint: true }), naming("ssmEndpoint", /requires interfaceEndpoints/));
        });
    });
});
