/** ECS service settings: networking, platform, deployments, load balancer grace, capacity, ECS Exec. */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import {
    policyConfig,
    remediateResourceOfTypes,
    types,
    validateResourceOfTypes,
    type PlatformResourcePolicy,
} from "../lib";
import { runsOnFargate, usesEcsDeployments, type ServiceProps } from "./common";

type TaskSetProps = Unwrap<aws.ecs.TaskSetArgs>;
type ClusterCapacityProvidersProps = Unwrap<aws.ecs.ClusterCapacityProvidersArgs>;

export const ecsServiceNoPublicIp: PlatformResourcePolicy = {
    name: "ecs-service-no-public-ip",
    description: "Checks that ECS services and task sets do not assign public IP addresses to tasks.",
    severity: "critical",
    remediationSteps:
        "Set `networkConfiguration.assignPublicIp: false` and run tasks in private subnets with a NAT gateway or VPC endpoints for image pulls; expose the service through a load balancer.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.2", "checkov:CKV_AWS_333", "family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps | TaskSetProps>(
        [types.ecsService, types.ecsTaskSet],
        (service, _args, report) => {
            if (service.networkConfiguration?.assignPublicIp === true) {
                report("networkConfiguration.assignPublicIp is true.");
            }
        },
    ),
};

export const ecsFargatePlatformLatest: PlatformResourcePolicy = {
    name: "ecs-fargate-platform-latest",
    description: "Checks that Fargate services do not pin an old platform version.",
    severity: "low",
    remediationSteps: 'Remove `platformVersion` from the service, or set it to `"LATEST"`.',
    enforcementLevel: "advisory",
    tags: ["securityhub:ECS.10", "checkov:CKV_AWS_332", "family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, args, report) => {
        if (!runsOnFargate(service)) {
            args.notApplicable("Not a Fargate service");
        }
        if (service.platformVersion !== undefined && service.platformVersion !== "LATEST") {
            report(`platformVersion is pinned to "${service.platformVersion}".`);
        }
    }),
};

export const ecsCircuitBreakerRollback: PlatformResourcePolicy = {
    name: "ecs-circuit-breaker-rollback",
    description: "Checks that services deployed by ECS enable the deployment circuit breaker with rollback.",
    severity: "medium",
    remediationSteps:
        "Set `deploymentCircuitBreaker: { enable: true, rollback: true }` on the service (the `remediate` level does this automatically).",
    enforcementLevel: "remediate",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, args, report) => {
        if (!usesEcsDeployments(service)) {
            args.notApplicable("The deployment controller is not ECS");
        }
        const breaker = service.deploymentCircuitBreaker;
        if (breaker?.enable !== true || breaker.rollback !== true) {
            report("deploymentCircuitBreaker must have enable: true and rollback: true.");
        }
    }),
    // Safe to automate: it only changes what happens to a deployment that fails to stabilise (roll back, not retry).
    // Returns nothing when there is nothing to change: the engine counts every returned props as a remediation.
    remediateResource: remediateResourceOfTypes<ServiceProps>(types.ecsService, service => {
        const breaker = service.deploymentCircuitBreaker;
        if (!usesEcsDeployments(service) || (breaker?.enable === true && breaker.rollback === true)) {
            return undefined;
        }
        service.deploymentCircuitBreaker = { enable: true, rollback: true };
        return service;
    }),
};

const percentSchema = {
    properties: {
        minHealthyPercent: {
            type: "integer" as const,
            minimum: 0,
            maximum: 100,
            default: 100,
            description: "Lowest allowed deploymentMinimumHealthyPercent.",
        },
        minMaximumPercent: {
            type: "integer" as const,
            minimum: 100,
            maximum: 200,
            default: 200,
            description: "Lowest allowed deploymentMaximumPercent.",
        },
    },
};

