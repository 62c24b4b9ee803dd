import * as assert from "assert";
import { ConfigError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";

type Json = Record<string, any>;

/** A minimal valid staging configuration; each case changes one thing. */
function baseConfig(): Json {
    return {
        environment: "staging",
        owner: "team",
        services: {
            web: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"] } },
            api: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/api/*"] } },
        },
    };
}

function parse(config: Json, secretKeys: string[] = []) {
    const values: Record<string, string> = { "aws:region": "eu-west-1" };
    for (const [k, v] of Object.entries(config)) {
        values[`ecs-platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return parseStackConfig({ stack: "staging", values, secretKeys });
}

function problemsOf(config: Json, secretKeys: string[] = []): { key: string; message: string }[] {
    try {
        parse(config, secretKeys);
        return [];
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), `expected a ConfigError, got ${String(err)}`);
        return err.problems;
    }
}

/** One rule: a config that breaks it (the key and message expected) and one that keeps it. */
interface Case {
    rule: string;
    bad: (c: Json) => void;
    key: string;
    message: RegExp;
    good: (c: Json) => void;
}

const web = (c: Json) => c.services.web;
const prodApiArn = (service: string, rest: string, region = "eu-west-1") =>
    `arn:aws:${service}:${region}:123456789012:${rest}`;

const CASES: Case[] = [
    {
        rule: "tag keys: no aws: prefix",
        bad: c => (c.tags = { "aws:team": "x" }),
        key: "ecs-platform:tags.aws:team",
        message: /must not start with aws:/,
        good: c => (c.tags = { team: "x" }),
    },
    {
        rule: "tag keys: AWS's characters only",
        bad: c => (c.tags = { "team#1": "x" }),
        key: "ecs-platform:tags.team#1",
        message: /AWS tag characters/,
        good: c => (c.tags = { "team:1 é": "x" }),
    },
    {
        rule: "tag values: at most 256 characters",
        bad: c => (c.tags = { team: "x".repeat(257) }),
        key: "ecs-platform:tags.team",
        message: /at most 256 characters/,
        good: c => (c.tags = { team: "x".repeat(256) }),
    },
    {
        rule: "tags: never one the platform sets",
        bad: c => (c.tags = { owner: "x" }),
        key: "ecs-platform:tags.owner",
        message: /platform sets itself/,
        good: c => (c.tags = { "owner-team": "x" }),
    },
    {
        rule: "tags: within AWS's 50 a resource",
        bad: c => (c.tags = Object.fromEntries([...Array(42).keys()].map(i => [`t${i}`, "x"]))),
        key: "ecs-platform:tags",
        message: /at most 41 tags/,
        good: c => (c.tags = Object.fromEntries([...Array(41).keys()].map(i => [`t${i}`, "x"]))),
    },
    {
        rule: "owner: a tag value",
        bad: c => (c.owner = "team<script>"),
        key: "ecs-platform:owner",
        message: /AWS tag characters/,
        good: c => (c.owner = "team-a@example.com"),
    },
    {
        rule: "path patterns: ALB characters",
        bad: c => (web(c).route = { paths: ["/a b/*"] }),
        key: "ecs-platform:services.web.route.paths.0",
        message: /must start with '\/' and use only/,
        good: c => (web(c).route = { paths: ["/a-b/~x/*.json"] }),
    },
    {
        rule: "path patterns: at most 128 characters",
        bad: c => (web(c).route = { paths: [`/${"a".repeat(128)}`] }),
        key: "ecs-platform:services.web.route.paths.0",
        message: /at most 128 characters/,
        good: c => (web(c).route = { paths: [`/${"a".repeat(127)}`] }),
    },
    {
        rule: "host conditions: a host name",
        bad: c => (web(c).route = { paths: ["/*"], hosts: ["localhost"] }),
        key: "ecs-platform:services.web.route.hosts.0",
        message: /must be a host name/,
        good: c => (web(c).route = { paths: ["/*"], hosts: ["*.example.com"] }),
    },
    {
        rule: "health check paths start with /",
        bad: c => (web(c).healthCheckPath = "health"),
        key: "ecs-platform:services.web.healthCheckPath",
        message: /must start with '\/'/,
        good: c => (web(c).healthCheckPath = "/healthz"),
    },
    {
        rule: "image references: Docker's grammar",
        bad: c => (web(c).sidecars = [{ name: "proxy", image: "Envoy Proxy:latest" }]),
        key: "ecs-platform:services.web.sidecars.0.image",
        message: /must be an image reference/,
        good: c => (web(c).sidecars = [{ name: "proxy", image: "public.ecr.aws/envoy/envoy:v1.31.0" }]),
    },
    {
        rule: "external images: Docker's grammar",
        bad: c => (web(c).image = { source: "external", name: "docker.io/Acme/web:1.0" }),
        key: "ecs-platform:services.web.image.name",
        message: /must be an image reference/,
        good: c =>
            (web(c).image = {
                source: "external",
                name: "registry.example.com:5000/acme/web@sha256:" + "a".repeat(64),
            }),
    },
    {
        rule: "service names: no trailing or doubled '-' (ECR, target groups)",
        bad: c => (c.services = { "web-": web(c) }),
        key: "ecs-platform:services.web-",
        message: /single '-' between them/,
        good: c => (c.services = { "web-a": web(c) }),
    },
    {
        rule: "certificates: ACM, in the stack's Region",
        bad: c => (c.loadBalancer = { certificateArn: prodApiArn("acm", "certificate/abc-123", "us-east-1") }),
        key: "ecs-platform:loadBalancer.certificateArn",
        message: /is a certificate of us-east-1; an ALB in eu-west-1 needs one of its own region/,
        good: c => (c.loadBalancer = { certificateArn: prodApiArn("acm", "certificate/abc-123") }),
    },
    {
        rule: "web ACLs: regional WAFv2, in the stack's Region",
        bad: c =>
            (c.loadBalancer = { waf: true, wafWebAclArn: prodApiArn("wafv2", "regional/webacl/x/1", "eu-west-2") }),
        key: "ecs-platform:loadBalancer.wafWebAclArn",
        message: /stack's Region eu-west-1/,
        good: c => (c.loadBalancer = { waf: true, wafWebAclArn: prodApiArn("wafv2", "regional/webacl/x/1") }),
    },
    {
        rule: "rotation functions: in the stack's Region",
        bad: c =>
            (c.services.api.secrets = {
                DB: { rotation: { lambdaArn: prodApiArn("lambda", "function:rotate", "us-west-2"), afterDays: 30 } },
            }),
        key: "ecs-platform:services.api.secrets.DB.rotation.lambdaArn",
        message: /stack's Region eu-west-1/,
        good: c =>
            (c.services.api.secrets = {
                DB: { rotation: { lambdaArn: prodApiArn("lambda", "function:rotate"), afterDays: 30 } },
            }),
    },
    {
        rule: "EC2 instance types match the architecture",
        bad: c => (c.cluster = { ec2: { instanceType: "m7g.large", maxSize: 2 } }),
        key: "ecs-platform:cluster.ec2.instanceType",
        message: /Graviton \(arm64\) type, but architecture is x86_64/,
        good: c => (c.cluster = { ec2: { instanceType: "m7g.large", architecture: "arm64", maxSize: 2 } }),
    },
    {
        rule: "capacity strategies: never Fargate and EC2 together (the Cluster's rule)",
        bad: c =>
            (c.cluster = {
                ec2: { instanceType: "t3.medium", maxSize: 2 },
                capacityStrategy: [{ provider: "FARGATE", base: 1 }, { provider: "EC2" }],
            }),
        key: "ecs-platform:cluster.capacityStrategy",
        message: /mixes Fargate and EC2/,
        good: c =>
            (c.cluster = { ec2: { instanceType: "t3.medium", maxSize: 2 }, capacityStrategy: [{ provider: "EC2" }] }),
    },
    {
        rule: "capacity strategies: a base on one entry only",
        bad: c =>
            (c.cluster = {
                capacityStrategy: [
                    { provider: "FARGATE", base: 1 },
                    { provider: "FARGATE_SPOT", base: 1 },
                ],
            }),
        key: "ecs-platform:cluster.capacityStrategy",
        message: /base on more than one entry/,
        good: c => (c.cluster = { capacityStrategy: [{ provider: "FARGATE", base: 1 }, { provider: "FARGATE_SPOT" }] }),
    },
    {
        rule: "EC2 sizes: min ≤ max (the Ec2Capacity's rule)",
        bad: c => (c.cluster = { ec2: { instanceType: "t3.medium", minSize: 3, maxSize: 2 } }),
        key: "ecs-platform:cluster.ec2.minSize",
        message: /must not exceed maxSize \(3 > 2\)/,
        good: c => (c.cluster = { ec2: { instanceType: "t3.medium", minSize: 2, maxSize: 2 } }),
    },
    {
        rule: "log groups: the name exec is reserved (the Logging rule)",
        bad: c => (c.services = { exec: web(c) }),
        key: "ecs-platform:services.exec",
        message: /is reserved/,
        good: c => (c.services = { executor: web(c) }),
    },
    {
        rule: "shared repository: an ECR name (the Registry's rule)",
        bad: c => (c.registry = { sharedRepository: "team//apps" }),
        key: "ecs-platform:registry.sharedRepository",
        message: /is not an ECR repository name/,
        good: c => (c.registry = { sharedRepository: "team/apps" }),
    },
    {
        rule: "pull accounts: each once (the Registry's rule)",
        bad: c => (c.registry = { pullAccountIds: ["111111111111", "111111111111"] }),
        key: "ecs-platform:registry.pullAccountIds.1",
        message: /listed once/,
        good: c => (c.registry = { pullAccountIds: ["111111111111", "222222222222"] }),
    },
    {
        rule: "release tag prefixes: each once (the lifecycle rule)",
        bad: c => (c.registry = { lifecycle: { releaseTagPrefixes: ["v", "v"] } }),
        key: "ecs-platform:registry.lifecycle.releaseTagPrefixes.1",
        message: /listed twice/,
        good: c => (c.registry = { lifecycle: { releaseTagPrefixes: ["v", "sha-"] } }),
    },
    {
        rule: "schedules: App Auto Scaling's cron(…) with six fields",
        bad: c =>
            (web(c).autoscaling = {
                scheduledActions: [{ name: "night", schedule: "cron(0 20 * * *)", minCount: 1, maxCount: 2 }],
            }),
        key: "ecs-platform:services.web.autoscaling.scheduledActions.0.schedule",
        message: /six fields/,
        good: c =>
            (web(c).autoscaling = {
                scheduledActions: [{ name: "night", schedule: "cron(0 20 * * ? *)", minCount: 1, maxCount: 2 }],
            }),
    },
    {
        rule: "time zones: IANA names",
        bad: c =>
            (web(c).autoscaling = {
                scheduledActions: [
                    { name: "n", schedule: "rate(1 day)", minCount: 1, maxCount: 2, timezone: "Europe/Dubln" },
                ],
            }),
        key: "ecs-platform:services.web.autoscaling.scheduledActions.0.timezone",
        message: /IANA time zone/,
        good: c =>
            (web(c).autoscaling = {
                scheduledActions: [
                    { name: "n", schedule: "rate(1 day)", minCount: 1, maxCount: 2, timezone: "Europe/Dublin" },
                ],
            }),
    },
    {
        rule: "scheduled actions: min ≤ max (the autoscaling rule)",
        bad: c =>
            (web(c).autoscaling = {
                scheduledActions: [{ name: "n", schedule: "rate(1 day)", minCount: 3, maxCount: 2 }],
            }),
        key: "ecs-platform:services.web.autoscaling.scheduledActions.0.minCount",
        message: /must not exceed the maximum \(3 > 2\)/,
        good: c =>
            (web(c).autoscaling = {
                scheduledActions: [{ name: "n", schedule: "rate(1 day)", minCount: 2, maxCount: 2 }],
            }),
    },
    {
        rule: "deployment percents: minimum below maximum (the Service's rule)",
        bad: c => (c.deployment = { minimumHealthyPercent: 100, maximumPercent: 100 }),
        key: "ecs-platform:deployment.maximumPercent",
        message: /minimumHealthy < maximum, got 100\/100/,
        good: c => (c.deployment = { minimumHealthyPercent: 100, maximumPercent: 150 }),
    },
    {
        rule: "alarm emails: addresses",
        bad: c => (c.alarms = { emails: ["ops@"] }),
        key: "ecs-platform:alarms.emails.0",
        message: /./,
        good: c => (c.alarms = { emails: ["ops@example.com"] }),
    },
];

describe("infra/config: AWS's limits and the components' rules, at the boundary", () => {
    for (const c of CASES) {
        describe(c.rule, () => {
            it("a bad value fails with the key and what is allowed", () => {
                const config = baseConfig();
                c.bad(config);
                const problem = problemsOf(config).find(p => p.key === c.key);
                assert.ok(problem, `no problem for ${c.key}; got ${JSON.stringify(problemsOf(config))}`);
                assert.match(problem.message, c.message);
            });
            it("a good value passes", () => {
                const config = baseConfig();
                c.good(config);
                assert.deepStrictEqual(problemsOf(config), []);
            });
        });
    }

    describe("registry credentials: the JSON ECS reads, never echoed", () => {
        const withCredentials = (value: string) => {
            const config = baseConfig();
            web(config).image = { source: "external", name: "docker.io/acme/web:1.0", credentialsSecret: "HUB" };
            web(config).secrets = { HUB: { source: "config" } };
            config.secretValues = { web: { HUB: value } };
            return problemsOf(config, ["ecs-platform:secretValues"]);
        };
        it("a value that is not {username, password} JSON is refused, without the value", () => {
            const problems = withCredentials("hunter2-not-json");
            assert.deepStrictEqual(problems, [
                {
                    key: "ecs-platform:secretValues.web.HUB",
                    message: 'must be the JSON {"username": "...", "password": "..."}',
                },
            ]);
        });
        it("the JSON is accepted", () => {
            assert.deepStrictEqual(withCredentials(JSON.stringify({ username: "u", password: "p" })), []);
        });
    });
});
