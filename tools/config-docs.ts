/**
 * `npm run docs:config`: writes the configuration reference in README.md from the schema itself
 * (`infra/config/schema.ts`, through zod's `z.toJSONSchema`): every key, what is allowed, its default (per
 * environment where it differs), every rule it is checked against (the schema's, then the boundary's from
 * `infra/config/rule-catalog.ts`) and its description. A spec fails when README.md is out of date.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { KEY_RULES } from "../infra/config/rule-catalog";
import { environmentDefaultPaths, environmentDefaults, stackConfigSchema } from "../infra/config/schema";
import { REPO_ROOT } from "../testing/stack-file";

const README = path.join(REPO_ROOT, "README.md");
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

interface JsonSchema {
    type?: string | string[];
    properties?: Record<string, JsonSchema>;
    additionalProperties?: JsonSchema | boolean;
    items?: JsonSchema;
    oneOf?: JsonSchema[];
    anyOf?: JsonSchema[];
    enum?: unknown[];
    const?: unknown;
    default?: unknown;
    description?: string;
    minimum?: number;
    maximum?: number;
    pattern?: string;
    format?: string;
    minLength?: number;
    maxLength?: number;
    minItems?: number;
    maxItems?: number;
    propertyNames?: JsonSchema;
    /** What a value is checked against, in words (`.meta({ rules })` in the schema). */
    rules?: string[];
    required?: string[];
}

interface Row {
    key: string;
    allowed: string;
    default: string;
    description: string;
    /** Every rule the key is checked against: its schema's, then the boundary's (`infra/config/rule-catalog.ts`). */
    checks: string;
}

/** The reference table, one row per configurable key. */
export function configReference(): string {
    const schema = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const rows: Row[] = Object.entries(KEY_RULES)
        .filter(([key]) => !key.startsWith("ecs-platform:"))
        .map(([key, rules]) => ({
            key,
            allowed: "string",
            default: "**required**",
            description: "",
            checks: escape(rules.join("; ")),
        }));
    walk(schema, [], rows, true);
    const header =
        "A `secure:` value is accepted only in `services.<name>.environment` values, `secretValues` and `testTrafficToken`; anywhere else it is refused, because AWS would keep it in plaintext.\n\n" +
        "| key | allowed | default | checked against | description |\n|---|---|---|---|---|";
    return [
        header,
        ...rows.map(r => `| \`${r.key}\` | ${r.allowed} | ${r.default} | ${r.checks} | ${r.description} |`),
    ].join("\n");
}

function walk(node: JsonSchema, keyPath: string[], rows: Row[], required: boolean): void {
    const objectNode = node.properties ? node : undefined;
    if (objectNode && keyPath.length > 0 && !isLeafObject(node)) {
        if (node.description) {
            rows.push(row(node, keyPath, required, "object"));
        }
        for (const [key, child] of Object.entries(node.properties!)) {
            walk(child, [...keyPath, key], rows, (node.required ?? []).includes(key));
        }
        return;
    }
    if (keyPath.length === 0) {
        for (const [key, child] of Object.entries(node.properties ?? {})) {
            walk(child, [key], rows, (node.required ?? []).includes(key));
        }
        return;
    }
    if (typeof node.additionalProperties === "object" && node.additionalProperties.properties) {
        rows.push(row(node, keyPath, required, "map of name →"));
        walk(node.additionalProperties, [...keyPath, "<name>"], rows, true);
        return;
    }
    if (node.oneOf) {
        rows.push(row(node, keyPath, required, "one of the forms below"));
        for (const variant of node.oneOf) {
            const tag = Object.entries(variant.properties ?? {}).find(([, p]) => p.const !== undefined);
            for (const [key, child] of Object.entries(variant.properties ?? {})) {
                if (tag && key === tag[0]) {
                    rows.push({ ...row(child, [...keyPath, key], true, `\`${JSON.stringify(child.const)}\``) });
                } else {
                    const label = tag ? [...keyPath, `${key} (${tag[0]}: ${String(tag[1].const)})`] : [...keyPath, key];
                    walk(child, label, rows, (variant.required ?? []).includes(key));
                }
            }
        }
        return;
    }
    if (node.items?.properties) {
        rows.push(row(node, keyPath, required, "list of"));
        for (const [key, child] of Object.entries(node.items.properties)) {
            walk(child, [...keyPath, `[]`, key], rows, (node.items.required ?? []).includes(key));
        }
        return;
    }
    rows.push(row(node, keyPath, required, allowedOf(node)));
}