export const ecsDeploymentPercent: PlatformResourcePolicy = {
    name: "ecs-deployment-percent",
    description:
        "Checks that rolling deployments keep enough healthy tasks (`deploymentMinimumHealthyPercent`) and room to start new ones (`deploymentMaximumPercent`).",
    severity: "medium",
    remediationSteps:
        "Set `deploymentMinimumHealthyPercent` to at least `minHealthyPercent` (100 in prod) and `deploymentMaximumPercent` to at least `minMaximumPercent` (200), or leave both unset to get those defaults.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    configSchema: percentSchema,
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, args, report) => {
        if (!usesEcsDeployments(service) || service.schedulingStrategy === "DAEMON") {
            args.notApplicable("Only rolling (ECS controller) deployments of replica services");
        }
        const { minHealthyPercent, minMaximumPercent } = policyConfig<{
            minHealthyPercent: number;
            minMaximumPercent: number;
        }>(args, percentSchema);
        // ECS defaults both to 100/200 for replica services.
        const minimum = service.deploymentMinimumHealthyPercent ?? 100;
        const maximum = service.deploymentMaximumPercent ?? 200;
        if (minimum < minHealthyPercent) {
            report(`deploymentMinimumHealthyPercent ${minimum} is below ${minHealthyPercent}.`);
        }
        if (maximum < minMaximumPercent) {
            report(`deploymentMaximumPercent ${maximum} is below ${minMaximumPercent}.`);
        }
    }),
};

export const ecsLoadBalancerGracePeriod: PlatformResourcePolicy = {
    name: "ecs-lb-grace-period",
    description: "Checks that services behind a load balancer set a health check grace period.",
    severity: "low",
    remediationSteps:
        "Set `healthCheckGracePeriodSeconds` to roughly the app's start-up time (e.g. 60) so that new tasks are not killed before they are ready.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, args, report) => {
        if ((service.loadBalancers ?? []).length === 0) {
            args.notApplicable("No load balancer");
        }
        if (!service.healthCheckGracePeriodSeconds) {
            report("healthCheckGracePeriodSeconds is not set.");
        }
    }),
};

const spotSchema = {
    properties: {
        spotCapacityProviders: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["FARGATE_SPOT"],
            description: "Capacity providers that run on Spot capacity.",
        },
    },
};

export const ecsNoSpot: PlatformResourcePolicy = {
    name: "ecs-no-spot",
    description:
        "Checks that services and cluster defaults give no weight or base to Spot capacity providers (prod runs on on-demand capacity).",
    severity: "medium",
    remediationSteps:
        "Remove `FARGATE_SPOT` (and other Spot providers) from `capacityProviderStrategies` / `defaultCapacityProviderStrategies`, or set its `weight` and `base` to 0; use `FARGATE`.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    configSchema: spotSchema,
    validateResource: validateResourceOfTypes<ServiceProps | ClusterCapacityProvidersProps>(
        [types.ecsService, types.ecsClusterCapacityProviders],
        (props, args, report) => {
            const { spotCapacityProviders } = policyConfig<{ spotCapacityProviders: string[] }>(args, spotSchema);
            const strategies =
                args.type === types.ecsService
                    ? (props as ServiceProps).capacityProviderStrategies
                    : (props as ClusterCapacityProvidersProps).defaultCapacityProviderStrategies;
            for (const strategy of strategies ?? []) {
                if (
                    spotCapacityProviders.includes(strategy.capacityProvider) &&
                    ((strategy.weight ?? 0) > 0 || (strategy.base ?? 0) > 0)
                ) {
                    report(
                        `capacity provider ${strategy.capacityProvider} has weight ${strategy.weight ?? 0} and base ${strategy.base ?? 0}.`,
                    );
                }
            }
        },
    ),
};

export const ecsExecDisabled: PlatformResourcePolicy = {
    name: "ecs-exec-disabled",
    description: "Checks that services do not enable ECS Exec (interactive shells into running tasks).",
    severity: "high",
    remediationSteps:
        "Remove `enableExecuteCommand: true` from the service. Where exec is allowed (staging), ecs-exec-audited requires the cluster to log and encrypt sessions.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, _args, report) => {
        if (service.enableExecuteCommand === true) {
            report("enableExecuteCommand is true.");
        }
    }),
};

export const servicePolicies = [
    ecsServiceNoPublicIp,
    ecsFargatePlatformLatest,
    ecsCircuitBreakerRollback,
    ecsDeploymentPercent,
    ecsLoadBalancerGracePeriod,
    ecsNoSpot,
    ecsExecDisabled,
];
