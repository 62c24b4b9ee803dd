import { existsSync, readFileSync } from "fs";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { main } from "../infra/program";
import { runPolicies, PolicyInputResource, PolicyViolation } from "../policies/run";
import { CapturedResource, runProgram } from "../testing/harness";
import { readStackFile, REPO_ROOT } from "../testing/stack-file";

export interface StackPreview {
    stack: string;
    /** The stack file the configuration came from. */
    file: string;
    resources: CapturedResource[];
    violations: PolicyViolation[];
    /** What a real preview would print as warnings (the program's own, and what the offline run could not see). */
    warnings: string[];
    /** The stack outputs. */
    outputs: Record<string, unknown>;
}

export interface PreviewOptions {
    /** Simulate a first `pulumi preview` (computed values unknown). Defaults to false: values as after an update. */
    preview?: boolean;
    /** Where the stack files and `policies/config.<stack>.json` live; defaults to the repository root. */
    dir?: string;
}

/**
 * The offline preview of one stack: reads `Pulumi.<stack>.yaml`, runs the program against the fake cloud,
 * and runs the policy pack over what it registered with `policies/config.<stack>.json`.
 * Throws the program's `ConfigError` for bad configuration.
 */
export async function previewStack(stack: string, options: PreviewOptions = {}): Promise<StackPreview> {
    const dir = options.dir ?? REPO_ROOT;
    const stackFile = readStackFile(stack, { dir });
    const run = await runProgram(() => main({ secretPaths: stackFile.secretPaths }), {
        stack,
        config: stackFile.values,
        secretKeys: stackFile.secretKeys,
        preview: options.preview,
    });
    const violations = await runPolicies(run.resources.map(toPolicyResource), {
        config: policyConfigFor(stack, dir),
        preview: options.preview,
    });
    const warnings = [...run.warnings];
    if (stackFile.environments.length > 0) {
        warnings.push(
            `ESC environments are not resolved offline (${stackFile.environments.join(", ")}): values they provide are missing from this preview.`,
        );
    }
    return {
        stack,
        file: stackFile.file,
        resources: run.resources,
        violations,
        warnings,
        outputs: run.outputs as Record<string, unknown>,
    };
}

/**
 * What the pack sees of a captured resource. One set of props serves both kinds of policy: the fake cloud's
 * state is the program's inputs plus the computed outputs, so it holds what `Analyze` (inputs) and
 * `AnalyzeStack` (outputs) would each get.
 */
export function toPolicyResource(resource: CapturedResource): PolicyInputResource {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: resource.state,
        parent: resource.parent,
        dependencies: resource.dependencies,
        propertyDependencies: resource.propertyDependencies,
    };
}

/** The `--policy-pack-config` file of a stack, if the pack has one for it. */
export function policyConfigFor(stack: string, dir: string = REPO_ROOT): PolicyPackConfig | undefined {
    const file = path.join(dir, "policies", `config.${stack}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PolicyPackConfig) : undefined;
}
