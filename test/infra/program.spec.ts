import * as assert from "assert";
import { ConfigError } from "../../infra/config/errors";
import { main } from "../../infra/program";
import { CapturedResource, ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

const STATEFUL_TYPES = [
    "aws:ecr/repository:Repository",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
];

/** Types this platform creates that AWS lets us tag; every one must carry the platform tags. */
const TAGGABLE_TYPES = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ecr/repository:Repository",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:iam/role:Role",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
    "aws:sns/topic:Topic",
    "aws:s3/bucket:Bucket",
];

async function synthesize(
    stack: string,
    patch: (values: Record<string, string>) => void = () => undefined,
    secretKeys: string[] = [],
) {
    const file = readStackFile(stack);
    patch(file.values);
    return runProgram(main, { stack, config: file.values, secretKeys: [...file.secretKeys, ...secretKeys] });
}

function patchJson(values: Record<string, string>, key: string, change: (value: any) => void) {
    const value = JSON.parse(values[key] ?? "{}");
    change(value);
    values[key] = JSON.stringify(value);
}

function routeTableOf(resources: CapturedResource[], subnet: CapturedResource): CapturedResource {
    const association = ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation").find(
        a => a.inputs.subnetId === subnet.id,
    )!;
    return ofType(resources, "aws:ec2/routeTable:RouteTable").find(t => t.id === association.inputs.routeTableId)!;
}

function defaultRouteOf(resources: CapturedResource[], table: CapturedResource): Record<string, any> | undefined {
    return ofType(resources, "aws:ec2/route:Route").find(
        r => r.inputs.routeTableId === table.id && r.inputs.destinationCidrBlock === "0.0.0.0/0",
    )?.inputs;
}

