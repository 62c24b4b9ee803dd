import { z } from "zod";
import { LIFECYCLE_STAGES } from "../../components/ecs/service";
import { LOG_RETENTION_DAYS } from "../../components/logging";
import { LIFECYCLE_DEFAULTS } from "../../components/registry";
import { extraTags, healthCheckPath, hostHeader, imageReference, pathPattern, tagValue } from "./aws-formats";
import {
    callsSchema,
    commandSchema,
    egressSchema,
    healthCheckCommandSchema,
    kindSchema,
    queueSchema,
    scheduleSchema,
} from "./workload-schema";
import { budgetSchema } from "./budget";

/**
 * The stack configuration schema: every key under the `ecs-platform:` namespace, its type, what is allowed
 * and its default. Defaults that depend on the environment live in {@link environmentDefaults}; everything
 * else is a literal default here. Cross-field rules (Fargate sizes, routes, CIDR plan) are in `rules.ts`.
 *
 * Objects are strict: an unknown key is an error, so a typo never silently falls back to a default.
 */

export const ENVIRONMENTS = ["staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const serviceName = z
    .string()
    .regex(
        /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/,
        "must be lowercase letters, digits and single '-' between them, start with a letter, at most 20 characters (it names ECR repositories and prefixes target group names, limited to 32)",
    );

const port = z.number().int().min(1).max(65535);
const count = z.number().int().min(0).max(1000);
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 10.0.0.0/16");
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name");
const awsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");

export const networkSchema = z.strictObject({
    vpcCidr: cidr
        .default("10.0.0.0/16")
        .describe("VPC CIDR block; subnets are planned from it (see components/networking/cidr-plan.ts)."),
    azCount: z
        .number()
        .int()
        .min(2)
        .max(6)
        .optional()
        .describe("Availability zones to span (2–6; an ALB needs two): staging 2, prod 3."),
    natGateways: z
        .enum(["single", "perAz"])
        .optional()
        .describe(
            "`perAz`: one NAT gateway per AZ (prod); `single`: one shared NAT (staging, cheaper, one AZ's failure cuts egress).",
        ),
    interfaceEndpoints: z
        .boolean()
        .optional()
        .describe(
            "Interface endpoints for ECR, CloudWatch Logs and Secrets Manager (each costs money per AZ): on in prod.",
        ),
    loadBalancerIngressCidrs: z
        .array(cidr)
        .min(1)
        .default(["0.0.0.0/0"])
        .describe("Who may reach the load balancer on 80/443."),
});

export const lifecycleSchema = z.strictObject({
    untaggedExpireDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(LIFECYCLE_DEFAULTS.untaggedExpireDays)
        .describe("Expire untagged images this many days after push."),
    releaseTagPrefixes: z
        .array(z.string().min(1))
        .min(1)
        .default([...LIFECYCLE_DEFAULTS.releaseTagPrefixes])
        .describe("Tag prefixes of release images."),
    keepReleaseImages: z
        .number()
        .int()
        .min(1)
        .max(10000)
        .default(LIFECYCLE_DEFAULTS.keepReleaseImages)
        .describe("Keep only this many release images."),
    otherTaggedExpireDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(LIFECYCLE_DEFAULTS.otherTaggedExpireDays)
        .describe("Expire any other tagged image this many days after push."),
});

export const registrySchema = z.strictObject({
    sharedRepository: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._/-]*$/)
        .optional()
        .describe("One repository shared by every service, by this name; unset = one repository per service."),
    lifecycle: lifecycleSchema.default(lifecycleSchema.parse({})),
    pullAccountIds: z
        .array(awsAccountId)
        .default([])
        .describe("Other AWS accounts allowed to pull (cross-account repository policy)."),
});

export const loggingSchema = z.strictObject({
    retentionDays: z
        .literal(LOG_RETENTION_DAYS)
        .optional()
        .describe(`CloudWatch Logs retention in days: staging 14, prod 90. Never "forever".`),
});

