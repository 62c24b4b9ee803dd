import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../components/logging";
import { LIFECYCLE_DEFAULTS } from "../../components/registry";
import { awsAccountId } from "./schema-primitives";

/** The stack-config sections for the environment's shared services: its image registry, logs and alarms. */

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
