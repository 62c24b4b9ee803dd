/**
 * `npm run check -- --stack <name> [--json] [--preview] [--first-deploy] [--dir <path>]`: the offline preview.
 *
 * Runs the program in-process against a fake cloud, prints what `pulumi preview` would create (resources by
 * type under their components), what the policy pack says about it and the stack's idle monthly cost estimate.
 * `--first-deploy` runs it against an empty account: no image pushed and no secret value written yet.
 * Exit code 1 on a mandatory policy violation, an estimate above `budget.ceiling` or a configuration error, 2 on
 * bad usage.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../infra/config/errors";
import { CapturedResource } from "../testing/harness";
import { StackFileError } from "../testing/stack-file";
import { costReport } from "./cost/report";
import { previewStack, StackPreview } from "./preview";

interface CheckArgs {
    stack: string;
    json: boolean;
    preview: boolean;
    /** An empty account: the first `pulumi up` of the stack. */
    firstDeploy: boolean;
    /** Where `Pulumi.<stack>.yaml` and `policies/config.<stack>.json` live; default: the repository root. */
    dir?: string;
}

const USAGE = "usage: npm run check -- --stack <staging|prod|…> [--json] [--preview] [--first-deploy] [--dir <path>]";

export function parseCheckArgs(argv: string[]): CheckArgs {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                json: { type: "boolean", default: false },
                preview: { type: "boolean", default: false },
                "first-deploy": { type: "boolean", default: false },
                dir: { type: "string" },
            },
        }));
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (!values.stack) {
        throw new UsageError("--stack is required");
    }
    const { stack, json, preview, dir } = values;
    const firstDeploy = values["first-deploy"];
    return dir === undefined ? { stack, json, preview, firstDeploy } : { stack, json, preview, firstDeploy, dir };
}

class UsageError extends Error {}

/** The `--json` document. Other tools read these names: keep them. */
export function toJsonDocument(preview: StackPreview) {
    return {
        stack: preview.stack,
        resources: preview.resources.map(r => ({
            urn: r.urn,
            id: r.id,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            inputs: r.maskedInputs,
            options: {
                protect: r.options.protect,
                retainOnDelete: r.options.retainOnDelete,
                ignoreChanges: r.options.ignoreChanges,
                dependsOn: r.options.dependsOn,
            },
        })),
        violations: preview.violations.map(v => ({
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            urn: v.urn ?? null,
            message: v.message,
        })),
        warnings: preview.warnings,
    };
}

/** Human-readable report: resources by type under their components, then violations grouped by policy. */
export function formatReport(preview: StackPreview, simulatedPreview: boolean, firstDeploy = false): string {
    const lines: string[] = [];
    const values = simulatedPreview ? "first preview: computed values unknown" : "values as after an update";
    const mode = firstDeploy ? `${values}, empty account: no image or secret value yet` : values;
    lines.push(`Offline preview of stack ${preview.stack} (${preview.file}; fake cloud, ${mode})`, "");
    for (const warning of preview.warnings) {
        lines.push(`  warning: ${warning}`);
    }
    if (preview.warnings.length > 0) {
        lines.push("");
    }

    const byUrn = new Map(preview.resources.map(r => [r.urn, r]));
    const children = new Map<string | undefined, CapturedResource[]>();
    for (const r of preview.resources) {
        const parent = r.parent && byUrn.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const custom = preview.resources.filter(r => r.custom).length;
    lines.push(`Resources: ${custom} to create (+ ${preview.resources.length - custom} components)`);
    const render = (parent: string | undefined, depth: number) => {
        const indent = "    ".repeat(depth + 1);
        const kids = children.get(parent) ?? [];
        for (const component of kids.filter(r => !r.custom)) {
            lines.push(`${indent}${component.type}  ${component.name}`);
            render(component.urn, depth + 1);
        }
        const byType = new Map<string, CapturedResource[]>();
        for (const r of kids.filter(r => r.custom)) {
            byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
        }
        for (const [type, rs] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
            const flags = rs.some(r => r.options.protect) ? "  [protected]" : "";
            lines.push(`${indent}+ ${type} ×${rs.length}: ${rs.map(r => r.name).join(", ")}${flags}`);
        }
    };
    render(undefined, 0);
    lines.push("");

    const byPolicy = new Map<string, StackPreview["violations"]>();
    for (const v of preview.violations) {
        byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
    }
    const count = (level: string) => preview.violations.filter(v => v.enforcementLevel === level).length;
    if (byPolicy.size === 0) {
        lines.push("Policies: no violations.");
    } else {
        lines.push(
            `Policy violations: ${count("mandatory")} mandatory, ${count("advisory")} advisory, ${count("remediate")} remediated`,
        );
        for (const [policy, vs] of [...byPolicy].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(`    [${vs[0].enforcementLevel}] ${policy} (${vs.length})`);
            for (const v of vs) {
                const where = v.urn ? (byUrn.get(v.urn)?.name ?? v.urn) : "stack";
                lines.push(`        ${where}: ${v.message.split("\n").join(" — ")}`);
            }
        }
    }
    return lines.join("\n");
}

/** Where {@link cli} writes: the process's streams, or a test's. */
export interface Output {
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
}

/** `npm run check` itself: writes the report or the errors, and returns the exit code. */
export async function cli(argv: string[], output: Output = process): Promise<number> {
    let args: CheckArgs;
    try {
        args = parseCheckArgs(argv);
    } catch (err) {
        output.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        return 2;
    }
    try {
        const preview = await previewStack(args.stack, {
            preview: args.preview,
            firstDeploy: args.firstDeploy,
            dir: args.dir,
        });
        const cost = costReport(preview);
        output.stdout.write(
            args.json
                ? `${JSON.stringify({ ...toJsonDocument(preview), cost: cost.cost }, null, 2)}\n`
                : `${formatReport(preview, args.preview, args.firstDeploy)}\n\n${cost.text.join("\n")}\n`,
        );
        return preview.violations.some(v => v.enforcementLevel === "mandatory") || cost.failed ? 1 : 0;
    } catch (err) {
        if (ConfigError.isConfigError(err) || StackFileError.isStackFileError(err)) {
            output.stderr.write(`${err.message}\n`);
            return 1;
        }
        throw err;
    }
}

if (require.main === module) {
    // Set the exit code and let the process end on its own: `process.exit` would cut a piped stdout short.
    cli(process.argv.slice(2)).then(
        code => (process.exitCode = code),
        err => {
            process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
            process.exitCode = 1;
        },
    );
}
