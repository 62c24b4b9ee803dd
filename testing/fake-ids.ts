import { createHash } from "crypto";

/** The ids, ARNs and names the fake cloud derives from a resource's identity. */

/** Deterministic hex digest of a resource's identity, so every run of a stack produces the same fake ids. */
export function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

export interface FakeContext {
    region: string;
    account: string;
    /**
     * An account the stack has never deployed to: no image pushed, no secret or parameter of the stack written.
     * Default (false): the steady state, where every image tag and secret value the stack names exists.
     */
    firstDeploy?: boolean;
}

export function arnFor(service: string, path: (physical: string, hex: string) => string, global = false) {
    return (ctx: FakeContext) => (physical: string, hex: string) =>
        `arn:aws:${service}:${global ? "" : ctx.region}:${ctx.account}:${path(physical, hex)}`;
}

export function fakeIp(hex: string): string {
    return `203.0.113.${(parseInt(hex.slice(0, 2), 16) % 254) + 1}`;
}

export function uuid(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function uuidLike(seed: string): string {
    return uuid(digest(seed));
}

/** AWS types whose names the provider generates when the program leaves `name` unset. */
export function autoName(logical: string, hex: string): string {
    return `${logical}-${hex.slice(0, 7)}`;
}
