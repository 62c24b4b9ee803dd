import * as pulumi from "@pulumi/pulumi";

/**
 * A resource transformation for a component that took over children of `formerParent`: every custom resource
 * below it gets the alias `{ parent: formerParent }`, so a stack created before the split updates those resources
 * in place instead of replacing them. A legacy transformation because it runs in-process, where the aliases are
 * visible to the offline checks, and reaches every descendant.
 */
export function movedFrom(formerParent: pulumi.Resource): pulumi.ResourceTransformation {
    return ({ props, opts, type }) =>
        type.startsWith("ecs-platform:")
            ? undefined
            : { props, opts: pulumi.mergeOptions(opts, { aliases: [{ parent: formerParent }] }) };
}
