import * as assert from "assert";
import { isPlaceholderAddress } from "../../infra/layers/monitoring";
import { main } from "../../infra/program";
import { ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

/** Both sample stacks, as `pulumi up` would register them, for what makes a first deploy and every later one safe. */
async function synthesize(stack: string) {
    const file = readStackFile(stack);
    return runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
}

/** The stack file's `kind: worker` services. */
function workersOf(stack: string): string[] {
    const services: Record<string, { kind?: string }> = JSON.parse(
        readStackFile(stack).values["ecs-platform:services"],
    );
    return Object.entries(services)
        .filter(([, service]) => service.kind === "worker")
        .map(([name]) => name);
}

describe("infra/program: deployments", function () {
    this.timeout(60000);
    const stacks: Record<string, Awaited<ReturnType<typeof synthesize>>> = {};

    before(async () => {
        stacks.staging = await synthesize("staging");
        stacks.prod = await synthesize("prod");
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: every service watches its own deployment alarms, with rollback`, () => {
            const { resources } = stacks[stack];
            const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
            const services = ofType(resources, "aws:ecs/service:Service");
            assert.ok(services.length >= 2);
            for (const service of services) {
                const { alarmNames, enable, rollback } = service.inputs.alarms;
                assert.deepStrictEqual({ enable, rollback }, { enable: true, rollback: true }, service.name);
                const watched = alarmNames.map((name: string) =>
                    alarms.find(a => a.state.name === name)!,
                ) as typeof alarms;
                assert.deepStrictEqual(
                    watched.map(a => a.name.replace(`${stack}-monitoring-${service.inputs.name}-`, "")).sort(),
                    // Only a web service has target-group alarms; a worker watches its dead-letter queue instead.
                    service.inputs.loadBalancers?.length
                        ? ["running-below-desired", "target-5xx", "unhealthy-hosts"]
                        : workersOf(stack).includes(service.inputs.name)
                          ? ["dlq-depth", "running-below-desired"]
                          : ["running-below-desired"],
                );
                for (const alarm of watched) {
                    // Its own alarms, created before it (the service depends on them; they do not depend on it).
                    assert.ok(service.dependencies.includes(alarm.urn), `${service.name} waits for ${alarm.name}`);
                    const urnsOfServices = services.map(s => s.urn);
                    assert.ok(!alarm.dependencies.some(d => urnsOfServices.includes(d)), `${alarm.name} is acyclic`);
                    const dimensions =
                        alarm.inputs.dimensions ??
                        alarm.inputs.metricQueries.find((q: any) => q.metric).metric.dimensions;
                    assert.ok(
                        dimensions.ServiceName === service.inputs.name ||
                            dimensions.TargetGroup !== undefined ||
                            dimensions.QueueName === `${stack}-${service.inputs.name}-dlq`,
                        alarm.name,
                    );
                }
            }
        });

        it(`${stack}: each worker rolls back when messages reach its dead-letter queue`, () => {
            const { resources } = stacks[stack];
            const workers = ofType(resources, "aws:ecs/service:Service").filter(s =>
                workersOf(stack).includes(s.inputs.name),
            );
            assert.ok(workers.length >= 1, "the sample stack has a worker");
            for (const worker of workers) {
                const dlq = resources.find(
                    r => r.type === "aws:sqs/queue:Queue" && r.inputs.name === `${stack}-${worker.inputs.name}-dlq`,
                )!;
                const dlqAlarm = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").find(
                    a => a.name === `${stack}-monitoring-${worker.inputs.name}-dlq-depth`,
                )!;
                // The alarm watches the queue the worker's redrive policy really uses (the name is fixed, not an output).
                assert.strictEqual(dlqAlarm.inputs.dimensions.QueueName, dlq.state.name);
                assert.ok(worker.inputs.alarms.alarmNames.includes(dlqAlarm.state.name), worker.name);
                assert.deepStrictEqual(
                    { enable: worker.inputs.alarms.enable, rollback: worker.inputs.alarms.rollback },
                    { enable: true, rollback: true },
                );
            }
        });
    }

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: each repository's lifecycle policy never expires the tags its services run`, () => {
            const { resources } = stacks[stack];
            const services: Record<string, { image: { source: string; tag?: string } }> = JSON.parse(
                readStackFile(stack).values["ecs-platform:services"],
            );
            const tagged = Object.entries(services).filter(([, s]) => s.image.source === "ecr" && s.image.tag);
            assert.ok(tagged.length >= 1, "the sample stack deploys a tagged image");
            for (const [name, service] of tagged) {
                const policy = ofType(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy").find(
                    p => p.inputs.repository === `${stack}/${name}`,
                )!;
                const [first] = JSON.parse(policy.inputs.policy).rules;
                assert.deepStrictEqual(
                    [first.rulePriority, first.selection.tagPatternList, first.selection.countNumber],
                    [1, [service.image.tag], 1],
                    name,
                );
            }
        });
    }

    it("prod: a DNS-validated certificate, its validation records and alias records to the ALB", () => {
        const { resources, outputs } = stacks.prod;
        const [certificate] = ofType(resources, "aws:acm/certificate:Certificate");
        assert.strictEqual(certificate.inputs.validationMethod, "DNS");
        assert.strictEqual(certificate.inputs.domainName, "app.example.com");
        const records = ofType(resources, "aws:route53/record:Record");
        assert.ok(records.some(r => r.inputs.type === "CNAME" && r.name.includes("-validation-")));
        assert.deepStrictEqual(
            records.filter(r => r.inputs.aliases).map(r => [r.inputs.name, r.inputs.type]),
            [
                ["app.example.com", "A"],
                ["app.example.com", "AAAA"],
            ],
        );
        const https = resources.find(r => r.name === "prod-alb-https")!;
        const [validation] = ofType(resources, "aws:acm/certificateValidation:CertificateValidation");
        assert.ok(https.propertyDependencies.certificateArn.includes(validation.urn));
        assert.strictEqual((outputs as { url: string }).url, "https://app.example.com");
    });

    it("staging stays HTTP-only: no certificate, no records", () => {
        const { resources } = stacks.staging;
        assert.strictEqual(ofType(resources, "aws:acm/certificate:Certificate").length, 0);
        assert.strictEqual(ofType(resources, "aws:route53/record:Record").length, 0);
    });

    it("flags the sample alarm addresses as placeholders in the preview (F11)", () => {
        for (const stack of ["staging", "prod"]) {
            assert.ok(
                stacks[stack].warnings.some(w => /alarms\.emails: platform-\w+@example\.com is a placeholder/.test(w)),
                stack,
            );
        }
        assert.ok(isPlaceholderAddress("oncall@example.org") && isPlaceholderAddress("a@team.example"));
        assert.ok(!isPlaceholderAddress("oncall@acme.io") && !isPlaceholderAddress("me@example.company.com"));
    });
});

describe("infra/program: CANARY and LINEAR deployments", function () {
    this.timeout(60000);
    const HOOK = "arn:aws:lambda:eu-west-1:123456789012:function:smoke-test";

    async function withDeployments(deployments: Record<string, unknown>) {
        const file = readStackFile("staging");
        const services = JSON.parse(file.values["ecs-platform:services"]);
        // Traffic-shifting strategies are for web services: put the sample backend behind the ALB for these cases.
        Object.assign(services.api, { kind: "web", route: { paths: ["/api/*"] } });
        for (const [name, deployment] of Object.entries(deployments)) services[name].deployment = deployment;
        file.values["ecs-platform:services"] = JSON.stringify(services);
        return runProgram(main, { stack: "staging", config: file.values, secretKeys: file.secretKeys });
    }

    it("shifts traffic as configured: a canary share, linear steps, bake times and lifecycle hooks", async () => {
        const { resources } = await withDeployments({
            api: {
                strategy: "CANARY",
                canary: { percent: 10, bakeTimeMinutes: 15 },
                lifecycleHooks: [{ lambdaArn: HOOK, stages: ["POST_TEST_TRAFFIC_SHIFT"] }],
            },
            web: { strategy: "LINEAR", bakeTimeMinutes: 3, linear: { stepPercent: 25, stepBakeTimeMinutes: 2 } },
        });
        const service = (name: string) =>
            resources.find(r => r.name === `staging-${name}` && r.type === "aws:ecs/service:Service")!;
        const role = resources.find(r => r.name === "staging-api-deployment-hooks")!;
        assert.deepStrictEqual(service("api").inputs.deploymentConfiguration, {
            strategy: "CANARY",
            bakeTimeInMinutes: "5",
            canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" },
            lifecycleHooks: [
                { hookTargetArn: HOOK, roleArn: role.state.arn, lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] },
            ],
        });
        assert.deepStrictEqual(service("web").inputs.deploymentConfiguration, {
            strategy: "LINEAR",
            bakeTimeInMinutes: "3",
            linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: "2" },
        });
        const invoke = resources.find(r => r.name === "staging-api-deployment-hooks-invoke")!;
        assert.deepStrictEqual(JSON.parse(invoke.inputs.policy).Statement[0].Resource, [HOOK]);
        for (const name of ["api", "web"]) {
            // Both shift traffic through the ALB: an alternate target group, and ECS owns the live pair.
            assert.ok(
                resources.some(r => r.name === `staging-alb-alt-tg-${name}`),
                name,
            );
            assert.ok(service(name).inputs.loadBalancers[0].advancedConfiguration.alternateTargetGroupArn);
            assert.ok(service(name).options.ignoreChanges.includes("loadBalancers"));
            assert.deepStrictEqual(service(name).inputs.alarms.rollback, true);
        }
    });

    it("rejects the combinations ECS rejects, before registering anything", async () => {
        const cases: [Record<string, unknown>, RegExp][] = [
            [
                { api: { strategy: "LINEAR", canary: { percent: 5 } } },
                /deployment.canary: applies to strategy CANARY only/,
            ],
            [
                { api: { strategy: "CANARY", canary: { percent: 0.05 } } },
                /deployment.canary.percent: must be at least 0.1/,
            ],
            [
                { api: { strategy: "LINEAR", linear: { stepPercent: 2 } } },
                /deployment.linear.stepPercent: must be at least 3/,
            ],
            [{ api: { strategy: "CANARY", canary: { percent: 5.55 } } }, /multiple of 0.1/],
            [{ api: { strategy: "CANARY", bakeTimeMinutes: 2000 } }, /bakeTimeMinutes: must be at most 1440/],
            [
                { api: { lifecycleHooks: [{ lambdaArn: HOOK, stages: ["POST_SCALE_UP"] }] } },
                /deployment.lifecycleHooks: run at the stages of a traffic shift/,
            ],
            [
                {
                    api: {
                        strategy: "CANARY",
                        lifecycleHooks: [
                            { lambdaArn: HOOK.replace("eu-west-1", "us-east-1"), stages: ["PRE_SCALE_UP"] },
                        ],
                    },
                },
                /lifecycleHooks.0.lambdaArn: is a function of us-east-1/,
            ],
        ];
        for (const [deployments, message] of cases) {
            await assert.rejects(withDeployments(deployments), message);
        }
    });
});