export const alarmsSchema = z.strictObject({
    emails: z.array(z.email()).default([]).describe("Email addresses subscribed to the environment's alarm topic."),
    cpuHighPercent: z.number().min(1).max(100).default(80).describe("CPU utilisation (%) that raises the CPU alarm."),
    memoryHighPercent: z
        .number()
        .min(1)
        .max(100)
        .default(80)
        .describe("Memory utilisation (%) that raises the memory alarm."),
    target5xxPerMinute: z
        .number()
        .int()
        .min(1)
        .default(10)
        .describe("Target 5xx responses per minute that raise the 5xx alarm."),
});

const capacityProvider = z.enum(["FARGATE", "FARGATE_SPOT", "EC2"]);
const capacityStrategyItem = z.strictObject({
    provider: capacityProvider.describe("Capacity provider; `EC2` needs `cluster.ec2`."),
    base: z.number().int().min(0).max(100000).default(0).describe("Tasks placed on this provider first."),
    weight: z.number().int().min(0).max(1000).default(1).describe("Share of the tasks beyond the bases."),
});

export const clusterSchema = z.strictObject({
    containerInsights: z.enum(["enhanced", "enabled"]).default("enhanced").describe("Container Insights level."),
    capacityStrategy: z
        .array(capacityStrategyItem)
        .min(1)
        .optional()
        .describe("Default capacity provider strategy: prod on-demand Fargate, staging mostly Spot."),
    ec2: z
        .strictObject({
            instanceType: z
                .string()
                .regex(/^[a-z0-9]+\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.medium")
                .describe("Instance type; match `architecture`."),
            architecture: z
                .enum(["x86_64", "arm64"])
                .default("x86_64")
                .describe("Architecture of the ECS-optimised AMI."),
            minSize: count.default(0).describe("Fewest instances."),
            maxSize: count.describe("Most instances; ECS managed scaling moves between the bounds."),
            targetCapacityPercent: z
                .number()
                .int()
                .min(1)
                .max(100)
                .default(100)
                .describe("Managed scaling target utilisation of the instances."),
        })
        .optional()
        .describe("Optional EC2 capacity (Auto Scaling group + ECS capacity provider named `EC2` in strategies)."),
});

const dnsName = z
    .string()
    .max(253)
    .regex(
        /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be a lowercase DNS name such as app.example.com (a leading *. for a wildcard)",
    );

export const loadBalancerSchema = z.strictObject({
    domain: dnsName
        .optional()
        .describe(
            "Name the ALB answers on, e.g. `app.example.com`: a DNS-validated ACM certificate (unless `certificateArn` is set) and alias A/AAAA records in `hostedZone`.",
        ),
    alternativeNames: z
        .array(dnsName)
        .max(99)
        .default([])
        .describe("Extra names on the certificate, each with alias records (e.g. `api.app.example.com`)."),
    hostedZone: dnsName
        .optional()
        .describe("Public Route 53 hosted zone of `domain`, by name (looked up), e.g. `example.com`."),
    hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ")
        .optional()
        .describe("The same zone by id, instead of `hostedZone`."),
    certificateArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "must be an ACM certificate ARN")
        .refine(arn => !/certificate\/0{8}-0{4}-0{4}-0{4}-0{12}$/.test(arn), "is the documentation placeholder")
        .optional()
        .describe(
            "Your own ACM certificate (this stack's region and account) instead of the requested one; without it and without `domain`, HTTP only.",
        ),
    sslPolicy: z
        .enum([
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ])
        .default("ELBSecurityPolicy-TLS13-1-2-2021-06")
        .describe("TLS policy of the HTTPS listener (TLS 1.2+/1.3)."),
    deletionProtection: z.boolean().optional().describe("Deletion protection on the ALB: on in prod."),
    waf: z
        .boolean()
        .optional()
        .describe("A WAFv2 web ACL (AWS managed rules, per-IP rate limit) in front of the ALB: on in prod."),
    wafWebAclArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/, "must be a regional WAFv2 web ACL ARN")
        .optional()
        .describe("Use this existing web ACL instead of creating one (with waf on)."),
    wafRequestsPerFiveMinutesPerIp: z
        .number()
        .int()
        .min(100)
        .max(2000000000)
        .default(2000)
        .describe("Per-IP rate limit of the created web ACL."),
    desyncMitigationMode: z.enum(["defensive", "strictest"]).default("defensive").describe("HTTP desync mitigation."),
    accessLogs: z
        .strictObject({ enabled: z.boolean().default(false), expireDays: z.number().int().min(1).default(90) })
        .default({ enabled: false, expireDays: 90 })
        .describe("ALB access logs to an encrypted, private S3 bucket that expires objects."),
    deregistrationDelaySeconds: z
        .number()
        .int()
        .min(0)
        .max(3600)
        .optional()
        .describe("Seconds a deregistering target drains; short so rolling deploys don't wait AWS's 300 s default."),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe("ALB idle connection timeout."),
    testTraffic: z
        .strictObject({
            headerName: z
                .string()
                .regex(/^[A-Za-z0-9-]{1,40}$/, "must be an HTTP header name (letters, digits, '-', at most 40)")
                .default("X-Blue-Green-Test"),
            sourceCidrs: z.array(cidr).max(4).default([]).describe("Client CIDRs that may reach green."),
        })
        .default({ headerName: "X-Blue-Green-Test", sourceCidrs: [] })
        .describe(
            "Who reaches green before a traffic shift: the header carrying the secret `testTrafficToken`, and/or these source CIDRs; neither = no test stage.",
        ),
    quotas: z
        .strictObject({
            rules: z.number().int().min(1).max(10000).default(100),
            targetGroups: z.number().int().min(1).max(10000).default(100),
        })
        .default({ rules: 100, targetGroups: 100 })
        .describe("Your account's ALB quotas (rules and target groups per load balancer), if raised from 100."),
});

