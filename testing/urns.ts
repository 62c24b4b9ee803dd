import type { AliasSpec, CapturedResource } from "./harness";

/**
 * URNs and aliases as the Pulumi engine computes them, from what a program registered offline. The mock monitor
 * names a child after its parent's last type only; the engine uses the parent's whole type chain, and it is the
 * engine's URNs that a real stack's state holds. Alias resolution follows the engine's step generator: each alias
 * spec collapses to one URN (unset fields meaning "as now"), and every alias of a parent yields one for each child.
 */

const ROOT_STACK = "pulumi:pulumi:Stack";

export interface EngineIdentity {
    /** The URN the engine gives the resource. */
    urn: string;
    /** Every URN the engine accepts as this resource's earlier identity. */
    aliases: string[];
}

/** Engine URN and aliases of each captured resource, keyed by the captured (mock) URN. */
export function engineIdentities(resources: CapturedResource[]): Map<string, EngineIdentity> {
    const byMockUrn = new Map(resources.map(r => [r.urn, r]));
    const result = new Map<string, EngineIdentity>();
    const [stack, project] = resources[0]?.urn.split("::").map((part, i) => (i === 0 ? part.slice(11) : part)) ?? [];
    const urnOf = (qualifiedType: string, name: string) => `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
    const qualifiedTypeOf = (urn: string) => urn.split("::")[2];
    const nameOf = (urn: string) => urn.split("::").slice(3).join("::");
    const lastType = (urn: string) => qualifiedTypeOf(urn).split("$").pop()!;

    const identityOf = (resource: CapturedResource): EngineIdentity => {
        const known = result.get(resource.urn);
        if (known) return known;
        const parent = resource.parent ? byMockUrn.get(resource.parent) : undefined;
        const parentIdentity = parent && parent.type !== ROOT_STACK ? identityOf(parent) : undefined;
        const prefix = (parentUrn: string | undefined) => (parentUrn ? `${qualifiedTypeOf(parentUrn)}$` : "");
        const urn = urnOf(prefix(parentIdentity?.urn) + resource.type, resource.name);

        const aliases = new Set<string>();
        const collapse = (spec: AliasSpec): string => {
            if (spec.urn) return spec.urn;
            const aliasParent = spec.noParent
                ? undefined
                : spec.parentUrn !== undefined
                  ? (result.get(spec.parentUrn)?.urn ?? spec.parentUrn)
                  : parentIdentity?.urn;
            const parentPrefix = aliasParent && lastType(aliasParent) !== ROOT_STACK ? prefix(aliasParent) : "";
            return urnOf(parentPrefix + (spec.type ?? resource.type), spec.name ?? resource.name);
        };
        for (const spec of resource.options.aliasSpecs ?? []) aliases.add(collapse(spec));
        if (parentIdentity) {
            const inherited = (childType: string, childName: string, parentAlias: string) => {
                const parentName = nameOf(parentIdentity.urn);
                const aliasName = childName.startsWith(parentName)
                    ? nameOf(parentAlias) + childName.slice(parentName.length)
                    : childName;
                return urnOf(`${qualifiedTypeOf(parentAlias)}$${childType}`, aliasName);
            };
            const own = [...aliases];
            for (const parentAlias of parentIdentity.aliases) {
                aliases.add(inherited(resource.type, resource.name, parentAlias));
                for (const alias of own) aliases.add(inherited(lastType(alias), nameOf(alias), parentAlias));
            }
        }
        aliases.delete(urn);
        const identity = { urn, aliases: [...aliases] };
        result.set(resource.urn, identity);
        return identity;
    };
    resources.forEach(identityOf);
    return result;
}
