// The prod platform written with AWS CDK and checked by cdk-nag: the comparison `npm run bench -- --cdk <dir>` times.
// Bench-only, never a dependency of the project. To measure, install the libraries in a scratch folder:
//
//     mkdir -p /tmp/cdk-bench && cd /tmp/cdk-bench && npm init -y >/dev/null &&
//       npm install aws-cdk-lib@2.276.0 constructs@10.8.1 cdk-nag@3.0.2
//     npm run bench -- --cdk /tmp/cdk-bench
//
// It builds what `Pulumi.prod.yaml` builds, as CDK users would (ecs-patterns style constructs where they exist):
// a three-AZ VPC with a NAT gateway per AZ, flow logs and five interface endpoints; a KMS key; an access-log bucket;
// an internet-facing ALB with HTTPS (TLS 1.3) and an HTTP redirect behind a WAF web ACL (managed rules and a rate
// limit); an ECS cluster with Container Insights; per service an ECR repository with a lifecycle policy, an
// encrypted log group, a Fargate task definition and service on a listener rule, autoscaling (CPU, memory, requests,
// schedules) and alarms to an SNS topic; a Secrets Manager secret for the api; a dashboard. Then the AwsSolutions
// pack runs over it and the app synthesizes to a scratch directory, as `cdk synth` would.
"use strict";
const os = require("os");
const path = require("path");
const fs = require("fs");
const cdk = require("aws-cdk-lib");
const { AwsSolutionsChecks } = require("cdk-nag");
const ec2 = cdk.aws_ec2;
const ecs = cdk.aws_ecs;
const ecr = cdk.aws_ecr;
const elbv2 = cdk.aws_elasticloadbalancingv2;
const logs = cdk.aws_logs;
const kms = cdk.aws_kms;
const s3 = cdk.aws_s3;
const secretsmanager = cdk.aws_secretsmanager;
const sns = cdk.aws_sns;
const subscriptions = cdk.aws_sns_subscriptions;
const cloudwatch = cdk.aws_cloudwatch;
const actions = cdk.aws_cloudwatch_actions;
const wafv2 = cdk.aws_wafv2;
const appscaling = cdk.aws_applicationautoscaling;
const acm = cdk.aws_certificatemanager;

const SERVICES = [
    { name: "web", cpu: 512, memory: 1024, path: "/*", priority: 200, min: 3, max: 9 },
    { name: "api", cpu: 1024, memory: 2048, path: "/api/*", priority: 100, min: 3, max: 12, secret: true },
];

