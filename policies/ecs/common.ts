/** Shapes and helpers shared by the ECS policies. */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    containerDefinitions,
    readKnown,
    referencedResources,
    referencesThrough,
    types,
    validateResourceOfTypes,
    type ContainerDefinition,
} from "../lib";

/** Input props of `aws.ecs.TaskDefinition`. */
export type TaskDefinitionProps = Unwrap<aws.ecs.TaskDefinitionArgs>;
/** Input props of `aws.ecs.Service`. */
export type ServiceProps = Unwrap<aws.ecs.ServiceArgs>;
/** Input props of `aws.ecs.Cluster`. */
export type ClusterProps = Unwrap<aws.ecs.ClusterArgs>;

/** How messages name a container: its name, or its position when it has none. */
export function containerLabel(container: ContainerDefinition, index: number): string {
    return container.name ? `container "${container.name}"` : `container #${index + 1}`;
}

/**
 * A task definition validation that gets the parsed container definitions. A task definition whose
 * `containerDefinitions` is not a JSON array is not applicable (the provider rejects it before anything is created).
 */
export function validateContainers(
    validate: (
        containers: ContainerDefinition[],
        task: TaskDefinitionProps,
        args: ResourceValidationArgs,
        reportViolation: ReportViolation,
    ) => void,
): ResourceValidation {
    return validateResourceOfTypes<TaskDefinitionProps>(types.ecsTaskDefinition, (task, args, reportViolation) => {
        const containers =
            containerDefinitions(task) ??
            args.notApplicable("containerDefinitions is not a JSON array of container definitions");
        validate(containers, task, args, reportViolation);
    });
}

/** Whether a service (or task set) runs on Fargate: launch type or any Fargate capacity provider. */
export function runsOnFargate(service: Pick<ServiceProps, "launchType" | "capacityProviderStrategies">): boolean {
    return (
        service.launchType === "FARGATE" ||
        (service.capacityProviderStrategies ?? []).some(
            s => s.capacityProvider === "FARGATE" || s.capacityProvider === "FARGATE_SPOT",
        )
    );
}

/** Whether the service is deployed by ECS itself (the default controller), which circuit breakers etc. apply to. */
export function usesEcsDeployments(service: Pick<ServiceProps, "deploymentController">): boolean {
    return (service.deploymentController?.type ?? "ECS") === "ECS";
}

/**
 * The subnets of this stack that a service's `networkConfiguration.subnets` lists, and whether every listed subnet
 * was found. During preview a list built from other resources' outputs is unknown as a whole; then the subnets the
 * property depends on are the list (and if there are none, the unknown read is rethrown).
 */
export function serviceSubnets(
    service: PolicyResource,
    resources: PolicyResource[],
): { subnets: PolicyResource[]; complete: boolean } {
    const listed = readKnown(() => service.props.networkConfiguration?.subnets as unknown[] | undefined);
    if (!listed.known) {
        const subnets = referencedResources(service, "networkConfiguration", resources, types.subnet);
        if (subnets.length === 0) {
            void service.props.networkConfiguration.subnets; // read again to throw the UnknownValueError
        }
        return { subnets, complete: true };
    }
    const entries = listed.value ?? [];
    const subnets = referencesThrough(service, "networkConfiguration", () => entries, resources, types.subnet);
    return { subnets, complete: subnets.length >= entries.length };
}
