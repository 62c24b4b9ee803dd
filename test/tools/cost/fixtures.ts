import type { CapturedResource } from "../../../testing/harness";

/** A captured resource for pricing tests: only what the rules read (type, inputs, property dependencies). */
export function captured(
    type: string,
    name: string,
    inputs: Record<string, any>,
    propertyDependencies: Record<string, string[]> = {},
): CapturedResource {
    return {
        urn: `urn:pulumi:test::cost::${type}::${name}`,
        id: `${name}-id`,
        type,
        name,
        custom: true,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        inputs,
        maskedInputs: inputs,
        state: inputs,
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], aliases: 0 },
    };
}