export const deploymentSchema = z.strictObject({
    minimumHealthyPercent: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .describe("Lower bound of running tasks during a deployment, % of desired: prod 100."),
    maximumPercent: z
        .number()
        .int()
        .min(100)
        .max(200)
        .default(200)
        .describe("Upper bound of running tasks during a deployment, % of desired."),
    healthCheckGracePeriodSeconds: z
        .number()
        .int()
        .min(0)
        .max(2147483647)
        .default(60)
        .describe("Seconds the ALB health check is ignored after a task starts."),
    waitForSteadyState: z
        .boolean()
        .default(true)
        .describe("Whether `pulumi up` waits for the service to reach steady state."),
    timeoutMinutes: z
        .number()
        .int()
        .min(1)
        .max(180)
        .default(20)
        .describe("How long `pulumi up` waits for a deployment."),
});

const routeSchema = z.strictObject({
    paths: z.array(pathPattern).min(1).max(5).describe(`ALB path patterns, e.g. ["/api/*"].`),
    hosts: z.array(hostHeader).max(5).optional().describe("Optional host headers."),
    priority: z
        .number()
        .int()
        .min(2)
        .max(50000)
        .optional()
        .describe(
            "Explicit listener rule priority (2–50000; the test rule takes priority − 1); derived stably from the route when unset.",
        ),
});

const imageSchema = z.discriminatedUnion("source", [
    z.strictObject({
        source: z
            .literal("ecr")
            .describe(
                "An image in this stack's ECR repository, pushed by CI; CI sets the tag here and the program never reverts it.",
            ),
        tag: z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a valid image tag")
            .refine(t => t !== "latest", "must be an immutable tag, not 'latest'")
            .optional(),
        digest: z
            .string()
            .regex(/^sha256:[a-f0-9]{64}$/, "must be sha256:<64 hex>")
            .optional(),
    }),
    z.strictObject({
        source: z
            .literal("build")
            .describe(
                "Build from a Dockerfile and push with awsx.ecr.Image; the task definition pins the pushed digest.",
            ),
        context: z.string().min(1),
        dockerfile: z.string().min(1).optional(),
    }),
    z.strictObject({
        source: z.literal("external").describe("An image from another registry (e.g. a private Docker Hub image)."),
        name: imageReference,
        credentialsSecret: envVarName
            .optional()
            .describe('Name of one of this service\'s Secrets Manager secrets holding `{"username","password"}`.'),
    }),
]);

