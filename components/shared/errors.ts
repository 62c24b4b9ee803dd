import * as pulumi from "@pulumi/pulumi";

/** One problem with a component's arguments: the argument's path (`containers[0].cpu`) and what is allowed. */
export interface ArgumentProblem {
    argument: string;
    message: string;
}

/**
 * A component's arguments are invalid. Every component reports through this one type, with all problems at
 * once. A `RunError`, so `pulumi up` prints the message without a stack trace. The program runs the same
 * rules before registering anything and maps each argument path to its stack-config key.
 */
export class ComponentArgumentError extends pulumi.RunError {
    constructor(
        /** The component's type, e.g. `Service`. */
        readonly component: string,
        /** The component's resource name. */
        readonly resourceName: string,
        readonly problems: ArgumentProblem[],
    ) {
        super(
            `${component} "${resourceName}" has invalid arguments:\n` +
                problems.map(p => `  - ${p.argument}: ${p.message}`).join("\n"),
        );
        this.name = "ComponentArgumentError";
    }

    /** True for a ComponentArgumentError, also across copies of this module in one process. */
    static isComponentArgumentError(err: unknown): err is ComponentArgumentError {
        return (
            err instanceof Error &&
            err.name === "ComponentArgumentError" &&
            Array.isArray((err as ComponentArgumentError).problems)
        );
    }
}

/** Collects argument problems; `throwIfAny` raises them together as one ComponentArgumentError. */
export class ArgumentProblems {
    readonly list: ArgumentProblem[] = [];

    add(argument: string, message: string): this {
        this.list.push({ argument, message });
        return this;
    }

    throwIfAny(component: string, resourceName: string): void {
        if (this.list.length > 0) throw new ComponentArgumentError(component, resourceName, this.list);
    }
}
