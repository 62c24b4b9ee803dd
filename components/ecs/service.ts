import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, ArgumentProblems, componentType, formerUrn, withFormerTypes } from "../shared";
import { buildService, ServiceBaseArgs, ServiceOutputs, serviceSettings } from "./service-base";
import { isMemberOf } from "./task-enums";

/** How a blue/green deployment shifts production traffic to the new tasks. */
export const TrafficShift = {
    /** All at once, after the test traffic checks pass. */
    BlueGreen: "BLUE_GREEN",
    /** A canary share first, the rest after the canary's bake time. */
    Canary: "CANARY",
    /** In equal steps. */
    Linear: "LINEAR",
} as const;
export type TrafficShift = (typeof TrafficShift)[keyof typeof TrafficShift];

/** A CANARY deployment's canary. */
export interface CanaryArgs {
    /** The canary's share of production traffic (0.1–100, steps of 0.1). Default: 5. */
    percent?: number;
    /** Minutes at the canary share before the rest shifts (0–1440). Default: 10. */
    bakeTimeMinutes?: number;
}

/** A LINEAR deployment's steps. */
export interface LinearArgs {
    /** Share of production traffic shifted per step (3–100, steps of 0.1). Default: 10. */
    stepPercent?: number;
    /** Minutes between steps (0–1440). Default: 6. */
    stepBakeTimeMinutes?: number;
}

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
    /**
     * `TrafficShift`: how ECS shifts production traffic, all at once (`BLUE_GREEN`), a canary share first
     * (`CANARY`), or in equal steps (`LINEAR`). Default: `BLUE_GREEN`.
     */
    strategy?: TrafficShift;
    /** CANARY only: the canary's share and bake time. Default: 5 %, 10 minutes. */
    canary?: CanaryArgs;
    /** LINEAR only: the steps' share and bake time. Default: 10 %, 6 minutes. */
    linear?: LinearArgs;
    /** Lambdas ECS invokes at deployment stages (a failing hook rolls the deployment back). Default: none. */
    lifecycleHooks?: LifecycleHookArgs[];
}

/** A Lambda ECS invokes at some stages of a deployment; ECS assumes a role this component creates to invoke it. */
export interface LifecycleHookArgs {
    /** The function's ARN. Required. */
    lambdaArn: pulumi.Input<string>;
    /** Stages, e.g. `POST_TEST_TRAFFIC_SHIFT` (check green through the test rule) or `PRODUCTION_TRAFFIC_SHIFT`. Required. */
    stages: string[];
}

/** The ECS deployment lifecycle stages a hook can run at. */
export const LIFECYCLE_STAGES = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;

/** A web service: ServiceBaseArgs plus its place behind the load balancer. */
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
export function webDefaults(args: ServiceArgs) {
    const strategy = args.blueGreen?.strategy ?? TrafficShift.BlueGreen;
    const { canary, linear } = args.blueGreen ?? {};
    return {
        ...args,
        port: args.port ?? 8080,
        healthCheckPath: args.healthCheckPath ?? "/health",
        healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
        blueGreen: args.blueGreen && {
            ...args.blueGreen,
            bakeTimeMinutes: args.blueGreen.bakeTimeMinutes ?? 5,
            strategy,
            // Filled in for its strategy, kept when given for another (the rules reject that).
            canary:
                canary || strategy === TrafficShift.Canary
                    ? { percent: canary?.percent ?? 5, bakeTimeMinutes: canary?.bakeTimeMinutes ?? 10 }
                    : undefined,
            linear:
                linear || strategy === TrafficShift.Linear
                    ? { stepPercent: linear?.stepPercent ?? 10, stepBakeTimeMinutes: linear?.stepBakeTimeMinutes ?? 6 }
                    : undefined,
            lifecycleHooks: args.blueGreen.lifecycleHooks ?? [],
        },
    };
}

type WebSettings = ReturnType<typeof webDefaults>;

/** The token before the package (`ecs-platform:index`): stacks created then keep their URNs through aliases. */
const FORMER_TYPE = "ecs-platform:ecs:Service";

/**
 * The web kind: a service (service-base.ts) whose app container registers in a target group of the shared ALB, with rolling or
 * native blue/green deployments and optional request-count autoscaling.
 */
export class Service extends pulumi.ComponentResource implements ServiceOutputs {
    /** The ECS service's name. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The ECS service's ARN. */
    public readonly serviceArn!: pulumi.Output<string>;
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn!: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    public readonly executionRoleArn!: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    public readonly taskRoleArn!: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    public readonly image!: pulumi.Output<string>;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const web = webDefaults(args);
        const settings = serviceSettings("Service", name, web, webProblems(web));
        super(componentType("Service"), name, {}, withFormerTypes(opts, FORMER_TYPE));
        const outputs = buildService(
            this,
            name,
            settings,
            webParts(web, name, this),
            formerUrn(name, FORMER_TYPE, opts),
        );
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}

