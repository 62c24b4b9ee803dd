/**
 * Cross-resource references in stack policies. A reference property holds the other resource's id, ARN or name
 * (for example `subnets: ["subnet-0ab…"]`), which is unknown during preview for resources not created yet, so a
 * reference also counts when the property depends on the resource (`propertyDependencies`, keyed by top-level
 * property name). A list may be partly known: the known ids identify resources directly, the unknown ones are
 * matched through the dependencies.
 */
import type { PolicyResource } from "@pulumi/policy";
import { knownValue, readKnown } from "./preview";
import { isOneOfTypes } from "./types";

/** The known ids (ARNs, names) in a reference property, and whether some of it was unknown. */
export interface ReferenceIds {
    /** Known, non-empty string values (a single string, or the known elements of a list). Outputs use `""` for unset. */
    values: string[];
    /** Whether the property, or one of its elements, is unknown. */
    someUnknown: boolean;
}

/**
 * Reads a reference property (a string, or a list of strings) element by element, keeping the known ids. A property
 * that is unknown as a whole does not throw: the caller learns that something was unknown (to match it by
 * dependency instead, or to say it could not be checked).
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
 * What is derived from a resource once and then looked up: stack policies match every resource against every other
 * (each group against each consumer), and reading through the SDK's unknown-checking proxy is most of that cost.
 * Keyed by the resource object, which the engine builds afresh for each policy call and no policy changes. A
 * derivation that throws (an unknown value) is not remembered: it throws again on the next call.
 */
export function perResource<T>(derive: (resource: PolicyResource) => T): (resource: PolicyResource) => T {
    const cache = new WeakMap<PolicyResource, T>();
    return resource => {
        let value = cache.get(resource);
        if (value === undefined) {
            value = derive(resource);
            cache.set(resource, value);
        }
        return value;
    };
}

const identifiersCached = perResource((resource): readonly string[] => {
    const identifiers = [resource.urn];
    for (const key of ["id", "arn", "name"]) {
        const value = knownValue(() => resource.props[key]);
        if (typeof value === "string" && value !== "") {
            identifiers.push(value);
        }
    }
    return identifiers;
});

/** The known identifiers of a resource: its URN and whichever of `id`, `arn`, `name` are known strings. */
export function identifiersOf(resource: PolicyResource): string[] {
    return [...identifiersCached(resource)];
}

/** Whether `value` is one of `target`'s identifiers (URN, or known `id`, `arn`, `name`). */
export function identifies(value: unknown, target: PolicyResource): boolean {
    return typeof value === "string" && identifiersCached(target).includes(value);
}

