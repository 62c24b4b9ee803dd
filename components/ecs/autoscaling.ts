import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, type Tags } from "../shared";

/** One target-tracking policy: Application Auto Scaling adds or removes tasks to keep the metric at `targetValue`. */
export interface TargetTrackingArgs {
    /** `false` turns this policy off (e.g. `cpu: { enabled: false }`). Default: true. */
    enabled?: boolean;
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
    /** New fewest tasks. Default: unchanged (at least one of minCount and maxCount is required). */
    minCount?: number;
    /** New most tasks. Default: unchanged. */
    maxCount?: number;
    /** IANA time zone of `schedule`. Default: `UTC`. */
    timezone?: string;
}

/**
 * Service autoscaling. Scale-out happens when any policy asks for it, scale-in only when all agree.
 * While it is on, the scaler owns the running task count (see `ServiceArgs.autoscaling`).
 */
export interface ServiceAutoscalingArgs {
    /** Fewest tasks. Required. */
    minCount: number;
    /** Most tasks. Required (≥ minCount, ≥ 1). */
    maxCount: number;
    /** Track average CPU utilization; `{ enabled: false }` turns it off. Default: on, target 60 %. */
    cpu?: TargetTrackingArgs;
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

/**
 * App Auto Scaling `PutScheduledAction` formats
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html):
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(<n> minute|minutes|hour|hours|day|days)` or `cron(<6 fields>)`
 * (minutes hours day-of-month month day-of-week year, one of the two day fields `?`); at most 1600 characters.
 */
const AT = /^at\(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\)$/;
const RATE = /^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/#LW-]+$/;
/** Scheduled action names: 1–256 characters, none of `:`, `/`, `|` (App Auto Scaling `ScheduledActionName`). */
const ACTION_NAME = /^[^:/|\s][^:/|]{0,254}[^:/|\s]$|^[^:/|\s]$/;

/** Why `schedule` is not an App Auto Scaling schedule expression, or undefined. */
export function scheduleProblem(schedule: string): string | undefined {
    if (schedule.length > 1600) {
        return "must be at most 1600 characters";
    }
    if (AT.test(schedule) || RATE.test(schedule)) {
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(schedule);
    if (!cron) {
        return "must be at(yyyy-mm-ddThh:mm:ss), rate(<n> minutes|hours|days) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)";
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6 || !fields.every(f => CRON_FIELD.test(f))) {
        return "cron(…) needs six fields: minutes hours day-of-month month day-of-week year, e.g. cron(0 7 ? * MON-FRI *)";
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
        return "cron(…) needs ? in exactly one of day-of-month and day-of-week";
    }
    return undefined;
}

let canonicalTimezones: Set<string> | undefined;

/** Why `timezone` is not an IANA time zone name (what `Timezone` accepts, e.g. `Europe/Dublin`), or undefined. */
export function timezoneProblem(timezone: string): string | undefined {
    const problem = "must be an IANA time zone name such as Europe/Dublin or UTC";
    if (!/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) {
        return problem;
    }
    // The canonical names are a cheap lookup; a formatter (which loads the whole time zone database, a tenth of a
    // small stack's offline check) is asked only about the rest, the aliases such as UTC or US/Eastern.
    canonicalTimezones ??= new Set(Intl.supportedValuesOf("timeZone"));
    if (canonicalTimezones.has(timezone)) {
        return undefined;
    }
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: timezone });
        return undefined;
    } catch {
        return problem;
    }
}

/**
 * What is wrong with a service's autoscaling arguments, by argument: bounds that make no sense (min > max, a
 * desired count outside them), percentages outside (0, 100], scheduled actions AWS would refuse. Pure: the program
 * checks the same rules against its stack config first.
 */
