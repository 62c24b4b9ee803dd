/** Settings of the load balancer itself (`aws.lb.LoadBalancer` and `aws.alb.LoadBalancer`). */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { hasTag, lbTypes, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

/** Input props of `aws.lb.LoadBalancer`. */
export type LoadBalancerProps = Unwrap<aws.lb.LoadBalancerArgs>;

/** Both load balancer type tokens. */
export const loadBalancerTypes = lbTypes("loadBalancer");

/** `application` (the provider's default), `network` or `gateway`. */
export function kindOf(lb: Pick<LoadBalancerProps, "loadBalancerType">): string {
    return lb.loadBalancerType ?? "application";
}

/** Stops the policy for load balancers other than Application Load Balancers. */
function applicationOnly(lb: LoadBalancerProps, args: ResourceValidationArgs): void {
    if (kindOf(lb) !== "application") {
        args.notApplicable(`Only Application Load Balancers have this setting (this one is ${kindOf(lb)})`);
    }
}

export const albAccessLogs: PlatformResourcePolicy = {
    name: "alb-access-logs",
    description: "Checks that Application Load Balancers write access logs to S3.",
    severity: "medium",
    remediationSteps:
        'Set `accessLogs: { enabled: true, bucket: logBucket.bucket, prefix: "alb" }` (enabled defaults to false even with a bucket). The bucket needs SSE-S3 encryption, a policy allowing the regional ELB log delivery, and a lifecycle expiry.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:ELB.5",
        "cdk-nag:AwsSolutions-ELB2",
        "checkov:CKV_AWS_91",
        "awsguard:elb-logging-enabled",
        "family:loadbalancer",
    ],
    validateResource: validateResourceOfTypes<LoadBalancerProps>(loadBalancerTypes, (lb, args, report) => {
        applicationOnly(lb, args);
        // `bucket` is required whenever `accessLogs` is set, and often unknown during preview: only `enabled` matters.
        if (lb.accessLogs?.enabled !== true) {
            report(lb.accessLogs === undefined ? "No accessLogs are configured." : "accessLogs.enabled is not true.");
        }
    }),
};

export const albDeletionProtection: PlatformResourcePolicy = {
    name: "alb-deletion-protection",
    description:
        "Checks that load balancers have deletion protection on, so a replacement or `pulumi destroy` cannot take traffic down.",
    severity: "medium",
    remediationSteps:
        "Set `enableDeletionProtection: true` (the platform's LoadBalancer component sets it in prod). To delete the load balancer on purpose, set it to false in a separate update first.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:ELB.6",
        "cdk-nag:ELBDeletionProtectionEnabled",
        "checkov:CKV_AWS_150",
        "awsguard:elb-deletion-protection-enabled",
        "family:loadbalancer",
    ],
    validateResource: validateResourceOfTypes<LoadBalancerProps>(loadBalancerTypes, (lb, _args, report) => {
        if (lb.enableDeletionProtection !== true) {
            report("enableDeletionProtection is not true.");
        }
    }),
};

export const albDropInvalidHeaders: PlatformResourcePolicy = {
    name: "alb-drop-invalid-headers",
    description:
        "Checks that Application Load Balancers drop HTTP headers with invalid names instead of passing them to targets.",
    severity: "medium",
    remediationSteps: "Set `dropInvalidHeaderFields: true` on the Application Load Balancer.",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:ELB.4",
        "cdk-nag:ALBHttpDropInvalidHeaderEnabled",
        "checkov:CKV_AWS_131",
        "trivy:AVD-AWS-0052",
        "family:loadbalancer",
    ],
    validateResource: validateResourceOfTypes<LoadBalancerProps>(loadBalancerTypes, (lb, args, report) => {
        applicationOnly(lb, args);
        if (lb.dropInvalidHeaderFields !== true) {
            report("dropInvalidHeaderFields is not true (the default is false).");
        }
    }),
};

const desyncSchema = {
    properties: {
        allowedModes: {
            type: "array",
            items: { type: "string", enum: ["monitor", "defensive", "strictest"] },
            default: ["defensive", "strictest"],
            description: "Accepted `desyncMitigationMode`s; an unset mode is `defensive`.",
        },
    },
} satisfies PolicyConfigSchema;

export const albDesyncMode: PlatformResourcePolicy = {
    name: "alb-desync-mode",
    description:
        "Checks that Application Load Balancers mitigate HTTP desync (request smuggling) in `defensive` or `strictest` mode.",
    severity: "medium",
    remediationSteps:
        'Set `desyncMitigationMode: "defensive"` (the default) or `"strictest"`; `monitor` lets ambiguous requests through.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:ELB.12", "checkov:CKV_AWS_328", "family:loadbalancer"],
    configSchema: desyncSchema,
    validateResource: validateResourceOfTypes<LoadBalancerProps>(loadBalancerTypes, (lb, args, report) => {
        applicationOnly(lb, args);
        const { allowedModes } = policyConfig<{ allowedModes: string[] }>(args, desyncSchema);
        const mode = lb.desyncMitigationMode ?? "defensive";
        if (!allowedModes.includes(mode)) {
            report(`desyncMitigationMode is ${mode}; allowed: ${allowedModes.join(", ")}.`);
        }
    }),
};

const internetFacingSchema = {
    properties: {
        allowTag: {
            type: "string",
            pattern: "^[^=]+=",
            default: "exposure=internet",
            description:
                "`key=value` tag that declares an internet-facing load balancer intended (the platform's public ALB). Any other load balancer must be internal.",
        },
    },
} satisfies PolicyConfigSchema;

export const lbInternalDefault: PlatformResourcePolicy = {
    name: "lb-internal-default",
    description: "Checks that load balancers are internal unless tagged as intentionally internet-facing.",
    severity: "high",
    remediationSteps:
        'Set `internal: true` for load balancers that only serve the VPC (the default is internet-facing). For the public entry point, tag the load balancer with `allowTag` (default `exposure: "internet"`) so the exposure is declared and reviewed.',
    enforcementLevel: "mandatory",
    tags: ["trivy:AVD-AWS-0053", "family:loadbalancer"],
    configSchema: internetFacingSchema,
    validateResource: validateResourceOfTypes<LoadBalancerProps>(loadBalancerTypes, (lb, args, report) => {
        const { allowTag } = policyConfig<{ allowTag: string }>(args, internetFacingSchema);
        if (lb.internal !== true && !hasTag(lb.tags, allowTag)) {
            report(`The load balancer is internet-facing (internal is not true) and lacks the ${allowTag} tag.`);
        }
    }),
};
