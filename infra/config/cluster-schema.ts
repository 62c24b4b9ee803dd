import { z } from "zod";
import { SCRATCH_INIT_IMAGE } from "../../components/ecs/scratch-init";
import { imageReference } from "./aws-formats";
import { count } from "./schema-primitives";

/** The stack-config sections for the ECS cluster's capacity and the defaults of every service's deployments. */

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
    scratchInitImage: imageReference
        .optional()
        .describe(
            `Image (with \`chmod\`) of the init container that makes each task's /tmp volumes writable for its non-root user; unset = ${SCRATCH_INIT_IMAGE}. A private ECR image is granted to the execution roles.`,
        ),
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