/** The web kind's own rules: blue/green needs a target group, request scaling the LB's metric dimensions. */
export function webProblems(settings: WebSettings): ArgumentProblems {
    const problems = new ArgumentProblems();
    if (settings.blueGreen) {
        if (settings.targetGroupArn === undefined) {
            problems.add("blueGreen", "blueGreen deployments need a targetGroupArn.");
        }
        const { strategy, canary, linear, lifecycleHooks } = settings.blueGreen;
        const minutes = (argument: string, value: number) => {
            if (!Number.isInteger(value) || value < 0 || value > 1440) {
                problems.add(argument, `must be a whole number of minutes from 0 to 1440, got ${value}.`);
            }
        };
        const percent = (argument: string, value: number, min: number) => {
            if (!(value >= min && value <= 100) || Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) {
                problems.add(argument, `must be a multiple of 0.1 from ${min} to 100, got ${value}.`);
            }
        };
        if (!isMemberOf(TrafficShift, strategy)) {
            problems.add(
                "blueGreen.strategy",
                `must be one of ${Object.values(TrafficShift).join(", ")}, got "${strategy}".`,
            );
        }
        minutes("blueGreen.bakeTimeMinutes", settings.blueGreen.bakeTimeMinutes);
        if (canary) {
            if (strategy !== "CANARY")
                problems.add("blueGreen.canary", `applies to strategy CANARY only, not ${strategy}.`);
            percent("blueGreen.canary.percent", canary.percent, 0.1);
            minutes("blueGreen.canary.bakeTimeMinutes", canary.bakeTimeMinutes);
        }
        if (linear) {
            if (strategy !== "LINEAR")
                problems.add("blueGreen.linear", `applies to strategy LINEAR only, not ${strategy}.`);
            percent("blueGreen.linear.stepPercent", linear.stepPercent, 3);
            minutes("blueGreen.linear.stepBakeTimeMinutes", linear.stepBakeTimeMinutes);
        }
        lifecycleHooks.forEach((hook, i) => {
            const unknown = hook.stages.filter(stage => !(LIFECYCLE_STAGES as readonly string[]).includes(stage));
            if (hook.stages.length === 0 || unknown.length > 0) {
                problems.add(
                    `blueGreen.lifecycleHooks[${i}].stages`,
                    `must be one or more of ${LIFECYCLE_STAGES.join(", ")}${unknown.length ? `, got ${unknown.join(", ")}` : ""}.`,
                );
            }
        });
    }
    if (!(settings.healthCheckGracePeriodSeconds >= 0)) {
        problems.add("healthCheckGracePeriodSeconds", "healthCheckGracePeriodSeconds must be ≥ 0.");
    }
    if (
        settings.autoscaling?.requestsPerTarget?.enabled !== false &&
        settings.autoscaling?.requestsPerTarget &&
        !(settings.loadBalancerArnSuffix && settings.targetGroupArnSuffix)
    ) {
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
function webParts(settings: WebSettings, name: string, parent: pulumi.Resource) {
    const blueGreen = settings.blueGreen;
    const hookRoleArn =
        blueGreen && blueGreen.lifecycleHooks.length > 0
            ? lifecycleHookRole(name, parent, blueGreen.lifecycleHooks, settings.tags)
            : undefined;
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
                          strategy: blueGreen.strategy,
                          bakeTimeInMinutes: String(blueGreen.bakeTimeMinutes),
                          ...(blueGreen.strategy === "CANARY"
                              ? {
                                    canaryConfiguration: {
                                        canaryPercent: blueGreen.canary!.percent,
                                        canaryBakeTimeInMinutes: String(blueGreen.canary!.bakeTimeMinutes),
                                    },
                                }
                              : {}),
                          ...(blueGreen.strategy === "LINEAR"
                              ? {
                                    linearConfiguration: {
                                        stepPercent: blueGreen.linear!.stepPercent,
                                        stepBakeTimeInMinutes: String(blueGreen.linear!.stepBakeTimeMinutes),
                                    },
                                }
                              : {}),
                          ...(hookRoleArn
                              ? {
                                    lifecycleHooks: blueGreen.lifecycleHooks.map(hook => ({
                                        hookTargetArn: hook.lambdaArn,
                                        roleArn: hookRoleArn,
                                        lifecycleStages: hook.stages,
                                    })),
                                }
                              : {}),
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

/** The role ECS assumes to invoke the service's lifecycle hooks: `lambda:InvokeFunction` on exactly those functions. */
function lifecycleHookRole(
    name: string,
    parent: pulumi.Resource,
    hooks: LifecycleHookArgs[],
    tags: Record<string, string> | undefined,
): pulumi.Output<string> {
    const role = new aws.iam.Role(
        `${name}-deployment-hooks`,
        {
            description: "ECS deployments: invoke this service's lifecycle hook Lambdas",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags,
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-deployment-hooks-invoke`,
        {
            role: role.name,
            name: "invoke-lifecycle-hooks",
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: hooks.map(h => h.lambdaArn) },
                ],
            }),
        },
        { parent },
    );
    // ECS must not try a hook before the role may invoke it.
    return after(role.arn, policy.id);
}
