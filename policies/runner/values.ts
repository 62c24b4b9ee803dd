/** Property values as the engine hands them to a pack: plain data, unknowns marked, nothing shared by accident. */
import { Secret } from "@pulumi/policy";

/** The SDK's proxy marker keys and unknown sentinels (`@pulumi/policy/proxy`, untyped). */
const proxyModule = require("@pulumi/policy/proxy") as Record<string, string>;

const { isSpecialProxy, getSpecialProxyTarget } = proxyModule;

const unknownSentinels = new Set(
    [
        "unknownBooleanValue",
        "unknownNumberValue",
        "unknownStringValue",
        "unknownArrayValue",
        "unknownAssetValue",
        "unknownArchiveValue",
        "unknownObjectValue",
    ].map(key => proxyModule[key]),
);

/**
 * A plain deep copy, as the engine's wire format carries it: proxies unwrapped (reading through them would throw on
 * unknowns), `Secret`s opened, `undefined` members dropped (a protobuf Struct has no such value).
 */
export function toPlain(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const proxied = value as Record<string, unknown>;
    const target = proxied[isSpecialProxy] === true ? proxied[getSpecialProxyTarget] : value;
    if (target instanceof Secret) {
        return toPlain(target.value);
    }
    if (Array.isArray(target)) {
        return target.map(item => (item === undefined ? null : toPlain(item)));
    }
    // Runs on every resource and policy call: no entry pairs, and no call for a member that is no object.
    const members = target as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(members)) {
        const member = members[key];
        if (member !== undefined) {
            copy[key] = typeof member === "object" && member !== null ? toPlain(member) : member;
        }
    }
    return copy;
}

const readOnly: ProxyHandler<object> = {
    get: (target, key) => {
        const value = Reflect.get(target, key);
        return typeof value === "object" && value !== null ? readOnlyView(value) : value;
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
    setPrototypeOf: () => false,
    preventExtensions: () => false,
};

/**
 * A view of `value` that refuses changes at any depth (a write throws in strict mode). Stack policies share the
 * runner's copy of the resources through it instead of a deep copy each. Not `Object.freeze`: the SDK's unknown-checking proxy
 * returns frozen members unwrapped, which would hide nested unknowns.
 */
export function readOnlyView<T extends object>(value: T): T {
    return new Proxy(value, readOnly) as T;
}

/** The path of the first unknown value in `props`, if any. */
export function firstUnknownPath(value: unknown, path = "props"): string | undefined {
    if (typeof value === "string") {
        return unknownSentinels.has(value) ? path : undefined;
    }
    if (typeof value === "object" && value !== null) {
        for (const key of Object.keys(value)) {
            const child = (value as Record<string, unknown>)[key];
            // The path is only spelled out below what may hold an unknown: this walks every value of every resource.
            if (typeof child === "string" ? unknownSentinels.has(child) : typeof child === "object" && child !== null) {
                const found = firstUnknownPath(child, `${path}.${key}`);
                if (found) return found;
            }
        }
    }
    return undefined;
}
