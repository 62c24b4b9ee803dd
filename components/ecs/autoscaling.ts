import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";

/** One target-tracking policy: Application Auto Scaling adds or removes tasks to keep the metric at `targetValue`. */
export interface TargetTrackingArgs {
    /** Value to hold the metric at. Default: 60 (% CPU), 75 (% memory), 1000 (requests per task per minute). */
    targetValue?: number;
    /** Seconds after a scale-out before the next one. Default: 60. */
    scaleOutCooldown?: number;
    /** Seconds after a scale-in before the next one (slower than scale-out, to avoid flapping). Default: 300. */
    scaleInCooldown?: number;
}

/** A scheduled change of the capacity bounds (e.g. a night-time floor). */
export interface ScheduledScalingArgs {
    /** Name, unique within the service (`[A-Za-z0-9-]`). Required. */
    name: string;
    /** `cron(…)`, `rate(…)` or `at(…)` expression. Required. */
    schedule: string;
    /** New minimum capacity. Default: unchanged (at least one of min/max is required). */
    minCapacity?: number;
    /** New maximum capacity. Default: unchanged. */
    maxCapacity?: number;
    /** IANA time zone of `schedule`. Default: `UTC`. */
    timezone?: string;
}

/**
 * Service autoscaling. Scale-out happens when any policy asks for it, scale-in only when all agree.
 * While it is on, the scaler owns the running task count (see `ServiceArgs.autoscaling`).
 */
export interface ServiceAutoscalingArgs {
    /** Fewest tasks. Required. */
    minCapacity: number;
    /** Most tasks. Required (≥ minCapacity, ≥ 1). */
    maxCapacity: number;
    /** Track average CPU utilization; `false` turns it off. Default: on, target 60 %. */
    cpu?: TargetTrackingArgs | false;
    /** Track average memory utilization. Default: off (target 75 % when given). */
    memory?: TargetTrackingArgs;
    /**
     * Track ALB requests per task (`ALBRequestCountPerTarget`); needs the service's `loadBalancerArnSuffix` and
     * `targetGroupArnSuffix`. Default: off (target 1000 requests per task per minute when given).
     */
    requestsPerTarget?: TargetTrackingArgs;
    /** Scheduled changes of the bounds. Default: none. */
    scheduledActions?: ScheduledScalingArgs[];
}

/** Target values and cooldowns used where the caller leaves them unset. */
export const AUTOSCALING_DEFAULTS = {
    cpuTarget: 60,
    memoryTarget: 75,
    requestsTarget: 1000,
    scaleOutCooldown: 60,
    scaleInCooldown: 300,
    timezone: "UTC",
} as const;

const SCHEDULE = /^(cron|rate|at)\(.+\)$/;
const ACTION_NAME = /^[A-Za-z0-9-]+$/;

/**
 * Rejects bounds that make no sense: min > max, a desired count outside [min, max], percentages outside (0, 100],
 * scheduled actions that change nothing. The config layer reports these earlier, with the stack key.
 */
export function validateAutoscaling(scaling: ServiceAutoscalingArgs, desiredCount: number | undefined): void {
    const { minCapacity: min, maxCapacity: max } = scaling;
    if (!isCount(min) || !isCount(max) || max < 1 || min > max) {
        throw new Error(
            `Autoscaling needs whole numbers 0 ≤ minCapacity ≤ maxCapacity and maxCapacity ≥ 1, got min ${min}, max ${max}.`,
        );
    }
    if (desiredCount !== undefined && (desiredCount < min || desiredCount > max)) {
        throw new Error(`desiredCount ${desiredCount} must lie within the autoscaling bounds [${min}, ${max}].`);
    }
    for (const [metric, tracking] of [
        ["cpu", scaling.cpu],
        ["memory", scaling.memory],
    ] as const) {
        const target = tracking ? tracking.targetValue : undefined;
        if (target !== undefined && !(target > 0 && target <= 100)) {
            throw new Error(`Autoscaling ${metric} targetValue must be a percentage in (0, 100], got ${target}.`);
        }
    }
    const requests = scaling.requestsPerTarget?.targetValue;
    if (requests !== undefined && !(requests > 0)) {
        throw new Error(`Autoscaling requestsPerTarget targetValue must be positive, got ${requests}.`);
    }
    const names = new Set<string>();
    for (const action of scaling.scheduledActions ?? []) {
        if (!ACTION_NAME.test(action.name) || names.has(action.name)) {
            throw new Error(
                `Scheduled action name "${action.name}" must be unique and use only letters, digits and "-".`,
            );
        }
        names.add(action.name);
        if (!SCHEDULE.test(action.schedule)) {
            throw new Error(
                `Scheduled action "${action.name}" schedule must be cron(…), rate(…) or at(…), got "${action.schedule}".`,
            );
        }
        const bounds = [action.minCapacity, action.maxCapacity].filter((v): v is number => v !== undefined);
        if (bounds.length === 0 || !bounds.every(isCount)) {
            throw new Error(
                `Scheduled action "${action.name}" must set minCapacity and/or maxCapacity to whole numbers ≥ 0.`,
            );
        }
        if (
            action.minCapacity !== undefined &&
            action.maxCapacity !== undefined &&
            action.minCapacity > action.maxCapacity
        ) {
            throw new Error(
                `Scheduled action "${action.name}" has minCapacity ${action.minCapacity} > maxCapacity ${action.maxCapacity}.`,
            );
        }
    }
}

