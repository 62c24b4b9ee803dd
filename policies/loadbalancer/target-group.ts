/** Target groups (`aws.lb.TargetGroup` and `aws.alb.TargetGroup`): health checks and draining. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { lbTypes, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

/** Input props of `aws.lb.TargetGroup`. */
export type TargetGroupProps = Unwrap<aws.lb.TargetGroupArgs>;

/** Both target group type tokens. */
export const targetGroupTypes = lbTypes("targetGroup");

export const tgHealthCheck: PlatformResourcePolicy = {
    name: "tg-health-check",
    description: "Checks that HTTP and HTTPS target groups health-check an explicit path of the application.",
    severity: "medium",
    remediationSteps:
        'Set `healthCheck: { enabled: true, path: "/healthz", matcher: "200" }` with a path that answers only when the service can serve (not `enabled: false`). Without a path the load balancer probes "/", which may be slow, redirect or need authentication.',
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_261", "family:loadbalancer"],
    validateResource: validateResourceOfTypes<TargetGroupProps>(targetGroupTypes, (group, args, report) => {
        const protocol = (group.healthCheck?.protocol ?? group.protocol ?? "").toUpperCase();
        if (group.targetType === "lambda" || (protocol !== "HTTP" && protocol !== "HTTPS")) {
            args.notApplicable("Not an HTTP(S) health check");
        }
        if (group.healthCheck?.enabled === false) {
            report("healthCheck.enabled is false: unhealthy targets keep receiving traffic.");
        } else if (!group.healthCheck?.path) {
            report("healthCheck.path is not set.");
        }
    }),
};

const deregistrationSchema = {
    properties: {
        maxSeconds: {
            type: "integer",
            minimum: 0,
            maximum: 3600,
            default: 120,
            description:
                "Longest accepted `deregistrationDelay`; the provider default of 300 s slows every rolling deployment.",
        },
    },
} satisfies PolicyConfigSchema;

export const tgDeregistrationDelay: PlatformResourcePolicy = {
    name: "tg-deregistration-delay",
    description: "Checks that target groups drain deregistering targets for a bounded time (by default at most 120 s).",
    severity: "low",
    remediationSteps:
        "Set `deregistrationDelay` to a little more than the longest request the service serves (30-60 s for typical HTTP APIs), at most `maxSeconds`.",
    enforcementLevel: "advisory",
    tags: ["family:loadbalancer"],
    configSchema: deregistrationSchema,
    validateResource: validateResourceOfTypes<TargetGroupProps>(targetGroupTypes, (group, args, report) => {
        if (group.targetType === "lambda") {
            args.notApplicable("Lambda targets are not drained");
        }
        const { maxSeconds } = policyConfig<{ maxSeconds: number }>(args, deregistrationSchema);
        const delay = group.deregistrationDelay ?? 300;
        if (delay > maxSeconds) {
            report(
                `deregistrationDelay is ${delay} s${group.deregistrationDelay === undefined ? " (the default)" : ""}; at most ${maxSeconds} s.`,
            );
        }
    }),
};
