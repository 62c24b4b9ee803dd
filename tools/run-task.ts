/**
 * `npm run task -- --stack <stack> <name> [--run] [-- <command…>]`: the `aws ecs run-task` call that starts a
 * one-off task (or a scheduled job, out of schedule) with the stack's network settings, from its outputs
 * (`pulumi stack output --json`). Prints the command; with `--run`, runs it.
 */
import { execFileSync } from "child_process";

/** The stack outputs this tool reads (see infra/program.ts). */
export interface TaskStackOutputs {
    clusterName: string;
    privateSubnetIds: string[];
    tasks: Record<string, { family: string; container: string; securityGroupIds: string[]; capacityProvider: string }>;
}

/** The `aws` CLI arguments that run task `name` once, optionally with `command` instead of its own. */
export function runTaskCommand(outputs: TaskStackOutputs, name: string, command: string[] = []): string[] {
    const task = outputs.tasks?.[name];
    if (!task) {
        const known = Object.keys(outputs.tasks ?? {}).join(", ") || "none";
        throw new Error(`No task "${name}" in the stack outputs; tasks: ${known}.`);
    }
    const network = `awsvpcConfiguration={subnets=[${outputs.privateSubnetIds.join(",")}],securityGroups=[${task.securityGroupIds.join(",")}],assignPublicIp=DISABLED}`;
    return [
        "ecs",
        "run-task",
        "--cluster",
        outputs.clusterName,
        "--task-definition",
        task.family,
        "--capacity-provider-strategy",
        `capacityProvider=${task.capacityProvider},weight=1`,
        "--network-configuration",
        network,
        "--propagate-tags",
        "TASK_DEFINITION",
        "--enable-ecs-managed-tags",
        "--started-by",
        "npm-run-task",
        ...(command.length > 0
            ? ["--overrides", JSON.stringify({ containerOverrides: [{ name: task.container, command }] })]
            : []),
    ];
}

/** A shell-safe rendering of the command, for copying. */
export function shellQuote(args: string[]): string {
    return args.map(a => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

function main(argv: string[]): void {
    const separator = argv.indexOf("--");
    const own = separator >= 0 ? argv.slice(0, separator) : argv;
    const command = separator >= 0 ? argv.slice(separator + 1) : [];
    const stackAt = own.indexOf("--stack");
    const stack = stackAt >= 0 ? own[stackAt + 1] : undefined;
    const run = own.includes("--run");
    const name = own.filter((a, i) => !a.startsWith("--") && i !== stackAt + 1)[0];
    if (!stack || !name) {
        console.error("usage: npm run task -- --stack <stack> <task> [--run] [-- <command…>]");
        process.exit(2);
    }
    const outputs = JSON.parse(
        execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8" }),
    ) as TaskStackOutputs;
    const args = runTaskCommand(outputs, name, command);
    console.log(`aws ${shellQuote(args)}`);
    if (run) {
        execFileSync("aws", args, { stdio: "inherit" });
    }
}

if (require.main === module) {
    main(process.argv.slice(2));
}
