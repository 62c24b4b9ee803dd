import { z } from "zod";
import { extraTags, tagValue } from "./aws-formats";
import { budgetSchema } from "./budget";
import { clusterSchema, deploymentSchema } from "./cluster-schema";
import { loadBalancerSchema } from "./edge-schema";
import { networkSchema } from "./network-schema";
import { alarmsSchema, loggingSchema, registrySchema } from "./platform-schema";
import { serviceSchema } from "./service-schema";

export { clusterSchema, deploymentSchema } from "./cluster-schema";
export { loadBalancerSchema } from "./edge-schema";
export { networkSchema } from "./network-schema";
export { alarmsSchema, lifecycleSchema, loggingSchema, registrySchema } from "./platform-schema";
export { serviceSchema } from "./service-schema";

/**
 * The stack configuration schema: every key under the `ecs-platform:` namespace, its type, what is allowed
 * and its default. Defaults that depend on the environment live in {@link environmentDefaults}; everything
 * else is a literal default here. Cross-field rules (Fargate sizes, routes, CIDR plan) are in `rules.ts`.
 *
 * Objects are strict: an unknown key is an error, so a typo never silently falls back to a default.
 * Each section's schema lives in its own file; this one composes them and re-exports them for importers.
 */

export const ENVIRONMENTS = ["staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const serviceName = z
    .string()
    .regex(
        /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/,
        "must be lowercase letters, digits and single '-' between them, start with a letter, at most 20 characters (it names ECR repositories and prefixes target group names, limited to 32)",
    );

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