describe("infra/program", function () {
    this.timeout(60000);
    let staging: Awaited<ReturnType<typeof synthesize>>;
    let prod: Awaited<ReturnType<typeof synthesize>>;

    before(async () => {
        staging = await synthesize("staging");
        prod = await synthesize("prod");
    });

    for (const [what, change, key] of [
        ["a Fargate size", (s: any) => (s.web.cpu = 300), "ecs-platform:services.web.cpu"],
        [
            "a TaskDefinition rule (EFS mount path)",
            (s: any) => (s.web.efs = { containerPath: "/" }),
            "ecs-platform:services.web.efs.containerPath",
        ],
    ] as const) {
        it(`fails on bad config (${what}) with one problem, before registering any resource`, async () => {
            const file = readStackFile("staging");
            patchJson(file.values, "ecs-platform:services", change);
            const registered: CapturedResource[] = [];
            await assert.rejects(
                runProgram(() => main(), { stack: "staging", config: file.values }).then(r =>
                    registered.push(...r.resources),
                ),
                (err: unknown) =>
                    ConfigError.isConfigError(err) &&
                    /Pulumi\.staging\.yaml/.test(err.message) &&
                    err.problems.length === 1 &&
                    err.problems[0].key === key,
            );
            assert.strictEqual(registered.length, 0);
        });
    }

    it("staging: one NAT gateway shared by every private subnet", () => {
        const nats = ofType(staging.resources, "aws:ec2/natGateway:NatGateway");
        assert.strictEqual(nats.length, 1);
        const privateSubnets = ofType(staging.resources, "aws:ec2/subnet:Subnet").filter(
            s => s.inputs.tags?.tier === "private",
        );
        assert.strictEqual(privateSubnets.length, 2);
        for (const subnet of privateSubnets) {
            assert.strictEqual(
                defaultRouteOf(staging.resources, routeTableOf(staging.resources, subnet))?.natGatewayId,
                nats[0].id,
            );
        }
    });

    it("prod: one NAT per AZ, each private subnet routing through its own AZ's NAT", () => {
        const nats = ofType(prod.resources, "aws:ec2/natGateway:NatGateway");
        const subnets = ofType(prod.resources, "aws:ec2/subnet:Subnet");
        assert.strictEqual(nats.length, 3);
        const azOfSubnet = new Map(subnets.map(s => [s.id, s.inputs.availabilityZone]));
        const privateSubnets = subnets.filter(s => s.inputs.tags?.tier === "private");
        assert.strictEqual(new Set(privateSubnets.map(s => s.inputs.availabilityZone)).size, 3);
        for (const subnet of privateSubnets) {
            const natId = defaultRouteOf(prod.resources, routeTableOf(prod.resources, subnet))?.natGatewayId;
            const nat = nats.find(n => n.id === natId);
            assert.ok(nat, `private subnet ${subnet.name} has no NAT route`);
            assert.strictEqual(
                azOfSubnet.get(nat.inputs.subnetId),
                subnet.inputs.availabilityZone,
                `${subnet.name} routes through another AZ's NAT`,
            );
        }
    });

    it("prod protects and retains every stateful resource; staging tears down cleanly", () => {
        for (const type of STATEFUL_TYPES) {
            const prodResources = ofType(prod.resources, type);
            assert.ok(prodResources.length > 0, `prod has no ${type}`);
            for (const r of prodResources) {
                assert.deepStrictEqual(
                    [r.options.protect, r.options.retainOnDelete],
                    [true, true],
                    `${r.name} is not protected in prod`,
                );
            }
            for (const r of ofType(staging.resources, type)) {
                assert.deepStrictEqual(
                    [r.options.protect, r.options.retainOnDelete],
                    [false, false],
                    `${r.name} is protected in staging`,
                );
            }
        }
        for (const repository of ofType(staging.resources, "aws:ecr/repository:Repository")) {
            assert.strictEqual(repository.inputs.forceDelete, true);
        }
        for (const repository of ofType(prod.resources, "aws:ecr/repository:Repository")) {
            assert.notStrictEqual(repository.inputs.forceDelete, true);
        }
    });

    it("puts only the web service behind the one ALB; the backend and worker have no target group", () => {
        for (const { resources } of [staging, prod]) {
            assert.strictEqual(ofType(resources, "aws:lb/loadBalancer:LoadBalancer").length, 1);
            const rules = ofType(resources, "aws:lb/listenerRule:ListenerRule");
            const paths = rules.flatMap(r => r.inputs.conditions.flatMap((c: any) => c.pathPattern?.values ?? []));
            assert.deepStrictEqual(paths, ["/*"]);
            const services = ofType(resources, "aws:ecs/service:Service");
            assert.deepStrictEqual(services.map(s => s.inputs.name).sort(), ["api", "web", "worker"]);
            for (const service of services) {
                assert.strictEqual((service.inputs.loadBalancers ?? []).length, service.inputs.name === "web" ? 1 : 0);
            }
        }
    });

    it("prod services keep at least one task in every AZ (min ≥ 2, spread over all private subnets)", () => {
        const privateSubnetIds = ofType(prod.resources, "aws:ec2/subnet:Subnet")
            .filter(s => s.inputs.tags?.tier === "private")
            .map(s => s.id)
            .sort();
        for (const service of ofType(prod.resources, "aws:ecs/service:Service")) {
            assert.deepStrictEqual([...service.inputs.networkConfiguration.subnets].sort(), privateSubnetIds);
            assert.strictEqual(service.inputs.networkConfiguration.assignPublicIp, false);
        }
        // Web and backend services; a worker's floor is its queue's business (config rule: at least 1 in prod).
        const requestServing = ofType(prod.resources, "aws:appautoscaling/target:Target").filter(
            t => !t.name.includes("worker"),
        );
        assert.strictEqual(requestServing.length, 2);
        for (const target of requestServing) {
            assert.ok(
                target.inputs.minCapacity >= Math.max(2, privateSubnetIds.length),
                `${target.name} minCapacity ${target.inputs.minCapacity}`,
            );
        }
    });

    it("tags every taggable resource with the platform tags", () => {
        for (const { resources } of [staging, prod]) {
            for (const r of resources.filter(r => TAGGABLE_TYPES.includes(r.type))) {
                const tags = r.inputs.tags ?? {};
                for (const key of ["environment", "owner", "managed-by", "cost-centre"]) {
                    assert.ok(tags[key], `${r.type} ${r.name} lacks tag ${key}`);
                }
            }
        }
    });

    describe("secrets", () => {
        const SENTINEL = "sentinel-value-7f3a9c";
        let run: Awaited<ReturnType<typeof synthesize>>;

        before(async () => {
            run = await synthesize(
                "staging",
                values => {
                    patchJson(values, "ecs-platform:services", s => {
                        s.api.secrets.API_TOKEN = { store: "ssm", source: "config" };
                        s.web.secrets = { SESSION_KEY: { source: "config" } };
                    });
                    values["ecs-platform:secretValues"] = JSON.stringify({
                        api: { API_TOKEN: SENTINEL },
                        web: { SESSION_KEY: SENTINEL },
                    });
                },
                ["ecs-platform:secretValues"],
            );
        });

        it("never puts a secret value in a task definition, and only passes secrets by valueFrom", () => {
            const taskDefinitions = ofType(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
            assert.ok(taskDefinitions.length >= 2);
            for (const td of taskDefinitions) {
                assert.ok(!JSON.stringify(td.inputs).includes(SENTINEL), `${td.name} holds a secret value`);
                for (const container of JSON.parse(td.inputs.containerDefinitions)) {
                    for (const variable of container.environment ?? []) {
                        assert.ok(
                            !["API_TOKEN", "SESSION_KEY", "DATABASE_PASSWORD"].includes(variable.name),
                            `${variable.name} passed as plain environment`,
                        );
                    }
                    for (const secret of container.secrets ?? []) {
                        assert.match(secret.valueFrom, /^arn:aws:(secretsmanager|ssm):/);
                    }
                }
            }
            // The value reaches AWS only through the secret resources, and never appears in printable output.
            assert.ok(run.resources.some(r => JSON.stringify(r.inputs).includes(SENTINEL)));
            assert.ok(!JSON.stringify(run.resources.map(r => r.maskedInputs)).includes(SENTINEL));
            assert.ok(!JSON.stringify(run.outputs).includes(SENTINEL));
        });

        it("gives each execution role exactly its own service's secrets", () => {
            const secretArns = (service: string) =>
                [
                    ...ofType(run.resources, "aws:secretsmanager/secret:Secret"),
                    ...ofType(run.resources, "aws:ssm/parameter:Parameter"),
                ]
                    .filter(r => r.parent?.endsWith(`::staging-${service}-secrets`))
                    .map(r => r.state.arn)
                    .sort();
            for (const service of ["web", "api"]) {
                const role = ofType(run.resources, "aws:iam/role:Role").find(
                    r => r.name === `staging-${service}-execution`,
                )!;
                const policies = ofType(run.resources, "aws:iam/rolePolicy:RolePolicy").filter(
                    p => p.inputs.role === role.id,
                );
                const granted = policies
                    .flatMap(p => JSON.parse(p.inputs.policy).Statement)
                    .filter((s: any) =>
                        []
                            .concat(s.Action)
                            .some((a: string) => a === "secretsmanager:GetSecretValue" || a === "ssm:GetParameters"),
                    )
                    .flatMap((s: any) => [].concat(s.Resource))
                    .sort();
                assert.deepStrictEqual(granted, secretArns(service), `${service}'s execution role reads other secrets`);
                assert.ok(granted.length > 0);
            }
        });
    });
});
