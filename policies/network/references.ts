/**
 * Reading references in stack policies without tripping over preview unknowns: a reference property may be a
 * list in which some ids are known and others are not (resources not created yet). The known ones identify
 * resources directly; the unknown ones are matched through `propertyDependencies` (see `referencedResources`).
 */
import type { PolicyResource } from "@pulumi/policy";
import { identifiersOf, readKnown, referencedResources } from "../lib";

/** The known ids (ARNs, names) in a reference property, and whether some of it was unknown. */
export interface ReferenceIds {
    /** Known, non-empty string values (a single string, or the known elements of a list). Outputs use `""` for unset. */
    values: string[];
    /** Whether the property, or one of its elements, is unknown. */
    someUnknown: boolean;
}

/**
 * Reads a reference property (a string, or a list of strings) element by element, keeping the known ids. Unlike
 * the lib's `knownStrings`, a property that is unknown as a whole does not throw, and the caller learns that
 * something was unknown (to match it by dependency instead, or to say it could not be checked).
 */
export function referenceIds(read: () => unknown): ReferenceIds {
    const whole = readKnown(read);
    if (!whole.known) {
        return { values: [], someUnknown: true };
    }
    const value = whole.value;
    if (typeof value === "string") {
        return { values: value === "" ? [] : [value], someUnknown: false };
    }
    if (!Array.isArray(value)) {
        return { values: [], someUnknown: false };
    }
    const result: ReferenceIds = { values: [], someUnknown: false };
    for (let i = 0; i < value.length; i++) {
        const element = readKnown(() => value[i]);
        if (!element.known) {
            result.someUnknown = true;
        } else if (typeof element.value === "string" && element.value !== "") {
            result.values.push(element.value);
        }
    }
    return result;
}

/**
 * The resources of `tokens` among `candidates` that `resource` refers to through the top-level `property`, where
 * `read` returns the reference value(s) inside it (e.g. `() => service.props.networkConfiguration.securityGroups`).
 */
export function referencesThrough(
    resource: PolicyResource,
    property: string,
    read: () => unknown,
    candidates: readonly PolicyResource[],
    tokens: string | readonly string[],
): PolicyResource[] {
    return referencedResources(resource, property, candidates, tokens, referenceIds(read).values);
}

/**
 * Whether `resource` refers to `target` anywhere: a property depends on it, or a known string anywhere in its
 * props is `target`'s id, ARN or URN (names are left out: they also appear in tags and descriptions).
 */
export function refersTo(resource: PolicyResource, target: PolicyResource): boolean {
    if (Object.values(resource.propertyDependencies).some((dependencies) => dependencies.some((d) => d.urn === target.urn))) {
        return true;
    }
    const name = readKnown(() => target.props.name);
    const wanted = new Set(identifiersOf(target).filter((identifier) => !(name.known && identifier === name.value)));
    return containsString(() => resource.props, wanted);
}

function containsString(read: () => unknown, wanted: ReadonlySet<string>): boolean {
    const value = readKnown(read);
    if (!value.known) {
        return false;
    }
    const known = value.value;
    if (typeof known === "string") {
        return wanted.has(known);
    }
    if (typeof known === "object" && known !== null) {
        return Object.keys(known).some((key) => containsString(() => (known as Record<string, unknown>)[key], wanted));
    }
    return false;
}
