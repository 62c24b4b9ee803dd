import * as pulumi from "@pulumi/pulumi";

/**
 * A resource transformation for a component that took over children of `formerParent`: every custom resource
 * below it gets the alias `{ parent: formerParent }`, so a stack created before the split updates those resources
 * in place instead of replacing them. When the former parent has since changed its type token, pass the URNs it had
 * before (`formerUrn`): an alias's parent is taken as given, its own aliases are not applied. A legacy transformation because it runs in-process, where the aliases are
 * visible to the offline checks, and reaches every descendant.
 */
export function movedFrom(
    formerParent: pulumi.Resource,
    ...formerParentUrns: pulumi.Input<string>[]
): pulumi.ResourceTransformation {
    const aliases = [formerParent, ...formerParentUrns].map(parent => ({ parent }));
    return ({ props, opts, type }) =>
        type.startsWith("ecs-platform:") ? undefined : { props, opts: pulumi.mergeOptions(opts, { aliases }) };
}