/** Whether the top-level `property` of `resource` depends on `target`. */
export function dependsOnThrough(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    return (resource.propertyDependencies[property] ?? []).some(dependency => dependency.urn === target.urn);
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
    // Looked up instead of compared with every candidate: stack policies ask this for each resource they check.
    const index = indexOfTypes(candidates, tokens);
    const found = new Set<number>();
    const dependencies = resource.propertyDependencies[property] ?? [];
    if (dependencies.length > 0) {
        index.byUrn ??= positionsBy(index.matching, candidate => [candidate.urn]);
        for (const dependency of dependencies) {
            index.byUrn.get(dependency.urn)?.forEach(position => found.add(position));
        }
    }
    const ids = values.filter(value => typeof value === "string");
    if (ids.length > 0) {
        index.byIdentifier ??= positionsBy(index.matching, identifiersCached);
        for (const id of ids) {
            index.byIdentifier.get(id)?.forEach(position => found.add(position));
        }
    }
    return [...found].sort((a, b) => a - b).map(position => index.matching[position]);
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

/** Whether the top-level `property` of `resource` (an id or a list of ids) names `target`, or depends on it. */
export function refersToThrough(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    return (
        dependsOnThrough(resource, property, target) ||
        referenceIds(() => resource.props[property]).values.some(value => identifies(value, target))
    );
}

/**
 * Whether one of `referrers` refers to `target` through its top-level `property` (see {@link refersToThrough}), or
 * `"unknown"` when none does but the property of one of them is unknown during preview (it may name `target`).
 */
export function isReferencedBy(
    target: PolicyResource,
    referrers: readonly PolicyResource[],
    property: string,
): boolean | "unknown" {
    if (referrers.some(referrer => refersToThrough(referrer, property, target))) {
        return true;
    }
    return referrers.some(referrer => referenceIds(() => referrer.props[property]).someUnknown) ? "unknown" : false;
}

/**
 * Whether `resource` refers to `target` anywhere: a property depends on it, or a known string anywhere in its
 * props is `target`'s id, ARN or URN (names are left out: they also appear in tags and descriptions).
 */
export function refersTo(resource: PolicyResource, target: PolicyResource): boolean {
    const strings = knownStringsOf(resource);
    return (
        dependencyUrnsOf(resource).has(target.urn) ||
        referenceIdentifiersOf(target).some(identifier => strings.has(identifier))
    );
}

/**
 * Whether one of `referrers` refers to a target ({@link refersTo}), for asking about many targets: a stack policy
 * that asks each target of each referrer compares every resource with every other. The referrers' dependencies are
 * pooled first (no props to read); the strings in their props only as far down the list as the answers need, so
 * each referrer's props are read once at most, and often not at all.
 */
export function anyRefersTo(referrers: readonly PolicyResource[]): (target: PolicyResource) => boolean {
    const dependedOn = new Set<string>();
    for (const referrer of referrers) {
        dependencyUrnsOf(referrer).forEach(urn => dependedOn.add(urn));
    }
    const strings = new Set<string>();
    let pooled = 0;
    return target => {
        if (dependedOn.has(target.urn)) {
            return true;
        }
        const identifiers = referenceIdentifiersOf(target);
        while (!identifiers.some(identifier => strings.has(identifier))) {
            if (pooled === referrers.length) {
                return false;
            }
            knownStringsOf(referrers[pooled++]).forEach(string => strings.add(string));
        }
        return true;
    };
}

/** The identifiers that {@link refersTo} looks for: a resource's own ones, except a known `name`. */
const referenceIdentifiersOf = perResource((target): readonly string[] => {
    const name = readKnown(() => target.props.name);
    return identifiersCached(target).filter(identifier => !(name.known && identifier === name.value));
});

/** The URNs any property of a resource depends on. */
const dependencyUrnsOf = perResource(
    (resource): ReadonlySet<string> =>
        new Set(Object.values(resource.propertyDependencies).flatMap(dependencies => dependencies.map(d => d.urn))),
);

/** Every known string anywhere in a resource's props (unknown values, and what is inside them, left out). */
const knownStringsOf = perResource((resource): ReadonlySet<string> => {
    const strings = new Set<string>();
    collectKnownStrings(() => resource.props, strings);
    return strings;
});

function collectKnownStrings(read: () => unknown, strings: Set<string>): void {
    const value = readKnown(read);
    if (!value.known) {
        return;
    }
    const known = value.value;
    if (typeof known === "string") {
        strings.add(known);
    } else if (typeof known === "object" && known !== null) {
        for (const key of Object.keys(known)) {
            collectKnownStrings(() => (known as Record<string, unknown>)[key], strings);
        }
    }
}

/** The resources of some tokens in an array, and their positions there by URN and by identifier once looked up. */
interface TypeIndex {
    matching: readonly PolicyResource[];
    byUrn?: Map<string, number[]>;
    byIdentifier?: Map<string, number[]>;
}

/**
 * Per resources array and tokens: stack policies look up the resources of a type for each resource they check.
 * Keyed by the array, which each policy call gets afresh and no policy changes.
 */
const typeIndexes = new WeakMap<readonly PolicyResource[], Map<string, TypeIndex>>();

function indexOfTypes(resources: readonly PolicyResource[], tokens: string | readonly string[]): TypeIndex {
    let byTokens = typeIndexes.get(resources);
    if (!byTokens) {
        byTokens = new Map();
        typeIndexes.set(resources, byTokens);
    }
    const key = typeof tokens === "string" ? tokens : tokens.join(" ");
    let index = byTokens.get(key);
    if (!index) {
        index = { matching: resources.filter(r => isOneOfTypes(r.type, tokens)) };
        byTokens.set(key, index);
    }
    return index;
}

function positionsBy(
    resources: readonly PolicyResource[],
    keysOf: (resource: PolicyResource) => readonly string[],
): Map<string, number[]> {
    const positions = new Map<string, number[]>();
    resources.forEach((resource, position) => {
        for (const key of keysOf(resource)) {
            const at = positions.get(key);
            if (at) at.push(position);
            else positions.set(key, [position]);
        }
    });
    return positions;
}

/** Resources of `tokens` in the stack. */
export function resourcesOfType(
    resources: readonly PolicyResource[],
    tokens: string | readonly string[],
): PolicyResource[] {
    return [...indexOfTypes(resources, tokens).matching];
}
