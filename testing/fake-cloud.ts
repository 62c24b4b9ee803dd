import type * as pulumi from "@pulumi/pulumi";
import { autoName, digest, FakeContext } from "./fake-ids";
import { fakeInvoke } from "./fake-invokes";
import { shapes } from "./fake-shapes";

export { AVAILABILITY_ZONE_COUNTS } from "./fake-regions";

/** The account every fake ARN and repository URL belongs to. */
export const FAKE_ACCOUNT_ID = "123456789012";

/** Region used when neither the caller nor the stack config (`aws:region`) names one. */
export const DEFAULT_REGION = "eu-west-1";

/**
 * The fake cloud: deterministic, realistic outputs for the resources and invokes this platform uses.
 *
 * Outside preview every resource gets an id, an ARN where the type has one, the provider's auto-name and
 * the computed outputs that downstream resources read (repository URLs, DNS names, ARN suffixes).
 * In preview nothing computed is known, exactly as in a real first `pulumi preview`: only the inputs come
 * back, and the engine marks the missing outputs unknown.
 */
export function fakeCloud(options: {
    region: string;
    preview: boolean;
    account?: string;
    firstDeploy?: boolean;
}): pulumi.runtime.Mocks {
    const ctx: FakeContext = {
        region: options.region,
        account: options.account ?? FAKE_ACCOUNT_ID,
        firstDeploy: options.firstDeploy ?? false,
    };
    return {
        newResource(args) {
            const inputs = args.inputs as Record<string, any>;
            if (options.preview || !(args.type.startsWith("aws:") || args.type in shapes)) {
                return { id: options.preview ? undefined : `${args.name}-id`, state: inputs };
            }
            const hex = digest(args.type, args.name);
            const shape = shapes[args.type]?.(ctx) ?? {};
            const physical: string =
                inputs.name ?? inputs.bucket ?? (shape.autoName ? autoName(args.name, hex) : args.name);
            const arn = shape.arn ? shape.arn(physical, hex) : undefined;
            const computed: Record<string, unknown> = {
                ...(arn ? { arn } : {}),
                ...(shape.autoName && inputs.name === undefined ? { name: physical } : {}),
                ...(shape.outputs ? shape.outputs(physical, hex, inputs, ctx) : {}),
            };
            const state = { ...computed, ...inputs };
            const id =
                shape.idPrefix !== undefined
                    ? `${shape.idPrefix}-${hex.slice(0, 17)}`
                    : shape.idFrom === "arn"
                      ? String(state.arn)
                      : shape.idFrom === "name"
                        ? String(state.name ?? physical)
                        : `${args.name}-${hex.slice(0, 8)}`;
            return { id, state: { ...state, id } };
        },
        call(args) {
            return fakeInvoke(args.token, args.inputs as Record<string, any>, ctx);
        },
    };
}
