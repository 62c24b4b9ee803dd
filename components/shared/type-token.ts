import * as pulumi from "@pulumi/pulumi";

/** The Pulumi package every component belongs to: the name other programs add with `pulumi package add`. */
export const PACKAGE_NAME = "ecs-platform";

/**
 * The type token of a component: `ecs-platform:index:<Type>`. Component packages serve one module, `index`
 * (`ComponentProvider.construct` rejects any other), so the class name alone tells the components apart.
 */
export function componentType(type: string): string {
    return `${PACKAGE_NAME}:index:${type}`;
}

/** The URN a component had under `formerType` (same name and parent), for the aliases of children it moved. */
export function formerUrn(
    name: string,
    formerType: string,
    opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.Output<string> {
    return pulumi.createUrn(name, formerType, opts?.parent);
}

/**
 * `opts` plus an alias for each type token the component was registered under before, so stacks created then
 * update in place; children inherit the alias through their parent.
 */
export function withFormerTypes(
    opts: pulumi.ComponentResourceOptions | undefined,
    ...formerTypes: string[]
): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...formerTypes.map(type => ({ type })), ...(opts?.aliases ?? [])] };
}
