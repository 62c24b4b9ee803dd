import * as pulumi from "@pulumi/pulumi";

/** One problem in the stack configuration: the full key path (`ecs-platform:services.api.cpu`) and what is wrong. */
export interface ConfigProblem {
    key: string;
    message: string;
}

/**
 * Bad stack configuration. A `RunError`, so `pulumi up` prints just the message, without a stack trace,
 * and fails before any resource is registered.
 */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly stackFile: string,
        readonly problems: ConfigProblem[],
    ) {
        super(formatProblems(stackFile, problems));
        this.name = "ConfigError";
    }

    /** True for a ConfigError, also across copies of this module (ts-node and compiled code in one process). */
    static isConfigError(err: unknown): err is ConfigError {
        return err instanceof Error && err.name === "ConfigError" && Array.isArray((err as ConfigError).problems);
    }
}

function formatProblems(stackFile: string, problems: ConfigProblem[]): string {
    const lines = problems.map(p => `  - ${p.key}: ${p.message}`);
    const noun = problems.length === 1 ? "problem" : "problems";
    return `Invalid stack configuration in ${stackFile} (${problems.length} ${noun}):\n${lines.join("\n")}`;
}