function isCount(value: number): boolean {
    return Number.isInteger(value) && value >= 0;
}

/** What the scaling resources attach to. */
export interface AutoscalingTargetSettings {
    /** The ECS cluster's name. */
    clusterName: pulumi.Input<string>;
    /** The ECS service's name, as an output of the service so the target waits for the service to exist. */
    serviceName: pulumi.Input<string>;
    /** Prefix of policy and scheduled action names (the configured service name). */
    namePrefix: string;
    /** `<lb arn suffix>/<target group arn suffix>`; required when `requestsPerTarget` is set. */
    requestResourceLabel?: pulumi.Input<string>;
    /** Tags for the scalable target. */
    tags: Tags;
}

/** The scalable target with its policies and scheduled actions. */
export interface ServiceAutoscaling {
    target: aws.appautoscaling.Target;
    policies: aws.appautoscaling.Policy[];
    scheduledActions: aws.appautoscaling.ScheduledAction[];
}

/**
 * Creates the scalable target (`service/<cluster>/<service>`, the service's DesiredCount) and its target-tracking
 * policies and scheduled actions, children of `parent`. Application Auto Scaling uses its ECS service-linked role.
 */
export function createServiceAutoscaling(
    name: string,
    parent: pulumi.Resource,
    scaling: ServiceAutoscalingArgs,
    target: AutoscalingTargetSettings,
): ServiceAutoscaling {
    const scalableTarget = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${target.clusterName}/${target.serviceName}`,
            minCapacity: scaling.minCapacity,
            maxCapacity: scaling.maxCapacity,
            tags: target.tags,
        },
        // With scheduled actions the schedule owns the bounds between deploys: re-registering the configured min/max
        // on a refresh or tag change would undo a scheduled raise mid-day (e.g. a business-hours floor).
        { parent, ignoreChanges: (scaling.scheduledActions ?? []).length > 0 ? ["minCapacity", "maxCapacity"] : [] },
    );
    const onTarget = {
        serviceNamespace: scalableTarget.serviceNamespace,
        scalableDimension: scalableTarget.scalableDimension,
        resourceId: scalableTarget.resourceId,
    };

    const trackers: {
        key: string;
        metric: string;
        tracking: TargetTrackingArgs;
        defaultTarget: number;
        resourceLabel?: pulumi.Input<string>;
    }[] = [];
    if (scaling.cpu !== false) {
        trackers.push({
            key: "cpu",
            metric: "ECSServiceAverageCPUUtilization",
            tracking: scaling.cpu ?? {},
            defaultTarget: AUTOSCALING_DEFAULTS.cpuTarget,
        });
    }
    if (scaling.memory) {
        trackers.push({
            key: "memory",
            metric: "ECSServiceAverageMemoryUtilization",
            tracking: scaling.memory,
            defaultTarget: AUTOSCALING_DEFAULTS.memoryTarget,
        });
    }
    if (scaling.requestsPerTarget) {
        if (target.requestResourceLabel === undefined) {
            throw new Error(
                "Autoscaling requestsPerTarget needs the service's loadBalancerArnSuffix and targetGroupArnSuffix.",
            );
        }
        trackers.push({
            key: "requests",
            metric: "ALBRequestCountPerTarget",
            tracking: scaling.requestsPerTarget,
            defaultTarget: AUTOSCALING_DEFAULTS.requestsTarget,
            resourceLabel: target.requestResourceLabel,
        });
    }

    // Application Auto Scaling rejects concurrent writes to one scalable target (ConcurrentUpdateException,
    // hashicorp/terraform-provider-aws#17915): each policy and scheduled action waits for the one before it.
    let previous: pulumi.Resource = scalableTarget;
    const inSequence = <T extends pulumi.Resource>(create: (dependsOn: pulumi.Resource) => T): T =>
        (previous = create(previous));

    const policies = trackers.map(({ key, metric, tracking, defaultTarget, resourceLabel }) =>
        inSequence(
            dependsOn =>
                new aws.appautoscaling.Policy(
                    `${name}-scaling-${key}`,
                    {
                        name: `${target.namePrefix}-${key}-tracking`,
                        policyType: "TargetTrackingScaling",
                        ...onTarget,
                        targetTrackingScalingPolicyConfiguration: {
                            predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
                            targetValue: tracking.targetValue ?? defaultTarget,
                            scaleOutCooldown: tracking.scaleOutCooldown ?? AUTOSCALING_DEFAULTS.scaleOutCooldown,
                            scaleInCooldown: tracking.scaleInCooldown ?? AUTOSCALING_DEFAULTS.scaleInCooldown,
                        },
                    },
                    { parent, dependsOn },
                ),
        ),
    );

    const scheduledActions = (scaling.scheduledActions ?? []).map(action =>
        inSequence(
            dependsOn =>
                new aws.appautoscaling.ScheduledAction(
                    `${name}-schedule-${action.name}`,
                    {
                        name: `${target.namePrefix}-${action.name}`,
                        ...onTarget,
                        schedule: action.schedule,
                        timezone: action.timezone ?? AUTOSCALING_DEFAULTS.timezone,
                        scalableTargetAction: { minCapacity: action.minCapacity, maxCapacity: action.maxCapacity },
                    },
                    { parent, dependsOn },
                ),
        ),
    );
    return { target: scalableTarget, policies, scheduledActions };
}
