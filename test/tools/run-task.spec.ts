import * as assert from "assert";
import { main } from "../../infra/program";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";
import { runTaskCommand, shellQuote, TaskStackOutputs } from "../../tools/run-task";

describe("tools/run-task (npm run task)", function () {
    this.timeout(60000);
    let outputs: TaskStackOutputs;

    before(async () => {
        const file = readStackFile("prod");
        const run = await runProgram(main, { stack: "prod", config: file.values, secretKeys: file.secretKeys });
        outputs = run.outputs as unknown as TaskStackOutputs;
    });

    it("runs the one-off task with the stack's private subnets, its own group and no public IP", () => {
        const args = runTaskCommand(outputs, "migrate");
        const at = (flag: string) => args[args.indexOf(flag) + 1];
        assert.deepStrictEqual(args.slice(0, 2), ["ecs", "run-task"]);
        assert.strictEqual(at("--cluster"), outputs.clusterName);
        assert.strictEqual(at("--task-definition"), "prod-migrate");
        assert.strictEqual(
            at("--network-configuration"),
            `awsvpcConfiguration={subnets=[${outputs.privateSubnetIds.join(",")}],securityGroups=[${outputs.tasks.migrate.securityGroupIds[0]}],assignPublicIp=DISABLED}`,
        );
        assert.ok(!args.includes("--overrides"));
    });

    it("overrides the command after `--`, and quotes it for the shell", () => {
        const args = runTaskCommand(outputs, "migrate", ["node", "dist/migrate.js", "--to", "42"]);
        const overrides = JSON.parse(args[args.indexOf("--overrides") + 1]);
        assert.deepStrictEqual(overrides, {
            containerOverrides: [{ name: "migrate", command: ["node", "dist/migrate.js", "--to", "42"] }],
        });
        assert.match(shellQuote(args), /--overrides '\{"containerOverrides":/);
    });

    it("names the stack's tasks when asked for one it does not have", () => {
        assert.throws(
            () => runTaskCommand(outputs, "web"),
            /No task "web".*tasks: nightly-report, migrate|tasks: migrate, nightly-report/,
        );
    });
});
