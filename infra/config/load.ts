import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ConfigError, ConfigProblem } from "./errors";
import { applyEnvironmentDefaults, StackConfig } from "./resolve";
import { crossFieldProblems } from "./rules";
import { stackConfigSchema } from "./schema";

/** The config namespace of this project. */
export const NAMESPACE = "ecs-platform";

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export interface ConfigSource {
    stack: string;
    /** `namespace:key` → value as the engine passes it (strings; objects as JSON). */
    values: Record<string, string>;
    /** Keys whose values are secrets. */
    secretKeys: string[];
}

/** Reads, validates and resolves the running stack's configuration; throws {@link ConfigError} on any problem. */
export function loadStackConfig(): StackConfig {
    const runtimeConfig = pulumi.runtime.allConfig();
    return parseStackConfig({
        stack: pulumi.getStack(),
        values: runtimeConfig,
        secretKeys: Object.keys(runtimeConfig).filter(isSecretKey),
    });
}

/** Validates one stack's raw configuration. Pure: the unit tests and the offline preview call it directly. */
export function parseStackConfig(source: ConfigSource): StackConfig {
    const stackFile = `Pulumi.${source.stack}.yaml`;
    const problems: ConfigProblem[] = [];

    const region = source.values["aws:region"];
    if (region === undefined || !REGION_PATTERN.test(region)) {
        problems.push({
            key: "aws:region",
            message: `must be an AWS region such as eu-west-1 (got ${JSON.stringify(region)})`,
        });
    }

    const namespaced: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(source.values)) {
        if (key.startsWith(`${NAMESPACE}:`)) {
            namespaced[key.slice(NAMESPACE.length + 1)] = parseValue(raw);
        }
    }

    const parsed = stackConfigSchema.safeParse(namespaced);
    if (!parsed.success) {
        problems.push(...parsed.error.issues.flatMap(issue => describeIssue(issue, namespaced)));
        throw new ConfigError(stackFile, problems);
    }
    if (
        parsed.data.secretValues &&
        Object.keys(parsed.data.secretValues).length > 0 &&
        !source.secretKeys.includes(`${NAMESPACE}:secretValues`)
    ) {
        problems.push({
            key: `${NAMESPACE}:secretValues`,
            message:
                "holds plaintext: set each value with `pulumi config set --secret --path 'secretValues.<service>.<NAME>'` or from an ESC environment",
        });
    }
    if (parsed.data.testTrafficToken !== undefined && !source.secretKeys.includes(`${NAMESPACE}:testTrafficToken`)) {
        problems.push({
            key: `${NAMESPACE}:testTrafficToken`,
            message:
                "holds plaintext: set it with `pulumi config set --secret testTrafficToken` or from an ESC environment",
        });
    }
    if (problems.length > 0) {
        throw new ConfigError(stackFile, problems);
    }
    const config = applyEnvironmentDefaults(parsed.data, { stack: source.stack, stackFile, region: region! });
    const crossField = crossFieldProblems(config);
    if (crossField.length > 0) {
        throw new ConfigError(stackFile, crossField);
    }
    return config;
}

/** The engine passes every value as a string; structured values (objects, arrays, numbers, booleans) as JSON. */
function parseValue(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function isSecretKey(key: string): boolean {
    // `isConfigSecret` is @internal in @pulumi/pulumi; it reads the secret keys the engine passes to the program.
    const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
    return isConfigSecret(key);
}

/** Turns one schema issue into messages that name the key path and what is allowed. */
function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): ConfigProblem[] {
    const keyOf = (path: PropertyKey[]) =>
        path.length === 0 ? `${NAMESPACE}:<key>` : `${NAMESPACE}:${path.map(String).join(".")}`;
    const key = keyOf(issue.path);
    const got = valueAt(input, issue.path);
    const gotText = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map(unknown => ({
                key: keyOf([...issue.path, unknown]),
                message: `is not a known key; allowed here: ${allowedKeys(issue.path)}`,
            }));
        case "invalid_type":
            return [
                got === undefined
                    ? { key, message: `is required (${issue.expected})` }
                    : { key, message: `must be ${article(issue.expected)}${gotText}` },
            ];
        case "too_big":
            return [
                {
                    key,
                    message: `must be at most ${String(issue.maximum)}${issue.origin === "array" ? " items" : ""}${gotText}`,
                },
            ];
        case "too_small":
            return [
                {
                    key,
                    message: `must be at least ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : ""}${gotText}`,
                },
            ];
        case "invalid_value":
            return [
                { key, message: `must be one of ${issue.values.map(v => JSON.stringify(v)).join(", ")}${gotText}` },
            ];
        case "invalid_union":
            if (issue.discriminator !== undefined && "options" in issue && issue.options) {
                // The issue's path already ends at the discriminator key (e.g. `image.source`).
                return [
                    {
                        key,
                        message: `must be one of ${issue.options.map(o => JSON.stringify(o)).join(", ")}${gotText}`,
                    },
                ];
            }
            return [{ key, message: `${issue.message}${gotText}` }];
        case "invalid_key":
            // A record key (a service or variable name) failed its own schema: report that schema's reason.
            return [{ key, message: issue.issues.map(i => i.message).join("; ") }];
        default:
            return [{ key, message: `${issue.message}${gotText}` }];
    }
}

function article(type: string): string {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
    let value = input;
    for (const segment of path) {
        if (value === null || typeof value !== "object") {
            return undefined;
        }
        value = (value as Record<PropertyKey, unknown>)[segment];
    }
    return value;
}

/** The keys the schema accepts at a path, for "unknown key" messages. */
function allowedKeys(path: PropertyKey[]): string {
    let schema: any = stackConfigSchema;
    for (const segment of path) {
        schema = unwrap(schema);
        if (schema?.shape) {
            schema = schema.shape[segment as string];
        } else if (schema?._zod?.def?.type === "record") {
            schema = schema._zod.def.valueType;
        } else if (schema?._zod?.def?.type === "array") {
            schema = schema._zod.def.element;
        } else {
            return "see the config reference in README.md";
        }
    }
    schema = unwrap(schema);
    return schema?.shape ? Object.keys(schema.shape).join(", ") : "see the config reference in README.md";
}

function unwrap(schema: any): any {
    while (schema?._zod?.def?.innerType) {
        schema = schema._zod.def.innerType;
    }
    return schema;
}
