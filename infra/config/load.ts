import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { readStackFile } from "../../testing/stack-file";
import { ConfigError, ConfigProblem } from "./errors";
import { AWS_REGIONS } from "./regions";
import { applyEnvironmentDefaults, StackConfig } from "./resolve";
import { crossFieldProblems } from "./rules";
import { stackConfigSchema } from "./schema";
import {
    isSecretAt,
    misplacedSecretProblems,
    plaintextSecretValueProblems,
    secretPathsOf,
    SecretPaths,
    secureEnvironmentAsSecrets,
    touchesSecret,
} from "./secrets";
import { didYouMean } from "./suggest";

/** The config namespace of this project. */
export const NAMESPACE = "ecs-platform";

/** Namespaces a stack file may use: this project's, the AWS provider's and Pulumi's own. */
const KNOWN_NAMESPACES = [NAMESPACE, "aws", "pulumi"];

export interface ConfigSource {
    stack: string;
    /** `namespace:key` → value as the engine passes it (strings; objects as JSON). */
    values: Record<string, string>;
    /** Keys whose values are secrets (the engine names top-level keys only). */
    secretKeys: string[];
    /**
     * Where each `secure:` value sits (`ecs-platform:services.api.environment.TOKEN`), from the stack file.
     * A secret key without any path here counts as secret as a whole.
     */
    secretPaths?: string[];
}

/**
 * Reads, validates and resolves the running stack's configuration; throws {@link ConfigError} on any problem.
 * `secretPaths` default to the `secure:` values of the stack file in the project directory.
 */
export function loadStackConfig(options: { secretPaths?: string[] } = {}): StackConfig {
    const runtimeConfig = pulumi.runtime.allConfig();
    const stack = pulumi.getStack();
    return parseStackConfig({
        stack,
        values: runtimeConfig,
        secretKeys: Object.keys(runtimeConfig).filter(isSecretKey),
        secretPaths: options.secretPaths ?? securePathsOfStackFile(stack),
    });
}

/** Validates one stack's raw configuration. Pure: the unit tests and the offline preview call it directly. */
export function parseStackConfig(source: ConfigSource): StackConfig {
    const stackFile = `Pulumi.${source.stack}.yaml`;
    const secrets = secretPathsOf(NAMESPACE, source.secretKeys, source.secretPaths);
    const region = source.values["aws:region"];
    const misplaced = misplacedSecretProblems(NAMESPACE, secrets);
    const problems: ConfigProblem[] = [
        ...namespaceProblems(source.values),
        ...regionProblems(region, source.secretKeys.includes("aws:region")),
        ...misplaced,
    ];

    const namespaced: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(source.values)) {
        if (key.startsWith(`${NAMESPACE}:`)) {
            const name = key.slice(NAMESPACE.length + 1);
            namespaced[name] = configJsonSchema.properties?.[name]?.type === "string" ? raw : parseValue(raw);
        }
    }

    const parsed = stackConfigSchema.safeParse(namespaced);
    if (!parsed.success) {
        // A refused secret is reported once, as such, not also as a malformed value.
        const refused = misplaced.map(p => p.key.slice(NAMESPACE.length + 1));
        const issues = parsed.error.issues.filter(issue => !isSecretAt(refused, issue.path.map(String).join(".")));
        problems.push(...issues.flatMap(issue => describeIssue(issue, namespaced, secrets)));
        throw new ConfigError(stackFile, problems);
    }
    problems.push(...plaintextSecretValueProblems(NAMESPACE, parsed.data.secretValues, secrets));
    if (parsed.data.testTrafficToken !== undefined && !isSecretAt(secrets, "testTrafficToken")) {
        problems.push({
            key: `${NAMESPACE}:testTrafficToken`,
            message:
                "holds plaintext: set it with `pulumi config set --secret testTrafficToken` or from an ESC environment",
        });
    }
    if (problems.length > 0) {
        throw new ConfigError(stackFile, problems);
    }
    const config = applyEnvironmentDefaults(secureEnvironmentAsSecrets(parsed.data, secrets), {
        stack: source.stack,
        stackFile,
        region: region!,
        secretPaths: secrets,
    });
    const crossField = crossFieldProblems(config);
    if (crossField.length > 0) {
        throw new ConfigError(stackFile, crossField);
    }
    return config;
}

/** Keys in a namespace nothing reads: a misspelt `ecs-platfrom:loadBalancer` would otherwise be ignored. */
function namespaceProblems(values: Record<string, string>): ConfigProblem[] {
    return Object.keys(values).flatMap(key => {
        const namespace = key.includes(":") ? key.slice(0, key.indexOf(":")) : "";
        if (KNOWN_NAMESPACES.includes(namespace)) {
            return [];
        }
        return [
            {
                key,
                message: `is in no namespace this project reads${didYouMean(namespace, KNOWN_NAMESPACES)}: use ${KNOWN_NAMESPACES.map(n => `${n}:`).join(", ")}`,
            },
        ];
    });
}

