import * as pulumi from "@pulumi/pulumi";

/**
 * `value`, resolved only once every one of `dependencies` is: a consumer of the result then also waits for them
 * (e.g. a target group ARN that services may use only after its listener rule exists).
 */
export function after<T>(value: pulumi.Output<T>, ...dependencies: pulumi.Input<unknown>[]): pulumi.Output<T> {
    return pulumi.all([value, ...dependencies]).apply(([resolved]) => resolved as T);
}
