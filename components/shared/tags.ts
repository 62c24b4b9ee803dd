/**
 * Tags are set explicitly on every taggable resource, not through the provider's `defaultTags`:
 * explicit tags are part of each resource's inputs, so the policy pack and the offline preview see them
 * (provider default tags only surface in `tagsAll` after a real update). See docs/DESIGN.md.
 */
export type Tags = Record<string, string>;

/** Merges tag maps left to right; later maps win. */
export function mergeTags(...maps: (Tags | undefined)[]): Tags {
    return Object.assign({}, ...maps.filter((m): m is Tags => m !== undefined));
}

/** Tags plus a `Name` tag, which the EC2 console shows for VPCs, subnets, gateways and groups. */
export function namedTags(name: string, ...maps: (Tags | undefined)[]): Tags {
    return mergeTags(...maps, { Name: name });
}
