/**
 * Generates the policies table of policies/README.md (between `<!-- policies:start -->` and `<!-- policies:end -->`)
 * from policies/policies.ts and the per-environment config files.
 *
 * Run: npm run docs:policies [-- --check]
 * `--check` writes nothing and exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parseArgs } from "node:util";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { validatedTypes } from "../policies/lib";
import { policies } from "../policies/policies";
import { enforcementLevelOf } from "../policies/run";

const policiesDir = path.join(__dirname, "..", "policies");
export const readmePath = path.join(policiesDir, "README.md");
export const startMarker = "<!-- policies:start -->";
export const endMarker = "<!-- policies:end -->";

/** Environments with a `policies/config.<env>.json`, in the order their columns appear. */
export const environments = ["staging", "prod"] as const;

/** The `--policy-pack-config` contents of an environment. */
export function environmentConfig(env: string): PolicyPackConfig {
    return JSON.parse(readFileSync(path.join(policiesDir, `config.${env}.json`), "utf8")) as PolicyPackConfig;
}

type AnyPolicy = Policies[number] & {
    validateResource?: unknown;
    validateStack?: unknown;
    tags?: string[];
};

/** `aws:ecs/taskDefinition:TaskDefinition` → `ecs.TaskDefinition` (the `@pulumi/aws` class path). */
function shortType(token: string): string {
    const match = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token);
    return match ? `${match[1]}.${match[2]}` : token;
}

function typesOf(fn: unknown): string[] {
    const tagged = validatedTypes(fn) ?? [];
    const single = (fn as { __pulumiType?: string } | undefined)?.__pulumiType;
    return [...new Set([...tagged, ...(single ? [single] : [])])];
}

/** What a policy looks at: resource types, and whether it checks the stack as a whole. */
function resourcesCell(policy: AnyPolicy): string {
    if (policy.validateStack) {
        const types = typesOf(policy.validateStack).map(shortType);
        return `${types.length ? types.join(", ") : "any"} (stack)`;
    }
    const types = [policy.validateResource].flat().flatMap(typesOf).map(shortType);
    return types.length ? [...new Set(types)].join(", ") : "any";
}

function settingsCell(policy: AnyPolicy): string {
    const properties = Object.entries(policy.configSchema?.properties ?? {});
    return properties.map(([key, schema]) => `\`${key}\` = \`${JSON.stringify(schema.default)}\``).join("<br>") || "–";
}

function levelCell(policy: AnyPolicy, config: PolicyPackConfig): string {
    const level = enforcementLevelOf(policy, config);
    const entry = config[policy.name];
    const overrides =
        typeof entry === "object" ? Object.entries(entry).filter(([key]) => key !== "enforcementLevel") : [];
    return overrides.length
        ? `${level} (${overrides.map(([k, v]) => `\`${k}\` = \`${JSON.stringify(v)}\``).join(", ")})`
        : level;
}

function controlsCell(policy: AnyPolicy): string {
    return (
        (policy.tags ?? [])
            .filter(tag => !tag.startsWith("family:"))
            .map(tag => `\`${tag}\``)
            .join(" ") || "–"
    );
}

function familyOf(policy: AnyPolicy): string {
    return (policy.tags ?? []).find(tag => tag.startsWith("family:"))?.slice("family:".length) ?? "–";
}

const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The markdown table, one row per policy in pack order. */
export function policiesTable(
    pack: Policies = policies,
    configs: Record<string, PolicyPackConfig> = loadConfigs(),
): string {
    const header = [
        "Policy",
        "Family",
        "Resources",
        "What it checks",
        ...environments.map(env => `Level: ${env}`),
        "Settings (default)",
        "External controls",
    ];
    const rows = (pack as AnyPolicy[]).map(policy => [
        `\`${policy.name}\``,
        familyOf(policy),
        resourcesCell(policy),
        policy.description,
        ...environments.map(env => levelCell(policy, configs[env])),
        settingsCell(policy),
        controlsCell(policy),
    ]);
    return [header, header.map(() => "---"), ...rows].map(cells => `| ${cells.map(escape).join(" | ")} |`).join("\n");
}

function loadConfigs(): Record<string, PolicyPackConfig> {
    return Object.fromEntries(environments.map(env => [env, environmentConfig(env)]));
}

/** `readme` with the text between the markers replaced by `table`. */
export function withTable(readme: string, table: string): string {
    const start = readme.indexOf(startMarker);
    const end = readme.indexOf(endMarker);
    if (start === -1 || end < start) {
        throw new Error(`policies/README.md needs ${startMarker} and ${endMarker} markers`);
    }
    return `${readme.slice(0, start + startMarker.length)}\n${table}\n${readme.slice(end)}`;
}

if (require.main === module) {
    const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
    const current = readFileSync(readmePath, "utf8");
    const updated = withTable(current, policiesTable());
    if (values.check) {
        if (updated !== current) {
            console.error("policies/README.md is out of date: run tools/policy-docs.ts");
            process.exit(1);
        }
    } else if (updated !== current) {
        writeFileSync(readmePath, updated);
        console.log("policies/README.md updated");
    }
}