function platform(app) {
    const stack = new cdk.Stack(app, "ecs-platform-prod", { env: { account: "123456789012", region: "eu-west-1" } });
    const key = new kms.Key(stack, "PlatformKey", { enableKeyRotation: true, alias: "alias/prod-platform" });
    const vpc = new ec2.Vpc(stack, "Vpc", {
        ipAddresses: ec2.IpAddresses.cidr("10.30.0.0/16"),
        maxAzs: 3,
        natGateways: 3,
        flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });
    for (const service of ["ECR", "ECR_DOCKER", "CLOUDWATCH_LOGS", "SECRETS_MANAGER", "KMS"]) {
        vpc.addInterfaceEndpoint(service, { service: ec2.InterfaceVpcEndpointAwsService[service] });
    }
    const accessLogs = new s3.Bucket(stack, "AccessLogs", {
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        lifecycleRules: [{ expiration: cdk.Duration.days(90) }],
        removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const alb = new elbv2.ApplicationLoadBalancer(stack, "Alb", {
        vpc,
        internetFacing: true,
        deletionProtection: true,
        desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
        dropInvalidHeaderFields: true,
    });
    alb.logAccessLogs(accessLogs);
    alb.addRedirect();
    const certificate = acm.Certificate.fromCertificateArn(
        stack,
        "Certificate",
        "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    );
    const https = alb.addListener("Https", {
        port: 443,
        certificates: [certificate],
        sslPolicy: elbv2.SslPolicy.TLS13_12,
        defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    const acl = new wafv2.CfnWebACL(stack, "WebAcl", {
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: "prod", sampledRequestsEnabled: true },
        rules: [
            ...["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map((name, priority) => ({
                name,
                priority,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
                visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
            })),
            {
                name: "rate-limit",
                priority: 10,
                action: { block: {} },
                statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
                visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: "rate", sampledRequestsEnabled: true },
            },
        ],
    });
    new wafv2.CfnWebACLAssociation(stack, "WebAclAssociation", {
        resourceArn: alb.loadBalancerArn,
        webAclArn: acl.attrArn,
    });
    const cluster = new ecs.Cluster(stack, "Cluster", {
        vpc,
        containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    const topic = new sns.Topic(stack, "Alarms", { masterKey: key });
    topic.addSubscription(new subscriptions.EmailSubscription("platform-oncall@example.com"));
    const dashboard = new cloudwatch.Dashboard(stack, "Dashboard");

    for (const spec of SERVICES) {
        const repository = new ecr.Repository(stack, `${spec.name}Repository`, {
            imageScanOnPush: true,
            imageTagMutability: ecr.TagMutability.IMMUTABLE,
            encryption: ecr.RepositoryEncryption.KMS,
            encryptionKey: key,
            lifecycleRules: [
                { tagPrefixList: ["v", "sha-"], maxImageCount: 50 },
                { maxImageAge: cdk.Duration.days(14) },
            ],
        });
        const logGroup = new logs.LogGroup(stack, `${spec.name}Logs`, {
            retention: logs.RetentionDays.THREE_MONTHS,
            encryptionKey: key,
        });
        const task = new ecs.FargateTaskDefinition(stack, `${spec.name}Task`, {
            cpu: spec.cpu,
            memoryLimitMiB: spec.memory,
        });
        const secrets = {};
        if (spec.secret) {
            const secret = new secretsmanager.Secret(stack, `${spec.name}DatabasePassword`, { encryptionKey: key });
            secrets.DATABASE_PASSWORD = ecs.Secret.fromSecretsManager(secret);
        }
        task.addContainer("app", {
            image: ecs.ContainerImage.fromEcrRepository(repository, "v0.1.0"),
            logging: ecs.LogDrivers.awsLogs({ streamPrefix: spec.name, logGroup }),
            portMappings: [{ containerPort: 8080 }],
            environment: { APP_NAME: spec.name },
            secrets,
            readonlyRootFilesystem: true,
            healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"] },
        });
        const service = new ecs.FargateService(stack, `${spec.name}Service`, {
            cluster,
            taskDefinition: task,
            desiredCount: spec.min,
            minHealthyPercent: 100,
            maxHealthyPercent: 200,
            circuitBreaker: { rollback: true },
        });
        const targetGroup = https.addTargets(spec.name, {
            port: 8080,
            protocol: elbv2.ApplicationProtocol.HTTP,
            targets: [service],
            priority: spec.priority,
            conditions: [elbv2.ListenerCondition.pathPatterns([spec.path])],
            healthCheck: { path: "/health" },
            deregistrationDelay: cdk.Duration.seconds(30),
        });
        const scaling = service.autoScaleTaskCount({ minCapacity: spec.min, maxCapacity: spec.max });
        scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 });
        scaling.scaleOnMemoryUtilization("Memory", { targetUtilizationPercent: 70 });
        scaling.scaleOnRequestCount("Requests", { requestsPerTarget: 1000, targetGroup });
        scaling.scaleOnSchedule("BusinessHours", {
            schedule: appscaling.Schedule.expression("cron(0 7 ? * MON-FRI *)"),
            minCapacity: 6,
            timeZone: cdk.TimeZone.EUROPE_DUBLIN,
        });
        const alarms = [
            service
                .metricCpuUtilization()
                .createAlarm(stack, `${spec.name}Cpu`, { threshold: 85, evaluationPeriods: 3 }),
            service
                .metricMemoryUtilization()
                .createAlarm(stack, `${spec.name}Memory`, { threshold: 85, evaluationPeriods: 3 }),
            targetGroup.metrics
                .unhealthyHostCount()
                .createAlarm(stack, `${spec.name}Unhealthy`, { threshold: 1, evaluationPeriods: 2 }),
            targetGroup.metrics
                .httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)
                .createAlarm(stack, `${spec.name}5xx`, { threshold: 10, evaluationPeriods: 2 }),
            targetGroup.metrics
                .targetResponseTime()
                .createAlarm(stack, `${spec.name}Latency`, { threshold: 1, evaluationPeriods: 3 }),
        ];
        for (const alarm of alarms) {
            alarm.addAlarmAction(new actions.SnsAction(topic));
        }
        dashboard.addWidgets(new cloudwatch.GraphWidget({ title: spec.name, left: [service.metricCpuUtilization()] }));
    }
    return stack;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-platform-"));
try {
    const app = new cdk.App({ outdir });
    platform(app);
    cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    try {
        app.synth();
    } catch (err) {
        // Findings fail the synthesis once the pack has run over everything, as a mandatory violation fails ours.
        const report = path.join(outdir, "validation-report.json");
        if (!fs.existsSync(report)) {
            throw err;
        }
        process.stderr.write(
            `cdk-nag findings: ${JSON.parse(fs.readFileSync(report, "utf8")).pluginReports?.length ?? "?"} reports\n`,
        );
    }
} finally {
    fs.rmSync(outdir, { recursive: true, force: true });
}
