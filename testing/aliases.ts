import type { CapturedResource } from "./harness";

/** An alias as a registration request carries it: a whole URN, or only the parts that differ from the resource's. */
export interface AliasSpec {
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    /** The alias's parent; unset = the resource's own parent. */
    parentUrn?: string;
    /** The alias had no parent (a top-level resource). */
    noParent?: boolean;
}

/**
 * The earlier URNs the engine matches each captured resource against, by URN: the resource's own aliases, and,
 * for a child, each alias of its parent (own or inherited) applied to the child, renaming a child named after its
 * parent (`<parent>-role`) along with it. This is how the engine resolves alias specs since the SDK stopped
 * computing them (`generateAliases` in its step generator), so a test can show that a refactor keeps every URN of
 * an existing stack. URNs follow the mocks' scheme: a type is qualified by its parent's type only.
 */
export function resolveAliases(resources: CapturedResource[]): Map<string, string[]> {
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const resolved = new Map<string, string[]>();
    const aliasesOf = (resource: CapturedResource): string[] => {
        const known = resolved.get(resource.urn);
        if (known) {
            return known;
        }
        const { stack, project } = urnParts(resource.urn);
        const own = (resource.options.aliasSpecs ?? []).map(
            alias =>
                alias.urn ??
                urnOf(
                    alias.noParent ? undefined : (alias.parentUrn ?? resource.parent),
                    alias.type ?? resource.type,
                    alias.name ?? resource.name,
                    alias.stack ?? stack,
                    alias.project ?? project,
                ),
        );
        const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
        const inherited = parent
            ? aliasesOf(parent).flatMap(parentAlias =>
                  [resource.urn, ...own].map(identity => {
                      const { type, name } = urnParts(identity);
                      return inheritedChildAlias(type, name, parent.name, parentAlias);
                  }),
              )
            : [];
        const all = [...new Set([...own, ...inherited])];
        resolved.set(resource.urn, all);
        return all;
    };
    resources.forEach(aliasesOf);
    return resolved;
}

/** The alias a child gets from one of its parent's aliases. */
function inheritedChildAlias(childType: string, childName: string, parentName: string, parentAlias: string): string {
    const alias = urnParts(parentAlias);
    const name = childName.startsWith(parentName) ? alias.name + childName.slice(parentName.length) : childName;
    return urnOf(parentAlias, childType, name, alias.stack, alias.project);
}

/** A URN as the mocks build it: `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>`. */
function urnOf(parentUrn: string | undefined, type: string, name: string, stack: string, project: string): string {
    const qualified = parentUrn ? `${urnParts(parentUrn).type}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function urnParts(urn: string) {
    const [prefix, project, qualifiedType, ...name] = urn.split("::");
    return {
        stack: prefix.slice("urn:pulumi:".length),
        project,
        type: qualifiedType.split("$").pop()!,
        name: name.join("::"),
    };
}
