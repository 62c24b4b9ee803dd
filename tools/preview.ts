import { existsSync, readFileSync } from "fs";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { StackConfig } from "../infra/config/resolve";
import { main } from "../infra/program";
import { runPolicies, PolicyViolation } from "../policies/run";
import { analyzerResources } from "../testing/analyzer-view";
import { CapturedResource, runProgram } from "../testing/harness";
import { projectStackTags, readStackFile, REPO_ROOT } from "../testing/stack-file";

export interface StackPreview {
    stack: string;
    /** The stack file the configuration came from. */
    file: string;
    /** The configuration as the program validated and resolved it. */
    config: StackConfig;
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
    /** Deploy into an empty account: no image pushed, no secret value written yet. Defaults to false. */
    firstDeploy?: boolean;
}

/**
 * The offline preview of one stack: reads `Pulumi.<stack>.yaml`, runs the program against the fake cloud,
 * and runs the policy pack over what it registered with `policies/config.<stack>.json`.
 * Throws the program's `ConfigError` for bad configuration.
 */
export async function previewStack(stack: string, options: PreviewOptions = {}): Promise<StackPreview> {
    const dir = options.dir ?? REPO_ROOT;
    const stackFile = readStackFile(stack, { dir });
    let config: StackConfig | undefined;
    const onConfig = (validated: StackConfig) => (config = validated);
    const run = await runProgram(() => main({ secretPaths: stackFile.secretPaths, onConfig }), {
        stack,
        config: stackFile.values,
        secretKeys: stackFile.secretKeys,
        preview: options.preview,
        firstDeploy: options.firstDeploy,
    });
    releaseProgramGarbage();
    // What the engine analyzes: the captured resources plus the root stack and default providers.
    const violations = await runPolicies(analyzerResources(run, { stack, config: stackFile.values }), {
        config: policyConfigFor(stack, dir),
        preview: options.preview,
        stackTags: projectStackTags(),
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
        config: validatedConfig(config),
        resources: run.resources,
        violations,
        warnings,
        outputs: run.outputs as Record<string, unknown>,
    };
}

/** The configuration the program reported; a program that ran without validating one is a bug of the program's. */
function validatedConfig(config: StackConfig | undefined): StackConfig {
    if (config === undefined) {
        throw new Error("the program ran without reporting its validated configuration (ProgramOptions.onConfig)");
    }
    return config;
}

/** A heap this large after the program is mostly the SDK's settled bookkeeping, not the captured resources. */
const PROGRAM_GARBAGE_BYTES = 256 * 2 ** 20;

/**
 * Collects the program's garbage before the policies allocate on top of it, when the process can (`npm run check`
 * starts Node with `--expose-gc`) and there is much of it: V8 sized the heap for the pending program, and would
 * otherwise let the policy phase grow it further before collecting (a tenth of a large stack's peak memory).
 */
function releaseProgramGarbage(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc && process.memoryUsage().heapUsed > PROGRAM_GARBAGE_BYTES) {
        gc();
    }
}

/** The `--policy-pack-config` file of a stack, if the pack has one for it. */
export function policyConfigFor(stack: string, dir: string = REPO_ROOT): PolicyPackConfig | undefined {
    const file = path.join(dir, "policies", `config.${stack}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PolicyPackConfig) : undefined;
}
