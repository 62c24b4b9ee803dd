import * as assert from "assert";
import { main } from "../../infra/program";
import { CapturedResource, ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

/**
 * The program's wiring of every per-service option, from stack config to resources: one staging variant that
 * turns them all on (the component specs cover each option's resources in depth).
 */
describe("infra/program: service options from config", function () {
    this.timeout(60000);
    let resources: CapturedResource[];

    const taskDefinition = (service: string) =>
        ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find(r => r.name === `staging-${service}`)!;
    const ecsService = (service: string) =>
        ofType(resources, "aws:ecs/service:Service").find(r => r.name === `staging-${service}`)!;
    const app = (service: string) => JSON.parse(taskDefinition(service).inputs.containerDefinitions)[0];

    before(async () => {
        const file = readStackFile("staging");
        const services = JSON.parse(file.values["ecs-platform:services"]);
        Object.assign(services, {
            worker: {
                image: { source: "ecr", digest: `sha256:${"ab".repeat(32)}` },
                route: { paths: ["/worker/*"] },
                capacity: "ec2",
                networkMode: "bridge",
                cpu: 256,
                memory: 512,
            },
            files: {
                image: { source: "build", context: "app" },
                route: { paths: ["/files/*"] },
                capacity: "fargate-spot",
                efs: { containerPath: "/data" },
                blueGreen: true,
                secrets: { API_TOKEN: { store: "ssm" } },
            },
            vendor: {
                image: { source: "external", name: "docker.io/acme/vendor:1.4.2", credentialsSecret: "DOCKERHUB" },
                route: { paths: ["/vendor/*"], hosts: ["vendor.example.com"] },
                secrets: { DOCKERHUB: { store: "secretsmanager", description: "Docker Hub pull credentials" } },
                permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::vendor-bucket/*"] }],
            },
        });
        file.values["ecs-platform:services"] = JSON.stringify(services);
        file.values["ecs-platform:cluster"] = JSON.stringify({
            ...JSON.parse(file.values["ecs-platform:cluster"] ?? "{}"),
            ec2: { instanceType: "t3.medium", minSize: 1, maxSize: 3 },
        });
        file.values["ecs-platform:network"] = JSON.stringify({
            ...JSON.parse(file.values["ecs-platform:network"]),
            interfaceEndpoints: true,
        });
        ({ resources } = await runProgram(main, { stack: "staging", config: file.values }));
    });

    it("EC2 capacity: an Auto Scaling group and capacity provider; a bridge-mode service on it behind an instance target group", () => {
        assert.strictEqual(ofType(resources, "aws:autoscaling/group:Group").length, 1);
        const provider = ofType(resources, "aws:ecs/capacityProvider:CapacityProvider")[0];
        assert.ok(provider);
        assert.strictEqual(taskDefinition("worker").inputs.networkMode, "bridge");
        assert.strictEqual(app("worker").portMappings[0].hostPort, 0, "dynamic host port");
        assert.deepStrictEqual(
            ecsService("worker").inputs.capacityProviderStrategies.map((s: any) => s.capacityProvider),
            [provider.state.name],
        );
        const targetGroup = ofType(resources, "aws:lb/targetGroup:TargetGroup").find(t => t.name.endsWith("worker"))!;
        assert.strictEqual(targetGroup.inputs.targetType, "instance");
        const fromLoadBalancer = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find(
            r => r.name.endsWith("instances-in-dynamic"),
        )!;
        assert.deepStrictEqual(
            [fromLoadBalancer.inputs.fromPort, fromLoadBalancer.inputs.toPort],
            [32768, 65535],
            "the ALB can reach dynamic host ports",
        );
        assert.match(app("worker").image, /\/staging\/worker@sha256:(ab){32}$/, "pinned by digest");
    });

    it("Fargate Spot, EFS, blue/green and a built image on one service", () => {
        assert.deepStrictEqual(
            ecsService("files").inputs.capacityProviderStrategies.map((s: any) => s.capacityProvider),
            ["FARGATE_SPOT"],
        );
        assert.strictEqual(ofType(resources, "aws:efs/fileSystem:FileSystem").length, 1);
        assert.strictEqual(
            ofType(resources, "aws:efs/mountTarget:MountTarget").length,
            2,
            "one mount target per private subnet",
        );
        const volume = taskDefinition("files").inputs.volumes.find((v: any) => v.efsVolumeConfiguration);
        assert.strictEqual(volume.efsVolumeConfiguration.transitEncryption, "ENABLED");
        assert.strictEqual(ecsService("files").inputs.deploymentConfiguration.strategy, "BLUE_GREEN");
        assert.ok(ecsService("files").inputs.loadBalancers[0].advancedConfiguration.alternateTargetGroupArn);
        const built = resources.find(r => r.type === "awsx:ecr:Image")!;
        assert.strictEqual(built.inputs.context, "app");
        assert.match(app("files").image, /@sha256:[0-9a-f]{64}$/, "the task definition pins the pushed digest");
    });

    it("SSM secrets with interface endpoints add the ssm endpoint", () => {
        const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").map(e => e.inputs.serviceName);
        assert.ok(endpoints.includes("com.amazonaws.eu-west-1.ssm"), endpoints.join(", "));
        assert.match(app("files").secrets[0].valueFrom, /^arn:aws:ssm:/);
    });

    it("a private Docker Hub image pulls with repository credentials the execution role can read, never as an env secret", () => {
        const credentials = ofType(resources, "aws:secretsmanager/secret:Secret").find(s =>
            s.parent?.endsWith("::staging-vendor-secrets"),
        )!;
        assert.strictEqual(app("vendor").image, "docker.io/acme/vendor:1.4.2");
        assert.strictEqual(app("vendor").repositoryCredentials.credentialsParameter, credentials.state.arn);
        assert.ok(!(app("vendor").secrets ?? []).some((s: any) => s.name === "DOCKERHUB"));
        const role = ofType(resources, "aws:iam/role:Role").find(r => r.name === "staging-vendor-execution")!;
        const readable = ofType(resources, "aws:iam/rolePolicy:RolePolicy")
            .filter(p => p.inputs.role === role.id)
            .flatMap(p => JSON.parse(p.inputs.policy).Statement)
            .filter((s: any) => [].concat(s.Action).includes("secretsmanager:GetSecretValue" as never))
            .flatMap((s: any) => [].concat(s.Resource));
        assert.deepStrictEqual(readable, [credentials.state.arn]);
    });

    it("grants the task role exactly the configured permissions, and nothing by default", () => {
        const policiesOf = (service: string) => {
            const role = ofType(resources, "aws:iam/role:Role").find(r => r.name === `staging-${service}-task`)!;
            return ofType(resources, "aws:iam/rolePolicy:RolePolicy")
                .filter(p => p.inputs.role === role.id)
                .map(p => JSON.parse(p.inputs.policy));
        };
        assert.deepStrictEqual(policiesOf("web"), []);
        const vendor = policiesOf("vendor");
        assert.deepStrictEqual(
            vendor.flatMap(p => p.Statement),
            [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::vendor-bucket/*"] }],
        );
    });

    it("a worker subscribed to an SNS topic: the platform key lets that topic, and only it, encrypt for the queue", async () => {
        const file = readStackFile("staging");
        const topicArn = "arn:aws:sns:eu-west-1:123456789012:orders";
        const services = JSON.parse(file.values["ecs-platform:services"]);
        services.worker.queue = { ...services.worker.queue, topicArn };
        file.values["ecs-platform:services"] = JSON.stringify(services);
        const subscribed = await runProgram(main, { stack: "staging", config: file.values });
        const [subscription] = ofType(subscribed.resources, "aws:sns/topicSubscription:TopicSubscription").filter(
            r => r.inputs.protocol === "sqs",
        );
        assert.strictEqual(subscription.inputs.topic, topicArn);
        const [key] = ofType(subscribed.resources, "aws:kms/key:Key");
        const sns = JSON.parse(key.inputs.policy).Statement.find(
            (s: any) => s.Principal?.Service === "sns.amazonaws.com",
        );
        assert.deepStrictEqual(sns?.Condition, { ArnEquals: { "aws:SourceArn": [topicArn] } });
    });

    it("one shared ECR repository when registry.sharedRepository is set", async () => {
        const file = readStackFile("staging");
        file.values["ecs-platform:registry"] = JSON.stringify({ sharedRepository: "platform/apps" });
        const shared = await runProgram(main, { stack: "staging", config: file.values });
        const repositories = ofType(shared.resources, "aws:ecr/repository:Repository");
        assert.deepStrictEqual(
            repositories.map(r => r.inputs.name),
            ["platform/apps"],
        );
        for (const td of ofType(shared.resources, "aws:ecs/taskDefinition:TaskDefinition")) {
            assert.match(JSON.parse(td.inputs.containerDefinitions)[0].image, /\/platform\/apps:v0\.1\.0$/, td.name);
        }
    });

    it("HTTP only without a certificate in staging; HTTPS with a TLS 1.3 policy and a redirect in prod", async () => {
        const listeners = ofType(resources, "aws:lb/listener:Listener");
        assert.deepStrictEqual(
            listeners.map(l => [l.inputs.port, l.inputs.protocol]),
            [[80, "HTTP"]],
        );
        const file = readStackFile("prod");
        const prod = await runProgram(main, { stack: "prod", config: file.values });
        const prodListeners = ofType(prod.resources, "aws:lb/listener:Listener");
        const https = prodListeners.find(l => l.inputs.protocol === "HTTPS")!;
        assert.strictEqual(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        const http = prodListeners.find(l => l.inputs.protocol === "HTTP")!;
        assert.strictEqual(http.inputs.defaultActions[0].redirect.protocol, "HTTPS");
    });
});
