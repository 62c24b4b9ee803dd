/**
 * Cross-resource references in stack policies. A reference property holds the other resource's id, ARN or name
 * (for example `subnets: ["subnet-0ab…"]`), which is unknown during preview for resources not created yet, so a
 * reference also counts when the property depends on the resource (`propertyDependencies`, keyed by top-level
 * property name).
 */
import type { PolicyResource } from "@pulumi/policy";
import { knownValue } from "./preview";
import { isOneOfTypes } from "./types";

/** The known identifiers of a resource: its URN and whichever of `id`, `arn`, `name` are known strings. */
export function identifiersOf(resource: PolicyResource): string[] {
    const identifiers = [resource.urn];
    for (const key of ["id", "arn", "name"]) {
        const value = knownValue(() => resource.props[key]);
        if (typeof value === "string" && value !== "") {
            identifiers.push(value);
        }
    }
    return identifiers;
}

/** Whether `value` is one of `target`'s identifiers (URN, or known `id`, `arn`, `name`). */
export function identifies(value: unknown, target: PolicyResource): boolean {
    return typeof value === "string" && identifiersOf(target).includes(value);
}

/** Whether the top-level `property` of `resource` depends on `target`. */
export function dependsOnThrough(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    return (resource.propertyDependencies[property] ?? []).some((dependency) => dependency.urn === target.urn);
}

/**
 * The resources of `tokens` that `resource` refers to through the top-level `property`: one of `values` (strings
 * read from that property; pass only known ones) identifies them, or the property depends on them.
 */
export function referencedResources(
    resource: PolicyResource,
    property: string,
    candidates: readonly PolicyResource[],
    tokens: string | readonly string[],
    values: readonly unknown[] = [],
): PolicyResource[] {
    return candidates.filter(
        (candidate) =>
            isOneOfTypes(candidate.type, tokens) &&
            (dependsOnThrough(resource, property, candidate) || values.some((value) => identifies(value, candidate))),
    );
}

/** Resources of `tokens` in the stack. */
export function resourcesOfType(resources: readonly PolicyResource[], tokens: string | readonly string[]): PolicyResource[] {
    return resources.filter((r) => isOneOfTypes(r.type, tokens));
}
