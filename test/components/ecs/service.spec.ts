import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ofType } from "../../../testing/harness";
import {
    baseArgs,
    fakeServiceSecrets,
    GIT_SHA,
    LOG_GROUP_ARN,
    policiesOf,
    rejection,
    REPOSITORY_ARN,
    REPOSITORY_URL,
    rolePolicy,
    runService,
    TARGET_GROUP_ARN,
} from "./service-fixtures";

const TAGS = { Environment: "test", Service: "api" };
const EC2_PROVIDER = "test-ec2-cp";

describe("components/ecs/service", () => {
    describe("Fargate defaults", () => {
        it("registers a Fargate task definition named <environment>-<service>", async () => {
            const { taskDefinition } = await runService(baseArgs());
            const inputs = taskDefinition.inputs;
            assert.strictEqual(inputs.family, "test-api");
            assert.deepStrictEqual(inputs.requiresCompatibilities, ["FARGATE"]);
            assert.strictEqual(inputs.networkMode, "awsvpc");
            assert.deepStrictEqual([inputs.cpu, inputs.memory], ["256", "512"]);
            assert.deepStrictEqual(inputs.runtimePlatform, {
                cpuArchitecture: "X86_64",
                operatingSystemFamily: "LINUX",
            });
            assert.deepStrictEqual(inputs.volumes, [{ name: "tmp" }]);
            assert.deepStrictEqual(inputs.tags, TAGS);
        });

        it("runs the service on FARGATE in private subnets without public IPs, behind the target group", async () => {
            const { service } = await runService(baseArgs());
            const inputs = service.inputs;
            assert.strictEqual(inputs.name, "api");
            assert.strictEqual(inputs.cluster, "arn:aws:ecs:eu-west-1:123456789012:cluster/test");
            assert.deepStrictEqual(inputs.capacityProviderStrategies, [
                { capacityProvider: "FARGATE", weight: 1, base: 0 },
            ]);
            assert.strictEqual(inputs.launchType, undefined, "launchType conflicts with a capacity provider strategy");
            assert.strictEqual(inputs.orderedPlacementStrategies, undefined, "Fargate rejects placement strategies");
            assert.deepStrictEqual(inputs.networkConfiguration, {
                subnets: ["subnet-a", "subnet-b"],
                securityGroups: ["sg-tasks"],
                assignPublicIp: false,
            });
            assert.deepStrictEqual(inputs.loadBalancers, [
                { targetGroupArn: TARGET_GROUP_ARN, containerName: "api", containerPort: 8080 },
            ]);
            assert.strictEqual(inputs.healthCheckGracePeriodSeconds, 60);
            assert.deepStrictEqual(inputs.tags, TAGS);
        });

        it("deploys with rollback on failure and waits for a steady state", async () => {
            const { service, options } = await runService(baseArgs());
            const inputs = service.inputs;
            assert.deepStrictEqual(inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
            assert.deepStrictEqual(inputs.deploymentConfiguration, { strategy: "ROLLING" });
            assert.deepStrictEqual(
                [inputs.deploymentMinimumHealthyPercent, inputs.deploymentMaximumPercent],
                [100, 200],
            );
            assert.strictEqual(inputs.waitForSteadyState, true);
            assert.deepStrictEqual(options.api?.customTimeouts, { create: "20m", update: "20m" });
            assert.strictEqual(options.api?.deleteBeforeReplace, true);
            assert.deepStrictEqual(
                [
                    inputs.propagateTags,
                    inputs.enableEcsManagedTags,
                    inputs.availabilityZoneRebalancing,
                    inputs.enableExecuteCommand,
                ],
                ["SERVICE", true, "ENABLED", false],
            );
        });

        it("takes deployment settings from the args", async () => {
            const { service, options } = await runService(
                baseArgs({
                    deploymentMinimumHealthyPercent: 50,
                    deploymentMaximumPercent: 150,
                    waitForSteadyState: false,
                    deploymentTimeoutMinutes: 45,
                    healthCheckGracePeriodSeconds: 120,
                }),
            );
            assert.deepStrictEqual(
                [
                    service.inputs.deploymentMinimumHealthyPercent,
                    service.inputs.deploymentMaximumPercent,
                    service.inputs.waitForSteadyState,
                    service.inputs.healthCheckGracePeriodSeconds,
                ],
                [50, 150, false, 120],
            );
            assert.deepStrictEqual(options.api?.customTimeouts, { create: "45m", update: "45m" });
        });

        it("turns AZ rebalancing off at maximumPercent 100, where ECS cannot start a task before stopping one", async () => {
            const { service } = await runService(
                baseArgs({ deploymentMinimumHealthyPercent: 0, deploymentMaximumPercent: 100 }),
            );
            assert.strictEqual(service.inputs.availabilityZoneRebalancing, "DISABLED");
            const { service: overlapping } = await runService(baseArgs({ deploymentMaximumPercent: 150 }));
            assert.strictEqual(overlapping.inputs.availabilityZoneRebalancing, "ENABLED");
        });

        it("takes the task subnets as one Output, as the networking layer provides them", async () => {
            const { service } = await runService(
                baseArgs({
                    subnetIds: pulumi.output(["subnet-a", "subnet-b", "subnet-c"]),
                    securityGroupIds: pulumi.output(["sg-tasks"]),
                }),
            );
            assert.deepStrictEqual(service.inputs.networkConfiguration.subnets, ["subnet-a", "subnet-b", "subnet-c"]);
        });

        it("has no load balancer settings for a service without a target group", async () => {
            const { service } = await runService(baseArgs({ targetGroupArn: undefined }));
            assert.strictEqual(service.inputs.loadBalancers, undefined);
            assert.strictEqual(service.inputs.healthCheckGracePeriodSeconds, undefined);
        });

        it("outputs the service, task definition, roles and image", async () => {
            const { outputs, service, taskDefinition, resources } = await runService(baseArgs());
            const role = (name: string) => ofType(resources, "aws:iam/role:Role").find(r => r.name === name)?.state.arn;
            assert.deepStrictEqual(outputs, {
                serviceName: "api",
                serviceArn: service.state.arn,
                taskDefinitionArn: taskDefinition.state.arn,
                executionRoleArn: role("api-execution"),
                taskRoleArn: role("api-task"),
                image: `${REPOSITORY_URL}:${GIT_SHA}`,
            });
            assert.strictEqual(taskDefinition.inputs.executionRoleArn, outputs.executionRoleArn);
            assert.strictEqual(taskDefinition.inputs.taskRoleArn, outputs.taskRoleArn);
        });

        it("previews without failing before anything exists", async () => {
            const { service, taskDefinition } = await runService(
                baseArgs({ autoscaling: { minCount: 2, maxCount: 4 } }),
                { preview: true },
            );
            assert.strictEqual(service.inputs.name, "api");
            assert.strictEqual(taskDefinition.inputs.family, "test-api");
        });
    });

    describe("capacity and placement", () => {
        it("spreads tasks over Fargate Spot with an on-demand base", async () => {
            const { service } = await runService(
                baseArgs({
                    capacityProviderStrategy: [
                        { capacityProvider: "FARGATE", base: 1, weight: 1 },
                        { capacityProvider: "FARGATE_SPOT", weight: 3 },
                    ],
                }),
            );
            assert.deepStrictEqual(service.inputs.capacityProviderStrategies, [
                { capacityProvider: "FARGATE", weight: 1, base: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
            ]);
            assert.strictEqual(service.inputs.forceNewDeployment, true, "strategy changes need a new deployment");
        });

        it("runs on EC2 in bridge mode with dynamic host ports and no network configuration", async () => {
            const { taskDefinition, containers, service } = await runService(
                baseArgs({
                    launchType: "EC2",
                    networkMode: "bridge",
                    subnetIds: undefined,
                    securityGroupIds: undefined,
                    cpu: 300,
                    memory: 700,
                    sidecars: [{ name: "metrics", image: "prom/statsd-exporter:v0.26.0", port: 9102, memory: 64 }],
                }),
            );
            assert.deepStrictEqual(taskDefinition.inputs.requiresCompatibilities, ["EC2"]);
            assert.strictEqual(taskDefinition.inputs.networkMode, "bridge");
            assert.deepStrictEqual([taskDefinition.inputs.cpu, taskDefinition.inputs.memory], ["300", "700"]);
            assert.deepStrictEqual(
                containers.map(c => c.portMappings),
                [
                    [{ containerPort: 8080, hostPort: 0, protocol: "tcp" }],
                    [{ containerPort: 9102, hostPort: 0, protocol: "tcp" }],
                    [], // the scratch init container publishes nothing
                ],
            );
            assert.strictEqual(service.inputs.networkConfiguration, undefined);
            assert.strictEqual(service.inputs.launchType, "EC2");
            assert.strictEqual(service.inputs.capacityProviderStrategies, undefined);
            assert.deepStrictEqual(service.inputs.orderedPlacementStrategies, [
                { type: "spread", field: "attribute:ecs.availability-zone" },
                { type: "spread", field: "instanceId" },
            ]);
            assert.deepStrictEqual(service.inputs.loadBalancers, [
                { targetGroupArn: TARGET_GROUP_ARN, containerName: "api", containerPort: 8080 },
            ]);
        });

        it("places EC2 tasks through an EC2 capacity provider when one is named", async () => {
            const { service } = await runService(
                baseArgs({ launchType: "EC2", capacityProviderStrategy: [{ capacityProvider: EC2_PROVIDER }] }),
            );
            assert.deepStrictEqual(service.inputs.capacityProviderStrategies, [
                { capacityProvider: EC2_PROVIDER, weight: 1, base: 0 },
            ]);
            assert.strictEqual(service.inputs.launchType, undefined);
            assert.ok(service.inputs.networkConfiguration, "awsvpc on EC2 keeps the task ENI settings");
        });

        it("rejects placements ECS would refuse", async () => {
            assert.match(await rejection(baseArgs({ networkMode: "bridge" })), /Fargate tasks only run in awsvpc/);
            assert.match(
                await rejection(baseArgs({ capacityProviderStrategy: [{ capacityProvider: EC2_PROVIDER }] })),
                /do not match launchType FARGATE/,
            );
            assert.match(
                await rejection(
                    baseArgs({ launchType: "EC2", capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT" }] }),
                ),
                /FARGATE_SPOT do not match launchType EC2/,
            );
            assert.match(
                await rejection(baseArgs({ capacityProviderStrategy: [] })),
                /needs a capacity provider strategy/,
            );
            assert.match(
                await rejection(
                    baseArgs({
                        capacityProviderStrategy: [
                            { capacityProvider: "FARGATE", base: 1 },
                            { capacityProvider: "FARGATE_SPOT", base: 1 },
                        ],
                    }),
                ),
                /only one capacity provider may set a base/,
            );
            assert.match(
                await rejection(baseArgs({ securityGroupIds: [] })),
                /awsvpc network mode needs subnetIds and securityGroupIds/,
            );
        });
    });

    describe("task size", () => {
        it("accepts a valid Fargate size and ARM64", async () => {
            const { taskDefinition } = await runService(baseArgs({ cpu: 1024, memory: 3072, architecture: "ARM64" }));
            assert.deepStrictEqual([taskDefinition.inputs.cpu, taskDefinition.inputs.memory], ["1024", "3072"]);
            assert.strictEqual(taskDefinition.inputs.runtimePlatform.cpuArchitecture, "ARM64");
        });

        it("rejects a size Fargate does not offer", async () => {
            assert.match(
                await rejection(baseArgs({ cpu: 256, memory: 4096 })),
                /Service "api" has invalid arguments:\n {2}- cpu: Fargate does not accept memory 4096 MiB with cpu 256/,
            );
            assert.match(await rejection(baseArgs({ cpu: 3000, memory: 4096 })), /no task cpu 3000/);
        });

        it("checks EC2 sizes only for being whole and positive", async () => {
            assert.match(
                await rejection(baseArgs({ launchType: "EC2", cpu: 0 })),
                /cpu and memory must be positive whole numbers/,
            );
        });
    });

    describe("container hardening", () => {
        it("runs the app read-only, as a non-root user, with no capabilities, a health check and awslogs", async () => {
            const { containers } = await runService(baseArgs());
            assert.deepStrictEqual(
                containers.map(c => c.name),
                ["api", "scratch-init"],
            );
            const [app] = containers;
            assert.strictEqual(app.name, "api");
            assert.strictEqual(app.essential, true);
            assert.strictEqual(app.readonlyRootFilesystem, true);
            assert.strictEqual(app.user, "1000:1000");
            assert.deepStrictEqual(app.linuxParameters, {
                capabilities: { add: [], drop: ["ALL"] },
                initProcessEnabled: false,
            });
            assert.deepStrictEqual(app.healthCheck, {
                command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
                interval: 30,
                timeout: 5,
                retries: 3,
                startPeriod: 60,
            });
            assert.deepStrictEqual(app.logConfiguration, {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": "/ecs/test/api",
                    "awslogs-region": "eu-west-1",
                    "awslogs-stream-prefix": "api",
                },
            });
            assert.deepStrictEqual(app.mountPoints, [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
            assert.deepStrictEqual(app.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
        });

        it("takes the port, health check, user and filesystem settings from the args", async () => {
            const { containers, taskDefinition, service } = await runService(
                baseArgs({
                    port: 3000,
                    healthCheckPath: "/ready",
                    healthCheck: { retries: 5 },
                    user: "2000:2000",
                    readonlyRootFilesystem: false,
                    writableTmp: false,
                }),
            );
            const [app] = containers;
            assert.deepStrictEqual(app.healthCheck.command, [
                "CMD-SHELL",
                "wget -qO- http://localhost:3000/ready || exit 1",
            ]);
            assert.strictEqual(app.healthCheck.retries, 5);
            assert.deepStrictEqual([app.user, app.readonlyRootFilesystem, app.mountPoints], ["2000:2000", false, []]);
            assert.deepStrictEqual(taskDefinition.inputs.volumes, []);
            assert.strictEqual(service.inputs.loadBalancers[0].containerPort, 3000);

            const custom = await runService(baseArgs({ healthCheck: { command: ["CMD", "/app/healthcheck"] } }));
            assert.deepStrictEqual(custom.containers[0].healthCheck.command, ["CMD", "/app/healthcheck"]);
        });

        it("rejects running as root", async () => {
            assert.match(await rejection(baseArgs({ user: "0" })), /must name a non-root user/);
            assert.match(await rejection(baseArgs({ user: "root:root" })), /must name a non-root user/);
            assert.match(
                await rejection(baseArgs({ sidecars: [{ name: "agent", image: "agent:1", user: "0:0" }] })),
                /Container "agent" user "0:0"/,
            );
        });

        it("hardens sidecars the same way, non-essential, started before the app", async () => {
            const { containers, taskDefinition } = await runService(
                baseArgs({
                    cpu: 512,
                    memory: 1024,
                    sidecars: [
                        {
                            name: "envoy",
                            image: "envoyproxy/envoy:v1.31.0",
                            cpu: 128,
                            memory: 256,
                            port: 9901,
                            environmentVariables: { ENVOY_UID: "1000" },
                            healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"] },
                        },
                    ],
                }),
            );
            const [app, envoy] = containers;
            assert.deepStrictEqual(app.dependsOn, [
                { containerName: "scratch-init", condition: "SUCCESS" },
                { containerName: "envoy", condition: "START" },
            ]);
            assert.deepStrictEqual(
                [envoy.essential, envoy.readonlyRootFilesystem, envoy.user, envoy.cpu, envoy.memory],
                [false, true, "1000:1000", 128, 256],
            );
            assert.deepStrictEqual(envoy.linuxParameters.capabilities, { add: [], drop: ["ALL"] });
            assert.deepStrictEqual(envoy.logConfiguration, app.logConfiguration);
            assert.deepStrictEqual(envoy.portMappings, [{ containerPort: 9901, hostPort: 9901, protocol: "tcp" }]);
            assert.deepStrictEqual(envoy.mountPoints, [
                { sourceVolume: "tmp-envoy", containerPath: "/tmp", readOnly: false },
            ]);
            assert.deepStrictEqual(envoy.healthCheck.command, ["CMD-SHELL", "curl -f localhost:9901/ready"]);
            assert.deepStrictEqual(taskDefinition.inputs.volumes, [{ name: "tmp" }, { name: "tmp-envoy" }]);
        });

        it("rejects sidecars that clash with the app or leave it no memory", async () => {
            assert.match(
                await rejection(baseArgs({ sidecars: [{ name: "api", image: "x:1" }] })),
                /must be unique in the task/,
            );
            assert.match(
                await rejection(baseArgs({ sidecars: [{ name: "big", image: "x:1", memory: 512 }] })),
                /sidecars reserve 512 of the task's 512 memory/,
            );
        });
    });

    describe("secrets", () => {
        const SENTINEL = "s3ntinel-VALUE-7d1f0c2b";
        const API_TOKEN = "t0ken-VALUE-44aa90";

        async function withSecrets() {
            return runService(
                (secrets: ReturnType<typeof fakeServiceSecrets>) =>
                    baseArgs({
                        environmentVariables: { LOG_LEVEL: "info" },
                        secrets: secrets.secretArns,
                        secretsPolicy: secrets.executionRolePolicy,
                        sidecars: [
                            { name: "agent", image: "agent:1", secrets: { AGENT_TOKEN: secrets.secretArns.API_TOKEN } },
                        ],
                    }),
                { before: () => fakeServiceSecrets({ DB_PASSWORD: SENTINEL, API_TOKEN }) },
            );
        }

        it("injects secrets by valueFrom only, never as plain environment", async () => {
            const { containers, resources } = await withSecrets();
            const arnOf = (name: string) =>
                ofType(resources, "aws:secretsmanager/secret:Secret").find(s => s.name === `secret-${name}`)?.state.arn;
            const [app, agent] = containers;
            assert.deepStrictEqual(app.secrets, [
                { name: "API_TOKEN", valueFrom: arnOf("API_TOKEN") },
                { name: "DB_PASSWORD", valueFrom: arnOf("DB_PASSWORD") },
            ]);
            assert.deepStrictEqual(app.environment, [{ name: "LOG_LEVEL", value: "info" }]);
            assert.deepStrictEqual(agent.secrets, [{ name: "AGENT_TOKEN", valueFrom: arnOf("API_TOKEN") }]);
            for (const container of containers) {
                const plainNames = container.environment.map((e: any) => e.name);
                assert.ok(
                    !plainNames.some((n: string) => ["DB_PASSWORD", "API_TOKEN", "AGENT_TOKEN"].includes(n)),
                    container.name,
                );
            }
        });

        it("gives the execution role exactly the service's secrets, its repository and its log group", async () => {
            const { containers, resources } = await withSecrets();
            assert.deepStrictEqual(policiesOf(resources, "api-execution"), ["pull-and-log", "secrets"]);
            const referenced = new Set(containers.flatMap(c => c.secrets.map((s: any) => s.valueFrom)));
            const readable = rolePolicy(resources, "api-execution-secrets")
                .Statement.filter((s: any) => s.Action.includes("secretsmanager:GetSecretValue"))
                .flatMap((s: any) => s.Resource);
            assert.deepStrictEqual(new Set(readable), referenced);
            assert.strictEqual(referenced.size, 2);

            const pullAndLog = rolePolicy(resources, "api-execution-pull-and-log").Statement;
            const scoped = pullAndLog.filter((s: any) => s.Resource !== "*");
            assert.deepStrictEqual(
                scoped.map((s: any) => s.Resource),
                [[REPOSITORY_ARN], `${LOG_GROUP_ARN}:*`],
            );
            assert.deepStrictEqual(
                pullAndLog.filter((s: any) => s.Resource === "*").map((s: any) => s.Action),
                [["ecr:GetAuthorizationToken"]],
            );
            assert.deepStrictEqual(policiesOf(resources, "api-task"), [], "the app's own role gets no secret access");
        });

        it("puts no secret value anywhere but in the secret versions", async () => {
            const { resources, taskDefinition } = await withSecrets();
            const holders = resources.filter(r => JSON.stringify(r.inputs).includes(SENTINEL)).map(r => r.type);
            assert.deepStrictEqual(
                holders,
                ["aws:secretsmanager/secretVersion:SecretVersion"],
                "the sentinel is only where the secrets layer stores it",
            );
            const leaks = resources
                .filter(r => r.type !== "aws:secretsmanager/secretVersion:SecretVersion")
                .filter(r => [SENTINEL, API_TOKEN].some(value => JSON.stringify([r.inputs, r.state]).includes(value)));
            assert.deepStrictEqual(
                leaks.map(r => `${r.type}::${r.name}`),
                [],
            );
            assert.ok(!taskDefinition.inputs.containerDefinitions.includes(SENTINEL));
        });

        it("refuses secrets the execution role could not read", async () => {
            const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/test/api/DB_PASSWORD-AbCdEf";
            assert.match(
                await rejection(baseArgs({ secrets: { DB_PASSWORD: secretArn } })),
                /references secrets but has no secretsPolicy/,
            );
            assert.match(
                await rejection(
                    baseArgs({ sidecars: [{ name: "agent", image: "agent:1", secrets: { TOKEN: secretArn } }] }),
                ),
                /no secretsPolicy/,
            );
            assert.match(
                await rejection(
                    baseArgs({
                        image: { external: "docker.io/acme/api:1.0", credentialsSecretArn: secretArn },
                    }),
                ),
                /no secretsPolicy/,
            );
            assert.match(
                await rejection(
                    baseArgs({
                        environmentVariables: { DB_PASSWORD: "x" },
                        secrets: { DB_PASSWORD: secretArn },
                        secretsPolicy: "{}",
                    }),
                ),
                /both as plain environment and as secrets/,
            );
        });
    });

    describe("ECS Exec", () => {
        const EXEC_LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/exec";
        const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

        it("enables execute-command with the init process, the agent's writable dirs and the task role grants", async () => {
            const { service, containers, taskDefinition, resources } = await runService(
                baseArgs({ exec: { enabled: true, logGroupArn: EXEC_LOG_GROUP, kmsKeyArn: KEY_ARN } }),
            );
            assert.strictEqual(service.inputs.enableExecuteCommand, true);
            assert.strictEqual(containers[0].linuxParameters.initProcessEnabled, true);
            assert.strictEqual(containers[0].readonlyRootFilesystem, true);
            assert.deepStrictEqual(
                containers[0].mountPoints.map((m: any) => m.containerPath),
                ["/tmp", "/managed-agents", "/var/lib/amazon", "/var/log/amazon"],
            );
            assert.deepStrictEqual(
                taskDefinition.inputs.volumes.map((v: any) => v.name),
                ["tmp", "ecs-exec-agents", "ecs-exec-lib", "ecs-exec-log"],
            );
            assert.deepStrictEqual(policiesOf(resources, "api-task"), ["ecs-exec"]);
            const statements = rolePolicy(resources, "api-task-ecs-exec").Statement;
            const channels = statements.find((s: any) => s.Sid === "EcsExecChannels");
            assert.deepStrictEqual(channels.Action, [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ]);
            assert.ok(statements.some((s: any) => s.Resource === `${EXEC_LOG_GROUP}:*`));
            assert.ok(statements.some((s: any) => s.Resource === KEY_ARN && s.Action.includes("kms:Decrypt")));
        });

        it("adds nothing for exec while it is off", async () => {
            const { service, containers, resources } = await runService(baseArgs({ exec: { enabled: false } }));
            assert.strictEqual(service.inputs.enableExecuteCommand, false);
            assert.strictEqual(containers[0].linuxParameters.initProcessEnabled, false);
            assert.deepStrictEqual(policiesOf(resources, "api-task"), []);
        });
    });

    describe("blue/green", () => {
        const blueGreen = {
            alternateTargetGroupArn:
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api-green/1111111111111111",
            productionListenerRuleArn:
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/alb/1/2/3",
            testListenerRuleArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/alb/1/2/4",
            roleArn: "arn:aws:iam::123456789012:role/ecs-blue-green",
        };

        it("deploys blue/green through the alternate target group with a bake time", async () => {
            const { service } = await runService(baseArgs({ blueGreen: { ...blueGreen, bakeTimeMinutes: 15 } }));
            assert.deepStrictEqual(service.inputs.deploymentConfiguration, {
                strategy: "BLUE_GREEN",
                bakeTimeInMinutes: "15",
            });
            assert.deepStrictEqual(service.inputs.loadBalancers, [
                {
                    targetGroupArn: TARGET_GROUP_ARN,
                    containerName: "api",
                    containerPort: 8080,
                    advancedConfiguration: {
                        alternateTargetGroupArn: blueGreen.alternateTargetGroupArn,
                        productionListenerRule: blueGreen.productionListenerRuleArn,
                        testListenerRule: blueGreen.testListenerRuleArn,
                        roleArn: blueGreen.roleArn,
                    },
                },
            ]);
            assert.deepStrictEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
            assert.ok(
                service.options.ignoreChanges.includes("loadBalancers"),
                "ECS owns the live target group after a swap",
            );
        });

        it("bakes for 5 minutes by default and needs a target group", async () => {
            const { service } = await runService(baseArgs({ blueGreen }));
            assert.strictEqual(service.inputs.deploymentConfiguration.bakeTimeInMinutes, "5");
            assert.match(
                await rejection(baseArgs({ targetGroupArn: undefined, blueGreen })),
                /blueGreen deployments need a targetGroupArn/,
            );
            assert.match(
                await rejection(baseArgs({ blueGreen: { ...blueGreen, bakeTimeMinutes: 2000 } })),
                /blueGreen.bakeTimeMinutes: must be a whole number of minutes from 0 to 1440/,
            );
        });
    });

    describe("desired count", () => {
        it("manages desiredCount while autoscaling is off", async () => {
            const { service } = await runService(baseArgs({ desiredCount: 3 }));
            assert.strictEqual(service.inputs.desiredCount, 3);
            assert.deepStrictEqual(service.options.ignoreChanges, []);
        });

        it("starts at the minimum and leaves the count to the scaler while autoscaling is on", async () => {
            const { service, resources } = await runService(
                baseArgs({ desiredCount: 4, autoscaling: { minCount: 2, maxCount: 6 } }),
            );
            assert.strictEqual(service.inputs.desiredCount, 2);
            assert.deepStrictEqual(service.options.ignoreChanges, ["desiredCount"]);
            assert.strictEqual(ofType(resources, "aws:appautoscaling/policy:Policy").length, 1);
        });

        it("rejects counts and deployment settings that make no sense", async () => {
            assert.match(await rejection(baseArgs({ desiredCount: -1 })), /desiredCount must be a whole number/);
            assert.match(await rejection(baseArgs({ deploymentMinimumHealthyPercent: 150 })), /deployment percents/);
            assert.match(await rejection(baseArgs({ deploymentTimeoutMinutes: 0 })), /deploymentTimeoutMinutes/);
            assert.match(
                await rejection(baseArgs({ serviceName: "bad name" })),
                /serviceName: "bad name" must use only letters/,
            );
            assert.match(await rejection(baseArgs({ port: 70000 })), /port must be 1–65535/);
        });
    });
});
