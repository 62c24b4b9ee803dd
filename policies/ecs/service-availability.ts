/** Availability of services: enough tasks across enough AZs, and application auto scaling with sane policies. */
import type * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    checkEachResource,
    dependsOnThrough,
    knownValue,
    policyConfig,
    perResource,
    referencedResources,
    reportAdvisory,
    resourcesOfType,
    types,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";
import { serviceSubnets } from "./common";
import { isDormant } from "./service-dormant";

type ScalingPolicyProps = Unwrap<aws.appautoscaling.PolicyArgs>;

/** Whether a service keeps a number of replicas (as opposed to one task per container instance). */
function isReplicaService(service: PolicyResource): boolean {
    return service.props.schedulingStrategy !== "DAEMON";
}

const haSchema = {
    properties: {
        minTasks: { type: "integer" as const, minimum: 1, default: 2, description: "Lowest allowed desiredCount." },
        minAvailabilityZones: {
            type: "integer" as const,
            minimum: 1,
            default: 2,
            description: "Fewest availability zones the service's subnets must span.",
        },
    },
};

export const ecsServiceHighAvailability: PlatformStackPolicy = {
    name: "ecs-service-ha",
    description:
        "Checks that replica services run at least `minTasks` tasks in subnets spanning at least `minAvailabilityZones` AZs.",
    severity: "medium",
    remediationSteps:
        "Set `desiredCount` to at least 2 (or your `minTasks`) and list private subnets from at least 2 availability zones in `networkConfiguration.subnets`.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    configSchema: haSchema,
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        const { minTasks, minAvailabilityZones } = policyConfig<{ minTasks: number; minAvailabilityZones: number }>(
            args,
            haSchema,
        );
        checkEachResource(services.filter(isReplicaService), report, service => {
            // The provider's default desiredCount is 0.
            const desired = service.props.desiredCount ?? 0;
            // A dormant service (zero tasks, waiting for its image or secrets) is reported by ecs-service-dormant.
            if (desired < minTasks && !isDormant(service)) {
                report(`service ${service.name} has desiredCount ${desired}, below ${minTasks}.`, service.urn);
            }
            if (!service.props.networkConfiguration) {
                return; // EC2 bridge/host services spread by placement strategy across their instances' AZs
            }
            const { subnets, complete } = serviceSubnets(service, args.resources);
            const zones = new Set(subnets.map(s => s.props.availabilityZone ?? s.props.availabilityZoneId));
            if (!complete || zones.has(undefined)) {
                reportAdvisory(
                    report,
                    service.urn,
                    `service ${service.name} uses subnets whose availability zone is not known in this stack; their spread could not be checked.`,
                );
            } else if (zones.size < minAvailabilityZones) {
                report(
                    `service ${service.name} runs in ${zones.size} availability zone(s), below ${minAvailabilityZones}.`,
                    service.urn,
                );
            }
        });
    }),
};

/** Cluster names a service's `cluster` may stand for: the name in an ARN, or the referenced cluster's name. */
function clusterNames(service: PolicyResource, resources: PolicyResource[]): string[] {
    const reference = knownValue(() => service.props.cluster);
    const fromReference = typeof reference === "string" ? [reference.split("/").pop()!] : [];
    const clusters = referencedResources(service, "cluster", resources, types.ecsCluster, [reference]);
    return [
        ...fromReference,
        ...clusters.map(c => knownValue(() => c.props.name)).filter((n): n is string => typeof n === "string"),
    ];
}

/** Whether a scaling target scales an ECS service's desired count (throws while either property is unknown). */
const scalesDesiredCount = perResource(
    target => target.props.serviceNamespace === "ecs" && target.props.scalableDimension === "ecs:service:DesiredCount",
);

/** The known `resourceId` of a scaling target or policy: read once, as every service is matched with every one. */
const knownResourceId = perResource(resource => ({ value: knownValue(() => resource.props.resourceId) }));

/** The application auto scaling targets of a service's desired count. */
function scalingTargetsOf(service: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const serviceName = knownValue(() => service.props.name);
    const expected = new Set(clusterNames(service, resources).map(cluster => `service/${cluster}/${serviceName}`));
    return resourcesOfType(resources, types.scalingTarget).filter(
        target =>
            scalesDesiredCount(target) &&
            (dependsOnThrough(target, "resourceId", service) || expected.has(knownResourceId(target).value)),
    );
}

/** The scaling policies attached to a target (by dependency, or by equal known resource ids). */
function scalingPoliciesOf(target: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const resourceId = knownResourceId(target).value;
    return resourcesOfType(resources, types.scalingPolicy).filter(
        policy =>
            dependsOnThrough(policy, "resourceId", target) ||
            (resourceId !== undefined && knownResourceId(policy).value === resourceId),
    );
}

const autoscalingSchema = {
    properties: {
        minCapacity: {
            type: "integer" as const,
            minimum: 0,
            default: 2,
            description: "Lowest allowed target minCapacity.",
        },
    },
};