export function autoscalingProblems(
    scaling: ServiceAutoscalingArgs,
    desiredCount: number | undefined,
): ArgumentProblems {
    const problems = new ArgumentProblems();
    const { minCount: min, maxCount: max } = scaling;
    if (!isCount(min)) {
        problems.add("autoscaling.minCount", `must be a whole number ≥ 0 (got ${min})`);
    }
    if (!isCount(max) || max < 1) {
        problems.add("autoscaling.maxCount", `must be a whole number ≥ 1 (got ${max})`);
    }
    if (isCount(min) && isCount(max) && min > max) {
        problems.add("autoscaling.minCount", `must not exceed the maximum (${min} > ${max})`);
    } else if (desiredCount !== undefined && (desiredCount < min || desiredCount > max)) {
        problems.add("desiredCount", `must lie within the autoscaling bounds ${min}..${max} (got ${desiredCount})`);
    }
    for (const [metric, tracking] of [
        ["cpu", scaling.cpu],
        ["memory", scaling.memory],
    ] as const) {
        const target = tracking?.targetValue;
        if (target !== undefined && !(target > 0 && target <= 100)) {
            problems.add(`autoscaling.${metric}.targetValue`, `must be a percentage in (0, 100] (got ${target})`);
        }
    }
    const requests = scaling.requestsPerTarget?.targetValue;
    if (requests !== undefined && !(requests > 0)) {
        problems.add("autoscaling.requestsPerTarget.targetValue", `must be positive (got ${requests})`);
    }
    const names = new Set<string>();
    (scaling.scheduledActions ?? []).forEach((action, i) => {
        const at = (field: string) => `autoscaling.scheduledActions[${i}].${field}`;
        if (!ACTION_NAME.test(action.name) || names.has(action.name)) {
            problems.add(at("name"), "must be unique, 1–256 characters, without ':', '/', '|' or surrounding spaces");
        }
        names.add(action.name);
        const schedule = scheduleProblem(action.schedule);
        if (schedule) {
            problems.add(at("schedule"), schedule);
        }
        const timezone = action.timezone === undefined ? undefined : timezoneProblem(action.timezone);
        if (timezone) {
            problems.add(at("timezone"), timezone);
        }
        const bounds = [action.minCount, action.maxCount].filter((v): v is number => v !== undefined);
        if (bounds.length === 0 || !bounds.every(isCount)) {
            problems.add(at("minCount"), "minCount and/or maxCount must be set, to whole numbers ≥ 0");
        } else if (
            action.minCount !== undefined &&
            action.maxCount !== undefined &&
            action.minCount > action.maxCount
        ) {
            problems.add(at("minCount"), `must not exceed the maximum (${action.minCount} > ${action.maxCount})`);
        }
    });
    return problems;
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
            minCapacity: scaling.minCount,
            maxCapacity: scaling.maxCount,
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
    if (scaling.cpu?.enabled !== false) {
        trackers.push({
            key: "cpu",
            metric: "ECSServiceAverageCPUUtilization",
            tracking: scaling.cpu ?? {},
            defaultTarget: AUTOSCALING_DEFAULTS.cpuTarget,
        });
    }
    if (scaling.memory && scaling.memory.enabled !== false) {
        trackers.push({
            key: "memory",
            metric: "ECSServiceAverageMemoryUtilization",
            tracking: scaling.memory,
            defaultTarget: AUTOSCALING_DEFAULTS.memoryTarget,
        });
    }
    if (scaling.requestsPerTarget && scaling.requestsPerTarget.enabled !== false) {
        if (target.requestResourceLabel === undefined) {
            new ArgumentProblems()
                .add(
                    "autoscaling.requestsPerTarget",
                    "needs the service's loadBalancerArnSuffix and targetGroupArnSuffix",
                )
                .throwIfAny("Service", target.namePrefix);
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
                        scalableTargetAction: { minCapacity: action.minCount, maxCapacity: action.maxCount },
                    },
                    { parent, dependsOn },
                ),
        ),
    );
    return { target: scalableTarget, policies, scheduledActions };
}
