import { readFileSync } from "fs";
import * as path from "path";
import { parse, parseDocument } from "yaml";

/** Repository root (this file lives in `testing/`). */
export const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * What a `secure:` value becomes offline: there is no secrets provider to decrypt it. Marked, never the real value.
 * It is the JSON object registry credentials take (`{"username","password"}`), and still a plain string to
 * everything else, so the offline check runs on for every shape a secret may have.
 */
export const OFFLINE_SECRET = JSON.stringify({
    username: "<secret: not decryptable offline>",
    password: "<secret: not decryptable offline>",
});

export interface StackFile {
    /** `Pulumi.<stack>.yaml`, relative to the repository root. */
    file: string;
    /** `namespace:key` → value as the engine passes it to the program (objects and arrays as JSON). */
    values: Record<string, string>;
    /** Keys holding at least one `secure:` value (what the engine tells the program). */
    secretKeys: string[];
    /** Where each `secure:` value sits: `namespace:key` plus its path, e.g. `ecs-platform:services.api.environment.TOKEN`. */
    secretPaths: string[];
    /** ESC environments the stack imports; their values are not available offline. */
    environments: string[];
}

/**
 * A stack file that cannot be read: missing, or not valid YAML. One line per problem, with the file, line and
 * column, and never an excerpt of the file (it may hold ciphertext).
 */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(problems.length === 1 ? problems[0] : problems.join("\n"));
        this.name = "StackFileError";
    }

    /** True for a StackFileError, also across copies of this module in one process. */
    static isStackFileError(err: unknown): err is StackFileError {
        return err instanceof Error && err.name === "StackFileError" && Array.isArray((err as StackFileError).problems);
    }
}

/**
 * Reads a stack file the way the engine hands its config to the program, without a Pulumi CLI:
 * bare keys take the project's namespace, structured values are JSON-encoded, and every `secure:` value,
 * which only the stack's secrets provider can decrypt, becomes the marked placeholder {@link OFFLINE_SECRET}
 * and its key is reported secret. Duplicate keys and tab indentation are errors, as they are to the Pulumi CLI.
 */
export function readStackFile(stack: string, options: { dir?: string; project?: string } = {}): StackFile {
    const dir = options.dir ?? REPO_ROOT;
    const project = options.project ?? "ecs-platform";
    const file = `Pulumi.${stack}.yaml`;
    let text: string;
    try {
        text = readFileSync(path.join(dir, file), "utf8");
    } catch {
        throw new StackFileError(file, [`No stack file ${file} in ${dir}: each stack has a Pulumi.<stack>.yaml.`]);
    }
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new StackFileError(
            file,
            doc.errors.map(e => `${file}:${position(e.linePos)}: ${firstSentence(e.message)}`),
        );
    }
    const root: unknown = doc.toJS() ?? {};
    if (!isMap(root) || (root.config !== undefined && root.config !== null && !isMap(root.config))) {
        throw new StackFileError(file, [`${file}: must be a YAML mapping whose \`config\` is a mapping of keys.`]);
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const secretPaths: string[] = [];
    for (const [rawKey, rawValue] of Object.entries((root.config ?? {}) as Record<string, unknown>)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const paths: string[] = [];
        const value = replaceSecure(rawValue, key, paths);
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (paths.length > 0) {
            secretKeys.push(key);
            secretPaths.push(...paths);
        }
    }
    return { file, values, secretKeys, secretPaths, environments: environmentsOf(root.environment) };
}

function position(linePos: { line: number; col: number }[] | undefined): string {
    return linePos ? `${linePos[0].line}:${linePos[0].col}` : "1:1";
}

/** The parser's sentence without its " at line L, column C:" suffix and the excerpt after it. */
function firstSentence(message: string): string {
    return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

function isMap(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function replaceSecure(value: unknown, at: string, secretPaths: string[]): unknown {
    if (Array.isArray(value)) {
        return value.map((v, i) => replaceSecure(v, `${at}.${i}`, secretPaths));
    }
    if (isMap(value)) {
        if (Object.keys(value).length === 1 && typeof value.secure === "string") {
            secretPaths.push(at);
            return OFFLINE_SECRET;
        }
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, replaceSecure(v, `${at}.${k}`, secretPaths)]),
        );
    }
    return value;
}

function environmentsOf(environment: unknown): string[] {
    if (Array.isArray(environment)) {
        return environment.map(String);
    }
    if (isMap(environment) && Array.isArray(environment.imports)) {
        return environment.imports.map(String);
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
