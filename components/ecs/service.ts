import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems } from "../shared";
import { ServiceBase, ServiceBaseArgs } from "./service-base";

export type { CapacityProviderShare } from "./service-base";
export type { SidecarArgs, TaskEfsArgs as ServiceEfsArgs, TaskExecArgs as ServiceExecArgs } from "./task-definition";

/** Native ECS blue/green deployment through two target groups (the LB layer creates both and the listener rules). */
export interface BlueGreenArgs {
    /** The second target group, which receives the new tasks. Required. */
    alternateTargetGroupArn: pulumi.Input<string>;
    /** Listener rule ECS switches from the old to the new target group. Required. */
    productionListenerRuleArn: pulumi.Input<string>;
    /** Listener rule sending test traffic to the new tasks before the switch. Default: none. */
    testListenerRuleArn?: pulumi.Input<string>;
    /** Role ECS assumes to modify the listener rules and target groups. Required. */
    roleArn: pulumi.Input<string>;
    /** Minutes both versions stay up after the switch, for a fast rollback (0–1440). Default: 5. */
    bakeTimeMinutes?: number;
}

/** A web service: {@link ServiceBaseArgs} plus its place behind the load balancer. */
export interface ServiceArgs extends ServiceBaseArgs {
    /** Port the app listens on (target group and health check port). Default: 8080. */
    port?: number;
    /** HTTP path of the default container health check. Default: `/health`. */
    healthCheckPath?: string;

    // ---- Load balancing ----
    /** Target group the app container registers in (`ip` type for awsvpc, `instance` for bridge). Default: none (no load balancer). */
    targetGroupArn?: pulumi.Input<string>;
    /** Seconds new tasks may fail LB health checks before ECS replaces them (only with a target group). Default: 60. */
    healthCheckGracePeriodSeconds?: number;
    /** The load balancer's ARN suffix, for request-count autoscaling. Default: none. */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /** The target group's ARN suffix, for request-count autoscaling. Default: none. */
    targetGroupArnSuffix?: pulumi.Input<string>;
    /** Native ECS blue/green deployments instead of rolling ones; needs `targetGroupArn`. Default: none (rolling). */
    blueGreen?: BlueGreenArgs;
}

/** The one place the web kind's own defaults are applied. */
function webDefaults(args: ServiceArgs) {
    return {
        ...args,
        port: args.port ?? 8080,
        healthCheckPath: args.healthCheckPath ?? "/health",
        healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
        blueGreen: args.blueGreen && { ...args.blueGreen, bakeTimeMinutes: args.blueGreen.bakeTimeMinutes ?? 5 },
    };
}

type WebSettings = ReturnType<typeof webDefaults>;

/**
 * The web kind: a {@link ServiceBase} whose app container registers in a target group of the shared ALB, with
 * rolling or native blue/green deployments and optional request-count autoscaling.
 */
export class Service extends ServiceBase {
    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = webDefaults(args);
        super("ecs-platform:ecs:Service", name, settings, webProblems(settings), () => webParts(settings), opts);
    }
}

/** The web kind's own rules: blue/green needs a target group, request scaling the LB's metric dimensions. */
export function webProblems(settings: WebSettings): ArgumentProblems {
    const problems = new ArgumentProblems();
    if (settings.blueGreen) {
        if (settings.targetGroupArn === undefined) {
            problems.add("blueGreen", "blueGreen deployments need a targetGroupArn.");
        }
        const bake = settings.blueGreen.bakeTimeMinutes;
        if (!Number.isInteger(bake) || bake < 0 || bake > 1440) {
            problems.add("blueGreen.bakeTimeMinutes", `blueGreen bakeTimeMinutes must be 0–1440, got ${bake}.`);
        }
    }
    if (!(settings.healthCheckGracePeriodSeconds >= 0)) {
        problems.add("healthCheckGracePeriodSeconds", "healthCheckGracePeriodSeconds must be ≥ 0.");
    }
    if (settings.autoscaling?.requestsPerTarget && !(settings.loadBalancerArnSuffix && settings.targetGroupArnSuffix)) {
        problems.add(
            "autoscaling.requestsPerTarget",
            "requestsPerTarget autoscaling needs loadBalancerArnSuffix and targetGroupArnSuffix.",
        );
    }
    return problems;
}

/**
 * Target group attachment (with blue/green's alternate group) and the grace period, when the service has a load balancer.
 * No `iamRole`: in bridge mode ECS registers the instances through its service-linked role.
 */
function webParts(settings: WebSettings) {
    const blueGreen = settings.blueGreen;
    const service: Partial<aws.ecs.ServiceArgs> =
        settings.targetGroupArn === undefined
            ? {}
            : {
                  loadBalancers: [
                      {
                          targetGroupArn: settings.targetGroupArn,
                          containerName: settings.serviceName,
                          containerPort: settings.port,
                          ...(blueGreen
                              ? {
                                    advancedConfiguration: {
                                        alternateTargetGroupArn: blueGreen.alternateTargetGroupArn,
                                        productionListenerRule: blueGreen.productionListenerRuleArn,
                                        testListenerRule: blueGreen.testListenerRuleArn,
                                        roleArn: blueGreen.roleArn,
                                    },
                                }
                              : {}),
                      },
                  ],
                  healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
              };
    return {
        service: {
            ...service,
            ...(blueGreen
                ? {
                      deploymentConfiguration: {
                          strategy: "BLUE_GREEN",
                          bakeTimeInMinutes: String(blueGreen.bakeTimeMinutes),
                      },
                  }
                : {}),
        },
        // ECS native blue/green swaps which target group is live at every deployment; re-sending the
        // original pair on each update resets that (hashicorp/terraform-provider-aws#45678).
        ignoreChanges: blueGreen ? ["loadBalancers"] : [],
        requestResourceLabel:
            settings.loadBalancerArnSuffix && settings.targetGroupArnSuffix
                ? pulumi.interpolate`${settings.loadBalancerArnSuffix}/${settings.targetGroupArnSuffix}`
                : undefined,
    };
}
