import * as assert from "assert";
import { promiseOf, runProgram } from "../../../testing/harness";
import { exportedComponents, packageProvider } from "./component-provider";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ACCOUNT = "arn:aws:ecs:eu-west-1:123456789012";
/** The task every workload kind is built on, as plain data (what another language sends). */
const TASK = {
    environment: "test",
    logGroupName: "/ecs/test/api",
    logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/test/api",
    image: {
        repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api",
        repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/api",
        tag: "3f2a1c9",
    },
};
const PLACEMENT = {
    ...TASK,
    clusterArn: `${ACCOUNT}:cluster/test`,
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-tasks"],
};
const NAMESPACE_ARN = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-test";

/** Minimal valid inputs per component, as another language's SDK would send them to `Construct`. */
const INPUTS: Record<string, Record<string, unknown>> = {
    PlatformKey: { aliasName: "construct-test" },
    ServiceSecrets: {
        namePrefix: "/test/api/",
        kmsKeyArn: KEY_ARN,
        secrets: { API_TOKEN: { store: "secretsmanager", rotation: { outOfBand: true } } },
    },
    Logging: { environment: "test", services: ["api"], kmsKeyArn: KEY_ARN },
    Registry: { repositories: ["test/api"], kmsKeyArn: KEY_ARN },
    Budget: { limitUsd: 100, trackedTag: { key: "environment", value: "test" }, alertEmails: ["ops@example.com"] },
    TaskDefinition: { ...TASK, name: "migrate", launchType: "FARGATE", architecture: "ARM64" },
    Service: {
        ...PLACEMENT,
        clusterName: "test",
        serviceName: "api",
        targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/0123456789abcdef",
        autoscaling: { minCount: 2, maxCount: 4, cpu: { enabled: false }, memory: { targetValue: 70 } },
    },
    BackendService: {
        ...PLACEMENT,
        clusterName: "test",
        serviceName: "orders",
        serviceConnect: { namespaceArn: NAMESPACE_ARN },
    },
    WorkerService: {
        ...PLACEMENT,
        clusterName: "test",
        serviceName: "mailer",
        queue: { kmsKeyArn: KEY_ARN, minCount: 0 },
    },
    ScheduledJob: {
        ...PLACEMENT,
        jobName: "report",
        schedule: { expression: "cron(0 3 * * ? *)" },
        kmsKeyArn: KEY_ARN,
    },
    Networking: {
        vpcCidr: "10.0.0.0/16",
        azCount: 2,
        natGateways: "single",
        flowLogs: { logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/test/flow-logs" },
    },
    WorkloadSecurityGroups: {
        vpcId: "vpc-0123456789abcdef0",
        loadBalancerSecurityGroupId: "sg-0123456789abcdef0",
        workloads: { api: { port: 8080, fromLoadBalancer: true } },
    },
    Cluster: { containerInsights: "enhanced", capacityStrategy: [{ provider: "FARGATE_SPOT", weight: 3 }] },
    Ec2Capacity: {
        clusterName: "test",
        instanceType: "m7g.large",
        architecture: "arm64",
        minSize: 0,
        maxSize: 2,
        subnetIds: ["subnet-0123456789abcdef0"],
        securityGroupIds: ["sg-0123456789abcdef0"],
    },
    LoadBalancer: {
        vpcId: "vpc-0123456789abcdef0",
        publicSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        securityGroupIds: ["sg-0123456789abcdef0"],
        routes: { api: { pathPatterns: ["/*"], port: 8080, healthCheckPath: "/health", targetType: "ip" } },
    },
    WebFirewall: {
        loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/test/0123456789abcdef",
    },
    Monitoring: {
        kmsKeyArn: KEY_ARN,
        services: { api: { clusterName: "test", serviceName: "api", minRunningTasks: 1 } },
    },
};

/** The token each component had before `ecs-platform:index:<Type>`: stacks created then must keep matching. */
const FORMER_TOKENS: Record<string, string> = {
    PlatformKey: "ecs-platform:secrets:PlatformKey",
    ServiceSecrets: "ecs-platform:secrets:ServiceSecrets",
    Logging: "ecs-platform:logging:Logging",
    Registry: "ecs-platform:registry:Registry",
    Budget: "ecs-platform:budget:Budget",
    TaskDefinition: "ecs-platform:ecs:TaskDefinition",
    Service: "ecs-platform:ecs:Service",
    BackendService: "ecs-platform:ecs:BackendService",
    WorkerService: "ecs-platform:ecs:WorkerService",
    ScheduledJob: "ecs-platform:ecs:ScheduledJob",
    Networking: "ecs-platform:networking:Networking",
    WorkloadSecurityGroups: "ecs-platform:networking:WorkloadSecurityGroups",
    Cluster: "ecs-platform:ecs:Cluster",
    Ec2Capacity: "ecs-platform:ecs:Ec2Capacity",
    LoadBalancer: "ecs-platform:ecs:LoadBalancer",
    WebFirewall: "ecs-platform:ecs:WebFirewall",
    Monitoring: "ecs-platform:ecs:Monitoring",
};

describe("component provider: Construct, as pulumi package add's SDKs call it", function () {
    this.timeout(120_000);
    let outputsOf: Record<string, string[]>;
    before(async () => {
        const schema = JSON.parse(await packageProvider().getSchema());
        outputsOf = Object.fromEntries(
            Object.entries<any>(schema.resources).map(([token, r]) => [token, Object.keys(r.properties ?? {})]),
        );
    });

    it("has inputs for every component of the package", () => {
        const packaged = exportedComponents().map(c => c.name);
        assert.deepStrictEqual(Object.keys(INPUTS).sort(), packaged.sort());
    });

    for (const [component, inputs] of Object.entries(INPUTS)) {
        it(`constructs ${component} under its token, with its children and outputs`, async () => {
            const token = `ecs-platform:index:${component}`;
            const { resources, outputs } = await runProgram(
                async () => {
                    const result = await packageProvider().construct("built", token, inputs, {});
                    return { urn: result.urn, state: Object.keys(result.state) };
                },
                { stack: "test", config: { "aws:region": "eu-west-1" } },
            );
            const urn = await promiseOf(outputs.urn);
            assert.strictEqual(urn, `urn:pulumi:test::ecs-platform::${token}::built`);
            assert.ok(
                resources.some(r => r.parent === urn && r.custom),
                `${component} registers its AWS resources as its children`,
            );
            assert.deepStrictEqual([...outputs.state].sort(), [...outputsOf[token]].sort());
            const registered = resources.find(r => r.urn === urn)!;
            assert.deepStrictEqual(
                registered.options.aliasSpecs?.map(alias => alias.type),
                [FORMER_TOKENS[component]],
                "an alias from the former token",
            );
        });
    }
});
