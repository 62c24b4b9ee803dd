import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

/** Repository root (this file lives in `testing/`). */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** What a `secure:` value becomes offline: there is no secrets provider to decrypt it. Marked, never the real value. */
export const OFFLINE_SECRET = "<secret: not decryptable offline>";

export interface StackFile {
    /** `Pulumi.<stack>.yaml`, relative to the repository root. */
    file: string;
    /** `namespace:key` → value as the engine passes it to the program (objects and arrays as JSON). */
    values: Record<string, string>;
    /** Keys holding at least one `secure:` value. */
    secretKeys: string[];
    /** ESC environments the stack imports; their values are not available offline. */
    environments: string[];
}

/**
 * Reads a stack file the way the engine hands its config to the program, without a Pulumi CLI:
 * bare keys take the project's namespace, structured values are JSON-encoded, and every `secure:` value,
 * which only the stack's secrets provider can decrypt, becomes the marked placeholder {@link OFFLINE_SECRET}
 * and its key is reported secret.
 */
export function readStackFile(stack: string, options: { dir?: string; project?: string } = {}): StackFile {
    const dir = options.dir ?? REPO_ROOT;
    const project = options.project ?? "ecs-platform";
    const file = `Pulumi.${stack}.yaml`;
    let text: string;
    try {
        text = readFileSync(path.join(dir, file), "utf8");
    } catch {
        throw new Error(`No stack file ${file}: known stacks have a Pulumi.<stack>.yaml in ${dir}.`);
    }
    const doc = (parse(text) ?? {}) as { config?: Record<string, unknown>; environment?: unknown };
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(doc.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        let secret = false;
        const value = replaceSecure(rawValue, () => (secret = true));
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) {
            secretKeys.push(key);
        }
    }
    return { file, values, secretKeys, environments: environmentsOf(doc.environment) };
}

function replaceSecure(value: unknown, onSecret: () => void): unknown {
    if (Array.isArray(value)) {
        return value.map(v => replaceSecure(v, onSecret));
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (Object.keys(obj).length === 1 && typeof obj.secure === "string") {
            onSecret();
            return OFFLINE_SECRET;
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, replaceSecure(v, onSecret)]));
    }
    return value;
}

function environmentsOf(environment: unknown): string[] {
    if (Array.isArray(environment)) {
        return environment.map(String);
    }
    if (
        environment &&
        typeof environment === "object" &&
        Array.isArray((environment as { imports?: unknown }).imports)
    ) {
        return (environment as { imports: unknown[] }).imports.map(String);
    }
    return [];
}

/**
 * The stack tags the engine derives from `Pulumi.yaml` and hands to policy packs (`args.stackTags`):
 * `pulumi:project`, `pulumi:runtime` and, when set, `pulumi:description`.
 */
export function projectStackTags(options: { dir?: string } = {}): Record<string, string> {
    const dir = options.dir ?? REPO_ROOT;
    const doc = (parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) ?? {}) as {
        name?: string;
        description?: string;
        runtime?: string | { name?: string };
    };
    const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    return {
        ...(doc.name ? { "pulumi:project": doc.name } : {}),
        ...(runtime ? { "pulumi:runtime": runtime } : {}),
        ...(doc.description ? { "pulumi:description": doc.description } : {}),
    };
}