const secretSchema = z.strictObject({
    store: z
        .enum(["secretsmanager", "ssm"])
        .default("secretsmanager")
        .describe("Secrets Manager secret or SSM SecureString parameter, KMS-encrypted with the platform key."),
    source: z
        .enum(["config", "external"])
        .default("external")
        .describe(
            "`config`: value from `ecs-platform:secretValues.<service>.<NAME>` (a Pulumi secret or an ESC environment); `external`: put out-of-band.",
        ),
    description: z.string().max(200).optional().describe("Shown in the AWS console."),
    rotation: z
        .union([
            z.literal("out-of-band"),
            z.strictObject({
                lambdaArn: z
                    .string()
                    .regex(
                        /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/,
                        "must be a Lambda function ARN",
                    ),
                afterDays: z.number().int().min(1).max(1000),
            }),
        ])
        .optional()
        .describe(
            "Secrets Manager only: a rotation Lambda and period, or `out-of-band` when the secret's owner rotates it; unset = undeclared (the policy pack asks).",
        ),
});

const iamStatementSchema = z.strictObject({
    actions: z
        .array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, "must be an IAM action such as s3:GetObject"))
        .min(1),
    resources: z.array(z.string().min(1)).min(1),
});

const sidecarSchema = z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/),
    image: imageReference,
    cpu: z.number().int().min(0).default(0),
    memory: z.number().int().min(6).optional(),
    port: port.optional(),
    environment: z.record(envVarName, z.string()).default({}),
});

const autoscalingSchema = z.strictObject({
    enabled: z.boolean().default(true),
    cpuTargetPercent: z.number().min(1).max(100).default(60),
    memoryTargetPercent: z.number().min(1).max(100).default(75),
    requestsPerTarget: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe("ALB requests per target per minute; unset = no request-count policy."),
    scheduledActions: z
        .array(
            z.strictObject({
                name: z.string().regex(/^[a-z][a-z0-9-]*$/),
                schedule: z.string().min(1),
                minCount: count,
                maxCount: count,
                timezone: z.string().optional(),
            }),
        )
        .default([]),
});

const bakeMinutes = z.number().int().min(0).max(1440);
/** ECS takes traffic percentages in steps of 0.1. */
const tenths = (min: number) =>
    z
        .number()
        .min(min)
        .max(100)
        .refine(p => Math.abs(p * 10 - Math.round(p * 10)) < 1e-9, "must be a multiple of 0.1");

