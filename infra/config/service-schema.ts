import { z } from "zod";
import { AUTOSCALING_DEFAULTS } from "../../components/ecs/autoscaling";
import { LIFECYCLE_STAGES } from "../../components/ecs/service";
import { healthCheckPath, hostHeader, imageReference, pathPattern } from "./aws-formats";
import { count, envVarName, port } from "./schema-primitives";
import {
    callsSchema,
    commandSchema,
    egressSchema,
    healthCheckCommandSchema,
    kindSchema,
    queueSchema,
    scheduleSchema,
} from "./workload-schema";

/** `ecs-platform:services.<name>`: one workload, its image, size, secrets, scaling and deployment. */

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
    cpuTargetPercent: z.number().min(1).max(100).default(AUTOSCALING_DEFAULTS.cpuTarget),
    memoryTargetPercent: z.number().min(1).max(100).default(AUTOSCALING_DEFAULTS.memoryTarget),
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
