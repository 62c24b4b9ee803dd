import { z } from "zod";
import { cidr, port } from "./schema-primitives";

/**
 * The stack-config keys that choose a service's kind of workload and what that kind needs: its queue (worker),
 * its schedule (job), whom it calls over Service Connect, its command and any extra egress.
 */

export const WORKLOAD_KINDS = ["web", "backend", "worker", "job", "task"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const kindSchema = z
    .enum(WORKLOAD_KINDS)
    .default("web")
    .describe(
        "`web`: behind the ALB (needs `route`); `backend`: reachable over Service Connect only; `worker`: consumes its SQS queue; `job`: run on `schedule` by EventBridge Scheduler; `task`: a one-off task definition run with `npm run task`.",
    );

export const callsSchema = z
    .array(z.string().min(1))
    .default([])
    .describe(
        "Services this one calls over Service Connect (`http://<name>:<port>`); each target's security group admits this service's on its port.",
    );

export const queueSchema = z.strictObject({
    visibilityTimeoutSeconds: z
        .number()
        .int()
        .min(0)
        .max(43200)
        .default(60)
        .describe("Seconds a received message stays hidden (0–43200); longer than the slowest message takes."),
    maxReceiveCount: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(5)
        .describe("Receives before a message moves to the dead-letter queue (1–1000)."),
    retentionDays: z
        .number()
        .int()
        .min(1)
        .max(14)
        .default(4)
        .describe("Days SQS keeps a message (1–14); the dead-letter queue keeps 14."),
    messagesPerTask: z
        .number()
        .int()
        .min(1)
        .max(100000)
        .default(10)
        .describe("Backlog one task works through: the scaler adds a task per this many visible messages."),
    topicArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, "must be an SNS topic ARN")
        .optional()
        .describe("Subscribe the queue to this SNS topic (raw delivery): the pub/sub half of a worker."),
});

export const scheduleSchema = z.strictObject({
    expression: z
        .string()
        .regex(
            /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
            "must be cron(<6 fields>) or rate(<n> minutes|hours|days)",
        )
        .describe("EventBridge Scheduler expression, e.g. `cron(0 2 * * ? *)` (02:00 daily) or `rate(6 hours)`."),
    timezone: z.string().min(1).default("UTC").describe("IANA time zone of a cron expression, e.g. Europe/Dublin."),
    flexibleWindowMinutes: z
        .number()
        .int()
        .min(1)
        .max(1440)
        .optional()
        .describe("Let Scheduler start the task up to this many minutes late (spreads load); unset = on time."),
    retryAttempts: z
        .number()
        .int()
        .min(0)
        .max(185)
        .default(2)
        .describe(
            "Retries when RunTask fails (capacity, throttling); then the event goes to the job's dead-letter queue.",
        ),
    maximumEventAgeSeconds: z
        .number()
        .int()
        .min(60)
        .max(86400)
        .default(3600)
        .describe("How long Scheduler keeps retrying one run (60–86400 s)."),
    enabled: z.boolean().default(true).describe("`false` pauses the schedule without deleting it."),
});

export const commandSchema = z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Overrides the image's CMD (a job's or task's command; a worker's consumer).");

export const egressSchema = z
    .array(
        z.strictObject({
            port: port.describe("Destination TCP port, e.g. 5432 for PostgreSQL."),
            cidr: cidr.describe("Destination network, e.g. the database subnets."),
            description: z
                .string()
                .regex(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, "must use EC2's description characters")
                .describe("Why this egress exists (shown on the rule)."),
        }),
    )
    .default([])
    .describe(
        "Egress beyond HTTPS (443) and Service Connect: each entry opens one TCP port to one CIDR from this service's group only.",
    );

export const healthCheckCommandSchema = z
    .array(z.string().min(1))
    .min(2)
    .optional()
    .describe(
        'Container health check in ECS form, e.g. ["CMD-SHELL", "test -f /tmp/alive || exit 1"]; default: an HTTP GET of healthCheckPath for web and backend, none otherwise.',
    );