export const ecsAutoscalingPresent: PlatformStackPolicy = {
    name: "ecs-autoscaling-present",
    description:
        "Checks that every replica service has an application auto scaling target (minCapacity at least `minCapacity`, maxCapacity above it) with at least one scaling policy.",
    severity: "medium",
    remediationSteps:
        'Add `aws.appautoscaling.Target` (`serviceNamespace: "ecs"`, `scalableDimension: "ecs:service:DesiredCount"`, `resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}``, minCapacity ≥ 2, maxCapacity > minCapacity) and an `aws.appautoscaling.Policy` on it (target tracking on CPU, memory or ALB requests).',
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    configSchema: autoscalingSchema,
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        const { minCapacity } = policyConfig<{ minCapacity: number }>(args, autoscalingSchema);
        checkEachResource(services.filter(isReplicaService), report, service => {
            const targets = scalingTargetsOf(service, args.resources);
            // Dormant: zero tasks and no room to scale (no target, or one held at 0) until it can run.
            if (isDormant(service) && targets.every(t => knownValue(() => t.props.maxCapacity) === 0)) {
                return;
            }
            if (targets.length === 0) {
                report(`service ${service.name} has no application auto scaling target.`, service.urn);
            }
            for (const target of targets) {
                const { minCapacity: min, maxCapacity: max } = target.props;
                if (min < minCapacity) {
                    report(
                        `scaling target ${target.name} of service ${service.name} has minCapacity ${min}, below ${minCapacity}.`,
                        service.urn,
                    );
                }
                if (max <= min) {
                    report(
                        `scaling target ${target.name} of service ${service.name} has maxCapacity ${max}, not above minCapacity ${min}.`,
                        service.urn,
                    );
                }
                if (scalingPoliciesOf(target, args.resources).length === 0) {
                    report(
                        `scaling target ${target.name} of service ${service.name} has no scaling policy.`,
                        service.urn,
                    );
                }
            }
        });
    }),
};

const utilizationMetrics = new Set(["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"]);

const scalingPolicySchema = {
    properties: {
        minUtilizationTarget: {
            type: "number" as const,
            minimum: 1,
            maximum: 100,
            default: 20,
            description: "Lowest allowed target for CPU/memory utilization tracking (percent).",
        },
        maxUtilizationTarget: {
            type: "number" as const,
            minimum: 1,
            maximum: 100,
            default: 90,
            description: "Highest allowed target for CPU/memory utilization tracking (percent).",
        },
    },
};

export const ecsScalingPolicySane: PlatformResourcePolicy = {
    name: "ecs-scaling-policy-sane",
    description:
        "Checks that ECS scaling policies are target tracking or step scaling, with cooldowns set and utilization targets within bounds.",
    severity: "low",
    remediationSteps:
        'Use `policyType: "TargetTrackingScaling"` with a `targetValue` between `minUtilizationTarget` and `maxUtilizationTarget` for CPU/memory and explicit `scaleInCooldown`/`scaleOutCooldown` (e.g. 300/60); for step scaling set `cooldown` and `stepAdjustments`.',
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    configSchema: scalingPolicySchema,
    validateResource: validateResourceOfTypes<ScalingPolicyProps>(types.scalingPolicy, (policy, args, report) => {
        if (policy.serviceNamespace !== "ecs") {
            args.notApplicable("Not an ECS scaling policy");
        }
        const { minUtilizationTarget, maxUtilizationTarget } = policyConfig<{
            minUtilizationTarget: number;
            maxUtilizationTarget: number;
        }>(args, scalingPolicySchema);
        // The provider's default policyType is StepScaling.
        const policyType = policy.policyType ?? "StepScaling";
        if (policyType === "TargetTrackingScaling") {
            const tracking = policy.targetTrackingScalingPolicyConfiguration;
            const metric = tracking?.predefinedMetricSpecification?.predefinedMetricType;
            if (!tracking || (!metric && !tracking.customizedMetricSpecification)) {
                report("target tracking has no metric.");
                return;
            }
            if (
                metric &&
                utilizationMetrics.has(metric) &&
                (tracking.targetValue < minUtilizationTarget || tracking.targetValue > maxUtilizationTarget)
            ) {
                report(
                    `targetValue ${tracking.targetValue} for ${metric} is outside ${minUtilizationTarget}–${maxUtilizationTarget}.`,
                );
            }
            if (tracking.scaleInCooldown === undefined || tracking.scaleOutCooldown === undefined) {
                report("scaleInCooldown and scaleOutCooldown must both be set.");
            }
        } else if (policyType === "StepScaling") {
            const step = policy.stepScalingPolicyConfiguration;
            if (step?.cooldown === undefined || !(step.stepAdjustments ?? []).length) {
                report("step scaling needs cooldown and stepAdjustments.");
            }
        } else {
            report(`policyType "${policyType}" is not TargetTrackingScaling or StepScaling.`);
        }
    }),
};

export const serviceAvailabilityPolicies = [ecsServiceHighAvailability, ecsAutoscalingPresent, ecsScalingPolicySane];
