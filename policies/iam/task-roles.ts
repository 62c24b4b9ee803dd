/**
 * Roles that ECS task definitions use, resolved in stack policies. `executionRoleArn`/`taskRoleArn` hold an ARN,
 * unknown during preview for a role created in the same update, so a role also counts when the property depends on it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { readKnown, referencedResources, resourcesOfType, types } from "../lib";
import { iamTypes } from "./identity";

/** The task definition property naming a role. */
export type TaskRoleProperty = "executionRoleArn" | "taskRoleArn";

/** How the task definitions of a stack use roles through one property. */
export interface TaskRoleUses {
    /** Each role in the stack that some task definition names, with those task definitions. */
    roles: Map<PolicyResource, PolicyResource[]>;
    /** Task definitions naming a role that is not in the stack, with the ARN they name. */
    external: { taskDefinition: PolicyResource; arn: string }[];
    /** Task definitions whose role is unknown (preview) and not resolvable through dependencies. */
    unresolved: PolicyResource[];
}

/** Resolves `property` of every task definition of the stack to roles. */
export function taskRoleUses(resources: readonly PolicyResource[], property: TaskRoleProperty): TaskRoleUses {
    const roles = resourcesOfType(resources, iamTypes.role);
    const uses: TaskRoleUses = { roles: new Map(), external: [], unresolved: [] };
    for (const taskDefinition of resourcesOfType(resources, types.ecsTaskDefinition)) {
        const value = readKnown(() => taskDefinition.props[property] as unknown);
        const named = referencedResources(
            taskDefinition,
            property,
            roles,
            iamTypes.role,
            value.known ? [value.value] : [],
        );
        for (const role of named) {
            uses.roles.set(role, [...(uses.roles.get(role) ?? []), taskDefinition]);
        }
        if (named.length > 0 || (value.known && (value.value === undefined || value.value === ""))) {
            continue;
        }
        if (value.known && typeof value.value === "string") {
            uses.external.push({ taskDefinition, arn: value.value });
        } else if (!value.known) {
            uses.unresolved.push(taskDefinition);
        }
    }
    return uses;
}
