import * as assert from "assert";
import { ConfigError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { readStackFile } from "../../testing/stack-file";

type Json = Record<string, unknown>;

/** A minimal valid staging configuration; each test breaks one thing. */
function baseConfig(): Record<string, Json | string> {
    return {
        environment: "staging",
        owner: "team",
        services: {
            web: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"] } },
            api: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/api/*"] } },
        },
    };
}

function values(config: Record<string, unknown>, region = "eu-west-1"): Record<string, string> {
    const out: Record<string, string> = { "aws:region": region };
    for (const [k, v] of Object.entries(config)) {
        out[`ecs-platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

function parse(config: Record<string, unknown>, options: { secretKeys?: string[]; region?: string } = {}) {
    return parseStackConfig({
        stack: "staging",
        values: values(config, options.region),
        secretKeys: options.secretKeys ?? [],
    });
}

/** Asserts the config fails with one ConfigError naming the stack file, the key path and the expected text. */
function assertProblem(config: Record<string, unknown>, key: string, expected: RegExp) {
    try {
        parse(config);
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), `expected a ConfigError, got ${String(err)}`);
        assert.match(err.message, /^Invalid stack configuration in Pulumi\.staging\.yaml/);
        const problem = err.problems.find(p => p.key === key);
        assert.ok(problem, `no problem for ${key}; got ${JSON.stringify(err.problems)}`);
        assert.match(problem.message, expected);
        assert.ok(err.message.includes(`${key}: ${problem.message}`), "the message lists the key and what is allowed");
        return;
    }
    assert.fail(`expected the config to be rejected at ${key}`);
}

function withService(name: string, patch: Json): Record<string, unknown> {
    const config = baseConfig();
    const services = config.services as Record<string, Json>;
    services[name] = { ...services[name], ...patch };
    return config;
}

describe("infra/config", () => {
    describe("valid stacks", () => {
        for (const stack of ["staging", "prod"]) {
            it(`accepts Pulumi.${stack}.yaml`, () => {
                const file = readStackFile(stack);
                const config = parseStackConfig({ stack, values: file.values, secretKeys: file.secretKeys });
                assert.strictEqual(config.environment, stack);
                assert.ok(config.services.length >= 2, "at least two services behind one ALB");
            });
        }

        it("applies environment defaults: staging is small and disposable", () => {
            const config = parse(baseConfig());
            assert.strictEqual(config.network.azCount, 2);
            assert.strictEqual(config.network.natGateways, "single");
            assert.strictEqual(config.network.interfaceEndpoints, false);
            assert.strictEqual(config.logging.retentionDays, 14);
            assert.strictEqual(config.protectStatefulResources, false);
            assert.strictEqual(config.loadBalancer.deletionProtection, false);
            assert.ok(config.cluster.capacityStrategy.some(s => s.provider === "FARGATE_SPOT"));
            assert.deepStrictEqual(
                config.services.map(s => [s.name, s.minCount, s.desiredCount, s.maxCount]),
                [
                    ["web", 1, 1, 2],
                    ["api", 1, 1, 2],
                ],
            );
        });

        it("applies environment defaults: prod is highly available and protected", () => {
            const config = parse({ ...baseConfig(), environment: "prod" });
            assert.strictEqual(config.network.azCount, 3);
            assert.strictEqual(config.network.natGateways, "perAz");
            assert.strictEqual(config.network.interfaceEndpoints, true);
            assert.strictEqual(config.logging.retentionDays, 90);
            assert.strictEqual(config.protectStatefulResources, true);
            assert.strictEqual(config.loadBalancer.deletionProtection, true);
            assert.strictEqual(config.deployment.minimumHealthyPercent, 100);
            assert.ok(config.cluster.capacityStrategy.every(s => s.provider === "FARGATE"));
            assert.ok(config.services.every(s => s.minCount >= 3));
        });

        it("takes explicit values over environment defaults", () => {
            const config = parse({
                ...baseConfig(),
                network: { azCount: 3, natGateways: "perAz" },
                logging: { retentionDays: 30 },
            });
            assert.strictEqual(config.network.azCount, 3);
            assert.strictEqual(config.network.natGateways, "perAz");
            assert.strictEqual(config.logging.retentionDays, 30);
        });
    });

    describe("bad configuration fails with one clear message", () => {
        it("an unknown top-level key", () =>
            assertProblem(
                { ...baseConfig(), netwrok: {} },
                "ecs-platform:netwrok",
                /not a known key \(did you mean network\?\); allowed here: environment, owner/,
            ));
        it("an unknown nested key", () =>
            assertProblem(
                { ...baseConfig(), network: { vpcCidrs: "10.0.0.0/16" } },
                "ecs-platform:network.vpcCidrs",
                /allowed here: vpcCidr, azCount/,
            ));
        it("an unknown service key", () =>
            assertProblem(
                withService("web", { replicas: 2 }),
                "ecs-platform:services.web.replicas",
                /allowed here: image, cpu, memory/,
            ));
        it("a missing required key", () => {
            const config = baseConfig();
            delete config.owner;
            assertProblem(config, "ecs-platform:owner", /is required/);
        });
        it("an invalid environment", () =>
            assertProblem(
                { ...baseConfig(), environment: "dev" },
                "ecs-platform:environment",
                /must be one of "staging", "prod" \(got "dev"\)/,
            ));
        it("a malformed CIDR", () =>
            assertProblem(
                { ...baseConfig(), network: { vpcCidr: "10.0.0/16" } },
                "ecs-platform:network.vpcCidr",
                /IPv4 CIDR/,
            ));
        it("a CIDR with an octet out of range", () =>
            assertProblem(
                { ...baseConfig(), network: { vpcCidr: "10.300.0.0/16" } },
                "ecs-platform:network.vpcCidr",
                /./,
            ));
        it("a VPC too small for the subnet plan", () =>
            assertProblem(
                { ...baseConfig(), network: { vpcCidr: "10.0.0.0/26", azCount: 3 } },
                "ecs-platform:network.vpcCidr",
                /too small/,
            ));
        it("a cpu that Fargate does not offer", () =>
            assertProblem(
                withService("web", { cpu: 300 }),
                "ecs-platform:services.web.cpu",
                /no task cpu 300; use one of 256, 512, 1024/,
            ));
        it("a cpu/memory pair Fargate rejects", () =>
            assertProblem(
                withService("web", { cpu: 256, memory: 4096 }),
                "ecs-platform:services.web.memory",
                /does not accept memory 4096 MiB with cpu 256; allowed: 512, 1024, 2048/,
            ));
        it("min greater than max", () =>
            assertProblem(
                withService("web", { minCount: 3, maxCount: 2 }),
                "ecs-platform:services.web.minCount",
                /must not exceed the maximum \(3 > 2\)/,
            ));
        it("desired outside min..max", () =>
            assertProblem(
                withService("web", { minCount: 1, maxCount: 2, desiredCount: 5 }),
                "ecs-platform:services.web.desiredCount",
                /must lie within the autoscaling bounds 1\.\.2 \(got 5\)/,
            ));
        it("prod services below two tasks or not spanning every AZ", () =>
            assertProblem(
                { ...withService("web", { minCount: 2, maxCount: 4 }), environment: "prod" },
                "ecs-platform:services.web.minCount",
                /at least 3 in prod/,
            ));
        it("a port out of range", () =>
            assertProblem(
                withService("web", { port: 70000 }),
                "ecs-platform:services.web.port",
                /at most 65535 \(got 70000\)/,
            ));
        it("a port that is not a number", () =>
            assertProblem(
                withService("web", { port: "http" }),
                "ecs-platform:services.web.port",
                /must be a number \(got "http"\)/,
            ));
        it("two services claiming the same route", () =>
            assertProblem(withService("api", { route: { paths: ["/*"] } }), "ecs-platform:services.api.route", /\/\*/));
        it("a service name that cannot name AWS resources", () => {
            const config = baseConfig();
            (config.services as Json).Web_Service = (config.services as Json).web;
            assertProblem(config, "ecs-platform:services.Web_Service", /lowercase/);
        });
        it("an unknown image source", () =>
            assertProblem(
                withService("web", { image: { source: "dockerhub", name: "x" } }),
                "ecs-platform:services.web.image.source",
                /must be one of "ecr", "build", "external"/,
            ));
        it("an ecr image without a tag or digest", () =>
            assertProblem(
                withService("web", { image: { source: "ecr" } }),
                "ecs-platform:services.web.image",
                /exactly one of tag or digest/,
            ));
        it("a mutable latest tag", () =>
            assertProblem(
                withService("web", { image: { source: "ecr", tag: "latest" } }),
                "ecs-platform:services.web.image.tag",
                /immutable tag/,
            ));
        it("a secret-looking plain environment variable", () =>
            assertProblem(
                withService("web", { environment: { DB_PASSWORD: "hunter2" } }),
                "ecs-platform:services.web.environment.DB_PASSWORD",
                /declare it under secrets/,
            ));
        it("a config-sourced secret with no value", () =>
            assertProblem(
                withService("api", { secrets: { DB_PASSWORD: { source: "config" } } }),
                "ecs-platform:secretValues.api.DB_PASSWORD",
                /is required/,
            ));
        it("plaintext secret values in the stack file", () =>
            assertProblem(
                {
                    ...withService("api", { secrets: { DB_PASSWORD: { source: "config" } } }),
                    secretValues: { api: { DB_PASSWORD: "x" } },
                },
                "ecs-platform:secretValues.api.DB_PASSWORD",
                /plaintext/,
            ));
        it("registry credentials that are not a Secrets Manager secret of the service", () =>
            assertProblem(
                withService("web", {
                    image: { source: "external", name: "docker.io/acme/web:1.0", credentialsSecret: "DOCKERHUB" },
                }),
                "ecs-platform:services.web.image.credentialsSecret",
                /Secrets Manager secrets/,
            ));
        it("rotation on an SSM parameter", () =>
            assertProblem(
                withService("api", { secrets: { TOKEN: { store: "ssm", rotation: "out-of-band" } } }),
                "ecs-platform:services.api.secrets.TOKEN.rotation",
                /Secrets Manager secrets only/,
            ));
        it("a rotation Lambda that is not a Lambda ARN", () =>
            assertProblem(
                withService("api", { secrets: { TOKEN: { rotation: { lambdaArn: "rotate-me", afterDays: 30 } } } }),
                "ecs-platform:services.api.secrets.TOKEN.rotation.lambdaArn",
                /Lambda function ARN/,
            ));
        it("request-count scaling on a blue/green service", () =>
            assertProblem(
                withService("api", { blueGreen: true, autoscaling: { requestsPerTarget: 500 } }),
                "ecs-platform:services.api.autoscaling.requestsPerTarget",
                /blueGreen/,
            ));
        it("bridge networking on Fargate", () =>
            assertProblem(
                withService("web", { networkMode: "bridge" }),
                "ecs-platform:services.web.networkMode",
                /capacity: ec2/,
            ));
        it("EC2 capacity without an EC2 cluster", () =>
            assertProblem(
                withService("web", { capacity: "ec2" }),
                "ecs-platform:services.web.capacity",
                /cluster\.ec2 is not configured/,
            ));
        it("log retention CloudWatch does not offer", () =>
            assertProblem(
                { ...baseConfig(), logging: { retentionDays: 10 } },
                "ecs-platform:logging.retentionDays",
                /must be one of 1, 3, 5, 7, 14, 30, .* \(got 10\)/,
            ));
        it("a missing or malformed region", () => {
            assert.throws(
                () => parse(baseConfig(), { region: "mars" }),
                (err: unknown) => ConfigError.isConfigError(err) && err.problems.some(p => p.key === "aws:region"),
            );
        });

        it("reports every problem at once, in one message", () => {
            try {
                parse({ ...withService("web", { port: 0, cpu: 300 }), netwrok: {} });
                assert.fail("expected a ConfigError");
            } catch (err) {
                assert.ok(ConfigError.isConfigError(err));
                assert.ok(err.problems.length >= 2);
                assert.ok(!/\n\s+at /.test(err.message), "no stack trace in the message");
            }
        });
    });

    it("accepts config-sourced secrets when their values are Pulumi secrets", () => {
        const config = parse(
            {
                ...withService("api", { secrets: { DB_PASSWORD: { source: "config" } } }),
                secretValues: { api: { DB_PASSWORD: "s3cret" } },
            },
            { secretKeys: ["ecs-platform:secretValues"] },
        );
        assert.deepStrictEqual(config.secretValues, { api: { DB_PASSWORD: "s3cret" } });
    });
});