/** Small objects documented as one row (e.g. `accessLogs`). */
function isLeafObject(node: JsonSchema): boolean {
    return (
        Object.values(node.properties ?? {}).every(p => !p.description) &&
        Object.keys(node.properties ?? {}).length <= 2
    );
}

function row(node: JsonSchema, keyPath: string[], required: boolean, allowed: string): Row {
    const key = `ecs-platform:${keyPath.join(".").replace(/\.\[\]/g, "[]")}`;
    return {
        key,
        allowed: escape(allowed),
        default: escape(defaultOf(node, keyPath, required)),
        description: escape(node.description ?? ""),
        checks: escape([...schemaChecks(node), ...(KEY_RULES[key] ?? [])].join("; ")),
    };
}

function defaultOf(node: JsonSchema, keyPath: string[], required: boolean): string {
    const envPath = keyPath.join(".").replace(/<name>/g, "*");
    const envKey = environmentDefaultPaths[envPath];
    if (envKey !== undefined) {
        return (Object.keys(environmentDefaults) as (keyof typeof environmentDefaults)[])
            .map(env => `${env}: \`${JSON.stringify(environmentDefaults[env][envKey])}\``)
            .join("<br>");
    }
    if (node.default !== undefined) {
        return `\`${JSON.stringify(node.default)}\``;
    }
    return required ? "**required**" : "unset";
}

function allowedOf(node: JsonSchema): string {
    if (node.enum) {
        return node.enum.map(v => `\`${JSON.stringify(v)}\``).join(", ");
    }
    if (node.items) {
        return `list of ${allowedOf(node.items)}`;
    }
    if (typeof node.additionalProperties === "object") {
        return `map of name → ${allowedOf(node.additionalProperties)}`;
    }
    if (node.properties) {
        return `{ ${Object.entries(node.properties)
            .map(([k, p]) => `${k}: ${allowedOf(p)}`)
            .join(", ")} }`;
    }
    const type = Array.isArray(node.type) ? node.type.join(" | ") : (node.type ?? "any");
    const bounds = [
        node.minimum !== undefined && node.minimum > -Number.MAX_SAFE_INTEGER ? `≥ ${node.minimum}` : "",
        node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${node.maximum}` : "",
        node.format ? node.format : "",
    ].filter(Boolean);
    return bounds.length > 0 ? `${type} (${bounds.join(", ")})` : type;
}

/** The checks a value's JSON Schema states: its rules in words (or its pattern), lengths, item counts, key names. */
function schemaChecks(node: JsonSchema): string[] {
    const range = (min: number | undefined, max: number | undefined, unit: string) =>
        min === undefined && max === undefined ? [] : [`${min ?? 0}${max === undefined ? "+" : `–${max}`} ${unit}`];
    const own = [
        ...(node.rules ?? (node.pattern ? [`matches \`${node.pattern}\``] : [])),
        ...range(node.minLength, node.maxLength, "characters"),
        ...range(node.minItems, node.maxItems, "items"),
    ];
    const items = node.items && !node.items.properties ? schemaChecks(node.items).map(c => `each: ${c}`) : [];
    const names = node.propertyNames ? schemaChecks(node.propertyNames).map(c => `names: ${c}`) : [];
    const values =
        typeof node.additionalProperties === "object" && !node.additionalProperties.properties
            ? schemaChecks(node.additionalProperties).map(c => `values: ${c}`)
            : [];
    return [...own, ...items, ...names, ...values];
}

function escape(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** README.md with its config reference section regenerated. */
export function renderedReadme(readme: string = readFileSync(README, "utf8")): string {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) {
        throw new Error(`README.md lacks the ${START} … ${END} markers`);
    }
    return `${readme.slice(0, start + START.length)}\n${configReference()}\n${readme.slice(end)}`;
}

if (require.main === module) {
    parseArgs({ options: {} }); // takes no arguments: rejects any
    writeFileSync(README, renderedReadme());
    console.log("README.md: configuration reference regenerated");
}
