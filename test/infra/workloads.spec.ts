import * as assert from "assert";
import { main } from "../../infra/program";
import { CapturedResource, ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** The sample stacks run one workload of each kind; this checks how they reach each other and what each gets. */
for (const stack of ["staging", "prod"]) {
    describe(`infra/program: the workloads of ${stack}`, function () {
        this.timeout(60000);
        let resources: CapturedResource[];
        let outputs: any;
        const named = (type: string, name: string) => ofType(resources, type).find(r => r.name === `${stack}-${name}`)!;
        const groupOf = (workload: string) => named(SG, `workloads-${workload}`);
        const ecsService = (name: string) => named("aws:ecs/service:Service", name);

        before(async () => {
            const file = readStackFile(stack);
            ({ resources, outputs } = await runProgram(main, {
                stack,
                config: file.values,
                secretKeys: file.secretKeys,
            }));
        });

        it("synthesizes every kind: web, backend, worker, scheduled job and one-off task", () => {
            const components = (type: string) => ofType(resources, type).map(r => r.name);
            assert.deepStrictEqual(components("ecs-platform:index:Service"), [`${stack}-web`]);
            assert.deepStrictEqual(components("ecs-platform:index:BackendService"), [`${stack}-api`]);
            assert.deepStrictEqual(components("ecs-platform:index:WorkerService"), [`${stack}-worker`]);
            assert.deepStrictEqual(components("ecs-platform:index:ScheduledJob"), [`${stack}-nightly-report`]);
            const standalone = ofType(resources, "ecs-platform:index:TaskDefinition").filter(
                r => !r.parent?.includes("ecs-platform:index:"),
            );
            assert.deepStrictEqual(
                standalone.map(r => r.name),
                [`${stack}-migrate`],
            );
            assert.deepStrictEqual(Object.keys(outputs.tasks).sort(), ["migrate", "nightly-report"]);
        });

        it("web reaches api only over Service Connect: api publishes api:8080 and has no load balancer", () => {
            const [namespace] = ofType(resources, "aws:servicediscovery/httpNamespace:HttpNamespace");
            assert.strictEqual(namespace.inputs.name, `${stack}.internal`);
            const api = ecsService("api").inputs;
            assert.strictEqual(api.loadBalancers, undefined);
            assert.deepStrictEqual(api.serviceConnectConfiguration.services, [
                { portName: "api", discoveryName: "api", clientAlias: [{ port: 8080, dnsName: "api" }] },
            ]);
            for (const name of ["web", "api", "worker"]) {
                const connect = ecsService(name).inputs.serviceConnectConfiguration;
                assert.strictEqual(connect.enabled, true, name);
                assert.strictEqual(connect.namespace, namespace.state.arn, `${name} is a client of the namespace`);
            }
            const apiTask = JSON.parse(
                named("aws:ecs/taskDefinition:TaskDefinition", "api").inputs.containerDefinitions,
            );
            assert.strictEqual(apiTask[0].portMappings[0].name, "api", "the port Service Connect publishes");
            const routed = ofType(resources, "aws:lb/targetGroup:TargetGroup").map(t => t.name);
            assert.deepStrictEqual(routed, [`${stack}-alb-tg-web`], "no path from the load balancer to api");
        });

        it("api's group admits only its callers (web, worker) on 8080: not the load balancer, not a CIDR", () => {
            const api = groupOf("api");
            const ingress = ofType(resources, INGRESS).filter(r => r.inputs.securityGroupId === api.id);
            const sources = ingress.map(r => r.inputs.referencedSecurityGroupId).sort();
            assert.deepStrictEqual(sources, [groupOf("web").id, groupOf("worker").id].sort());
            for (const rule of ingress) {
                assert.deepStrictEqual(
                    [rule.inputs.fromPort, rule.inputs.toPort, rule.inputs.cidrIpv4],
                    [8080, 8080, undefined],
                );
            }
            const webToApi = ofType(resources, EGRESS).filter(
                r => r.inputs.securityGroupId === groupOf("web").id && r.inputs.referencedSecurityGroupId === api.id,
            );
            assert.strictEqual(webToApi.length, 1, "web may send to api's group");
            assert.deepStrictEqual(ecsService("api").inputs.networkConfiguration.securityGroups, [api.id]);
        });

        it("starts services and scheduled tasks only once the private subnets have their NAT routes and endpoints", () => {
            const routes = ofType(resources, "aws:ec2/route:Route").filter(r => /-private-\d+-nat$/.test(r.name));
            const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
            assert.ok(routes.length >= 2 && endpoints.length >= 1);
            for (const dependant of [
                ecsService("api"),
                ecsService("worker"),
                named("aws:scheduler/schedule:Schedule", "nightly-report"),
            ]) {
                for (const needed of [...routes, ...endpoints]) {
                    assert.ok(
                        dependant.dependencies.includes(needed.urn),
                        `${dependant.name} waits for ${needed.name}`,
                    );
                }
            }
        });

        it("gives every workload its own group, used by that workload only", () => {
            const users = new Map<string, string[]>();
            for (const service of ofType(resources, "aws:ecs/service:Service")) {
                for (const group of service.inputs.networkConfiguration.securityGroups) {
                    users.set(group, [...(users.get(group) ?? []), service.name]);
                }
            }
            assert.ok(
                [...users.values()].every(list => list.length === 1),
                JSON.stringify([...users]),
            );
            const job = named("aws:scheduler/schedule:Schedule", "nightly-report");
            assert.deepStrictEqual(job.inputs.target.ecsParameters.networkConfiguration.securityGroups, [
                groupOf("nightly-report").id,
            ]);
            // Nothing but the load balancer admits traffic from the internet (the endpoints admit the VPC's CIDR).
            assert.ok(
                ofType(resources, INGRESS).every(
                    r => r.inputs.cidrIpv4 !== "0.0.0.0/0" || r.name.includes("-network-lb-in-"),
                ),
            );
        });

        it("the worker consumes exactly its KMS-encrypted queue, with a dead-letter queue and queue-depth scaling", () => {
            const queue = named("aws:sqs/queue:Queue", "worker-queue");
            const dlq = named("aws:sqs/queue:Queue", "worker-dlq");
            assert.strictEqual(queue.inputs.kmsMasterKeyId, named("aws:kms/key:Key", "platform").state.arn);
            assert.deepStrictEqual(JSON.parse(queue.inputs.redrivePolicy), {
                deadLetterTargetArn: dlq.state.arn,
                maxReceiveCount: 5,
            });
            const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
                p => p.name === `${stack}-worker-task-app`,
            )!;
            const consume = JSON.parse(policy.inputs.policy).Statement.find((s: any) => s.Sid === "ConsumeWorkQueue");
            assert.deepStrictEqual(consume.Resource, [queue.state.arn]);
            const worker = JSON.parse(
                named("aws:ecs/taskDefinition:TaskDefinition", "worker").inputs.containerDefinitions,
            )[0];
            assert.deepStrictEqual(worker.environment.find((e: any) => e.name === "QUEUE_URL").value, queue.state.url);
            assert.strictEqual(worker.portMappings.length, 0);
            const policies = ofType(resources, "aws:appautoscaling/policy:Policy").filter(p =>
                p.name.startsWith(`${stack}-worker`),
            );
            assert.deepStrictEqual(
                policies.map(p => p.inputs.policyType),
                ["StepScaling", "StepScaling"],
            );
            assert.ok(ecsService("worker").options.ignoreChanges.includes("desiredCount"));
            const dlqAlarm = named("aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-worker-dlq-depth");
            assert.strictEqual(dlqAlarm.inputs.dimensions.QueueName, dlq.state.name);
        });

        it("the nightly job runs on EventBridge Scheduler with retries, a dead-letter queue, no public IP and a scoped role", () => {
            const schedule = named("aws:scheduler/schedule:Schedule", "nightly-report");
            assert.match(schedule.inputs.scheduleExpression, /^cron\(30 2 /);
            assert.strictEqual(schedule.inputs.scheduleExpressionTimezone, "Europe/Dublin");
            assert.strictEqual(schedule.inputs.target.ecsParameters.networkConfiguration.assignPublicIp, false);
            assert.strictEqual(schedule.inputs.target.retryPolicy.maximumRetryAttempts, 2);
            assert.strictEqual(
                schedule.inputs.target.deadLetterConfig.arn,
                named("aws:sqs/queue:Queue", "nightly-report-dlq").state.arn,
            );
            const policy = JSON.parse(
                named("aws:iam/rolePolicy:RolePolicy", "nightly-report-scheduler-run-task").inputs.policy,
            );
            const runTask = policy.Statement.find((s: any) => s.Action === "ecs:RunTask");
            assert.match(runTask.Resource, new RegExp(`task-definition/${stack}-nightly-report:\\*$`));
            const pass = policy.Statement.find((s: any) => s.Action === "iam:PassRole");
            const roles = ofType(resources, "aws:iam/role:Role").filter(r =>
                /nightly-report-(execution|task)$/.test(r.name),
            );
            assert.deepStrictEqual([...pass.Resource].sort(), roles.map(r => r.state.arn).sort());
            const rule = named("aws:cloudwatch/eventRule:EventRule", "nightly-report-failed");
            const pattern = JSON.parse(rule.inputs.eventPattern);
            assert.deepStrictEqual(pattern.detail.containers.exitCode, [{ "anything-but": 0 }]);
            const alarm = named("aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-nightly-report-job-failed");
            assert.strictEqual(alarm.inputs.dimensions.RuleName, rule.state.name);
        });
    });
}