const serviceDeploymentSchema = z.strictObject({
    strategy: z.enum(["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]).default("ROLLING"),
    bakeTimeMinutes: bakeMinutes
        .default(5)
        .describe("Minutes old and new tasks both stay up after the full shift, for an instant rollback."),
    canary: z
        .strictObject({
            percent: tenths(0.1).default(5).describe("Share of production traffic the canary gets (0.1–100)."),
            bakeTimeMinutes: bakeMinutes.default(10).describe("Minutes at that share before the rest shifts."),
        })
        .optional()
        .describe("CANARY only."),
    linear: z
        .strictObject({
            stepPercent: tenths(3).default(10).describe("Share of traffic shifted per step (3–100)."),
            stepBakeTimeMinutes: bakeMinutes.default(6).describe("Minutes between steps."),
        })
        .optional()
        .describe("LINEAR only."),
    lifecycleHooks: z
        .array(
            z.strictObject({
                lambdaArn: z
                    .string()
                    .regex(
                        /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/,
                        "must be a Lambda function ARN",
                    ),
                stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1),
            }),
        )
        .max(10)
        .default([])
        .describe("Lambdas ECS invokes at deployment stages; one that fails rolls the deployment back."),
});

export const serviceSchema = z.strictObject({
    kind: kindSchema,
    image: imageSchema,
    cpu: z
        .number()
        .int()
        .default(256)
        .describe("Task CPU units (Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, 16384)."),
    memory: z.number().int().default(512).describe("Task memory in MiB; must pair with cpu on Fargate."),
    architecture: z
        .enum(["X86_64", "ARM64"])
        .default("X86_64")
        .describe("CPU architecture of the image (`runtimePlatform`)."),
    port: port.default(8080).describe("Container port."),
    healthCheckPath: healthCheckPath
        .default("/health")
        .describe("Path the target group and the container health check probe."),
    route: routeSchema.optional().describe("How the ALB routes to the service (web only, required there)."),
    calls: callsSchema,
    queue: queueSchema.optional().describe("The worker's queue (worker only; defaults apply when unset)."),
    schedule: scheduleSchema.optional().describe("When the job runs (job only, required there)."),
    command: commandSchema,
    healthCheckCommand: healthCheckCommandSchema,
    egress: egressSchema,
    desiredCount: count
        .optional()
        .describe("Tasks to run; managed by the program only while autoscaling is off (otherwise the scaler owns it)."),
    minCount: count.optional().describe("Fewest tasks (autoscaling minimum); prod needs at least one per AZ."),
    maxCount: count.optional().describe("Most tasks (autoscaling maximum)."),
    environment: z
        .record(envVarName, z.string())
        .default({})
        .describe("Plain environment variables; never secrets (use `secrets`)."),
    secrets: z
        .record(envVarName, secretSchema)
        .default({})
        .describe("Secrets injected as environment variables through `valueFrom`."),
    capacity: z
        .enum(["cluster-default", "fargate", "fargate-spot", "ec2"])
        .default("cluster-default")
        .describe("Capacity for this service; defaults to the cluster strategy."),
    networkMode: z
        .enum(["awsvpc", "bridge"])
        .default("awsvpc")
        .describe("Network mode on EC2 capacity: `awsvpc` (default) or `bridge` with dynamic host ports."),
    exec: z.boolean().default(false).describe("ECS Exec (opt-in; audited through the cluster's exec logging)."),
    readonlyRootFilesystem: z.boolean().default(true).describe("Read-only root filesystem for the app container."),
    writableTmp: z
        .boolean()
        .default(true)
        .describe("Mount a writable volume at /tmp (needed by most apps on a read-only root filesystem)."),
    user: z
        .string()
        .regex(/^\d+(:\d+)?$/, "must be a numeric uid[:gid]")
        .refine(u => !/^0(:|$)/.test(u), "must not be root (0)")
        .default("1000:1000")
        .describe("Container user (uid:gid); root is rejected."),
    efs: z
        .strictObject({ containerPath: z.string().regex(/^\//) })
        .optional()
        .describe("Persistent EFS volume mounted at this path."),
    sidecars: z.array(sidecarSchema).default([]).describe("Extra non-essential containers, hardened like the app."),
    blueGreen: z
        .boolean()
        .default(false)
        .describe("ECS native blue/green deployments (alternate target group, test listener rule)."),
    deployment: serviceDeploymentSchema
        .optional()
        .describe(
            "How ECS replaces this service's tasks: `ROLLING` (default), or a traffic shift through the ALB (`BLUE_GREEN`, `CANARY`, `LINEAR`).",
        ),
    autoscaling: autoscalingSchema
        .default(autoscalingSchema.parse({}))
        .describe("Target tracking on CPU, memory and (optionally) ALB requests, between minCount and maxCount."),
    permissions: z.array(iamStatementSchema).default([]).describe("What the task role may do; nothing by default."),
});

/** Every key of the `ecs-platform:` namespace. */
export const stackConfigSchema = z.strictObject({
    environment: z
        .enum(ENVIRONMENTS)
        .describe("Which environment this stack is: it selects the environment defaults below."),
    owner: tagValue.min(1).describe("Owning team (tag `owner`)."),
    costCentre: tagValue.min(1).optional().describe("Cost centre (tag `cost-centre`)."),
    tags: extraTags.default({}).describe("Extra tags on every taggable resource."),
    protectStatefulResources: z
        .boolean()
        .optional()
        .describe("Protect stateful resources (ECR, KMS, secrets, log groups, EFS) from deletion: on in prod."),
    network: networkSchema.default(networkSchema.parse({})),
    registry: registrySchema.default(registrySchema.parse({})),
    logging: loggingSchema.default({}),
    alarms: alarmsSchema.default(alarmsSchema.parse({})),
    cluster: clusterSchema.default(clusterSchema.parse({})),
    loadBalancer: loadBalancerSchema.default(loadBalancerSchema.parse({})),
    deployment: deploymentSchema.default(deploymentSchema.parse({})),
    budget: budgetSchema.default({}),
    services: z
        .record(serviceName, serviceSchema)
        .describe(
            "The workloads, by name: each gets a task definition, and by `kind` a service behind the ALB, on Service Connect, on a queue, or a schedule.",
        )
        .refine(s => Object.keys(s).length > 0, "must declare at least one service"),
    testTrafficToken: z
        .string()
        .regex(/^[A-Za-z0-9._~-]{16,128}$/, "must be 16–128 letters, digits or . _ ~ - (no ALB wildcards * ?)")
        .optional()
        .describe(
            "Secret token the `loadBalancer.testTraffic.headerName` header must carry to reach green; set with `pulumi config set --secret` or from ESC.",
        ),
    secretValues: z
        .record(z.string(), z.record(z.string(), z.string()))
        .default({})
        .describe(
            "Secret values by service and name; set with `pulumi config set --secret --path` or from an ESC environment.",
        ),
});

export type RawStackConfig = z.infer<typeof stackConfigSchema>;

/** Defaults that differ per environment, applied once after parsing (`resolve.ts`). */
export const environmentDefaults = {
    staging: {
        azCount: 2,
        natGateways: "single",
        interfaceEndpoints: false,
        retentionDays: 14,
        capacityStrategy: [
            { provider: "FARGATE", base: 1, weight: 1 },
            { provider: "FARGATE_SPOT", base: 0, weight: 3 },
        ],
        deletionProtection: false,
        waf: false,
        deregistrationDelaySeconds: 15,
        minimumHealthyPercent: 50,
        protectStatefulResources: false,
        desiredCount: 1,
        minCount: 1,
        maxCount: 2,
    },
    prod: {
        azCount: 3,
        natGateways: "perAz",
        interfaceEndpoints: true,
        retentionDays: 90,
        capacityStrategy: [{ provider: "FARGATE", base: 2, weight: 1 }],
        deletionProtection: true,
        waf: true,
        deregistrationDelaySeconds: 30,
        minimumHealthyPercent: 100,
        protectStatefulResources: true,
        desiredCount: 3,
        minCount: 3,
        maxCount: 6,
    },
} as const satisfies Record<Environment, unknown>;

/**
 * Where each environment default lands in the configuration (`*` = every service), for the config reference
 * in README.md; a spec checks that `resolve.ts` applies each one there.
 */
export const environmentDefaultPaths: Record<string, keyof (typeof environmentDefaults)["prod"]> = {
    protectStatefulResources: "protectStatefulResources",
    "network.azCount": "azCount",
    "network.natGateways": "natGateways",
    "network.interfaceEndpoints": "interfaceEndpoints",
    "logging.retentionDays": "retentionDays",
    "cluster.capacityStrategy": "capacityStrategy",
    "loadBalancer.deletionProtection": "deletionProtection",
    "loadBalancer.waf": "waf",
    "loadBalancer.deregistrationDelaySeconds": "deregistrationDelaySeconds",
    "deployment.minimumHealthyPercent": "minimumHealthyPercent",
    "services.*.desiredCount": "desiredCount",
    "services.*.minCount": "minCount",
    "services.*.maxCount": "maxCount",
};