function regionProblems(region: string | undefined, secret: boolean): ConfigProblem[] {
    if (region === undefined) {
        return [{ key: "aws:region", message: "is required: the AWS Region to deploy to, such as eu-west-1" }];
    }
    if ((AWS_REGIONS as readonly string[]).includes(region)) {
        return [];
    }
    const got = secret ? "" : ` (got ${JSON.stringify(region)})`;
    return [
        {
            key: "aws:region",
            message: `must be an AWS Region${got}${secret ? "" : didYouMean(region, AWS_REGIONS)}; one of ${AWS_REGIONS.join(", ")}`,
        },
    ];
}

/** The `secure:` paths of the stack file in the project directory, when a real engine runs the program. */
function securePathsOfStackFile(stack: string): string[] | undefined {
    try {
        return readStackFile(stack, { dir: pulumi.getRootDirectory() }).secretPaths;
    } catch {
        return undefined;
    }
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

/** Turns one schema issue into messages that name the key path and what is allowed; secret values are never shown. */
function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>, secrets: SecretPaths): ConfigProblem[] {
    const keyOf = (path: PropertyKey[]) =>
        path.length === 0 ? `${NAMESPACE}:<key>` : `${NAMESPACE}:${path.map(String).join(".")}`;
    const key = keyOf(issue.path);
    const got = valueAt(input, issue.path);
    const gotText = got === undefined || touchesSecret(secrets, issue.path) ? "" : ` (got ${JSON.stringify(got)})`;
    const unit = (origin: string) => (origin === "array" ? " items" : origin === "string" ? " characters" : "");
    switch (issue.code) {
        case "unrecognized_keys": {
            const allowed = allowedKeys(issue.path, input);
            return issue.keys.map(unknown => ({
                key: keyOf([...issue.path, unknown]),
                message: `is not a known key${didYouMean(unknown, allowed)}; allowed here: ${allowed.join(", ") || "see the config reference in README.md"}`,
            }));
        }
        case "invalid_type":
            return [
                got === undefined
                    ? { key, message: `is required (${issue.expected})` }
                    : { key, message: `must be ${article(issue.expected)}${gotText}` },
            ];
        case "too_big":
            return [{ key, message: `must be at most ${String(issue.maximum)}${unit(issue.origin)}${gotText}` }];
        case "too_small":
            return [{ key, message: `must be at least ${String(issue.minimum)}${unit(issue.origin)}${gotText}` }];
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

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let value = input;
    for (const segment of path) {
        if (value === null || typeof value !== "object") {
            return undefined;
        }
        value = (value as Record<PropertyKey, unknown>)[segment];
    }
    return value;
}

interface JsonSchemaNode {
    type?: string | string[];
    properties?: Record<string, JsonSchemaNode>;
    additionalProperties?: JsonSchemaNode | boolean;
    items?: JsonSchemaNode;
    oneOf?: JsonSchemaNode[];
    anyOf?: JsonSchemaNode[];
    const?: unknown;
}

/** The schema as JSON Schema (zod's own rendering), for the keys each object accepts. */
const configJsonSchema = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;

/** The keys the schema accepts at a path, for "unknown key" messages; unions pick the variant the input names. */
function allowedKeys(path: readonly PropertyKey[], input: unknown): string[] {
    let node: JsonSchemaNode | undefined = variantOf(configJsonSchema, input);
    for (let i = 0; i < path.length && node; i++) {
        const segment = String(path[i]);
        const next: JsonSchemaNode | boolean | undefined =
            node.properties?.[segment] ?? node.items ?? node.additionalProperties;
        node = typeof next === "object" ? variantOf(next, valueAt(input, path.slice(0, i + 1))) : undefined;
    }
    return Object.keys(node?.properties ?? {});
}

/** For a union, the variant whose constant fields (e.g. `source: ecr`) the value matches. */
function variantOf(node: JsonSchemaNode, value: unknown): JsonSchemaNode {
    const variants = node.oneOf ?? node.anyOf;
    if (!variants) {
        return node;
    }
    const fields = (value ?? {}) as Record<string, unknown>;
    const matches = (v: JsonSchemaNode) =>
        Object.entries(v.properties ?? {}).every(([k, p]) => p.const === undefined || fields[k] === p.const);
    return variants.find(v => v.properties && matches(v)) ?? variants.find(v => v.properties) ?? node;
}
