import * as pulumi from "@pulumi/pulumi";

/**
 * Resource options for stateful resources (ECR repositories, KMS keys, secrets, log groups).
 *
 * With `protect` on (prod), the engine refuses to delete them and `pulumi destroy` keeps them in the
 * account (`retainOnDelete`), so neither a refactor that drops a resource by mistake nor a destroy loses data.
 * With it off (staging), the stack tears down cleanly.
 */
export function statefulOptions(
    parent: pulumi.Resource,
    protect: boolean,
    extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
    return { ...extra, parent, protect, retainOnDelete: protect };
}
