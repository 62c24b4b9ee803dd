/**
 * Normalising property values the way the engine does before a policy pack sees them.
 *
 * Registered properties arrive as a protobuf Struct in the SDK's wire format: secrets are wrapped objects,
 * resource references are wrapped objects, unknowns (preview) are a sentinel string. The engine hands an
 * analyzer plain values (marshal options KeepUnknowns, KeepSecrets, SkipInternalKeys, no resource refs), so:
 * secrets unwrapped, references replaced by their id (or URN), keys starting with `__` dropped, unknowns kept.
 */

/** The SDK's sentinel for a value that is not known until the resource is created (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret looks like in the offline preview's printed and JSON output. */
export const SECRET_PLACEHOLDER = "[secret]";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export type SecretMode = "reveal" | "mask";

/**
 * Turns a wire-format value into a plain one.
 * `reveal` unwraps secrets, as the engine does for policies; `mask` replaces them with {@link SECRET_PLACEHOLDER},
 * for anything printed or written to disk.
 */
export function toPlainValue(value: unknown, secrets: SecretMode): unknown {
    if (Array.isArray(value)) {
        return value.map(v => toPlainValue(v, secrets));
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    switch (obj[SIG_KEY]) {
        case SECRET_SIG:
            return secrets === "mask" ? SECRET_PLACEHOLDER : toPlainValue(obj.value, secrets);
        case RESOURCE_SIG:
            return (obj.id as string | undefined) || (obj.urn as string);
        case OUTPUT_SIG:
            if (obj.secret && secrets === "mask") {
                return SECRET_PLACEHOLDER;
            }
            return "value" in obj ? toPlainValue(obj.value, secrets) : UNKNOWN;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        if (!k.startsWith("__")) {
            out[k] = toPlainValue(v, secrets);
        }
    }
    return out;
}

/** Whether a wire-format value holds a secret anywhere: when it does not, {@link toPlainValue} is the same either way. */
export function holdsSecret(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(holdsSecret);
    }
    if (value === null || typeof value !== "object") {
        return false;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG || (obj[SIG_KEY] === OUTPUT_SIG && obj.secret)) {
        return true;
    }
    return Object.values(obj).some(holdsSecret);
}
