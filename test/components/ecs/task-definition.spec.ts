import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import { TaskDefinition, TaskDefinitionArgs } from "../../../components/ecs/task-definition";
import { ofType, runProgram } from "../../../testing/harness";
import { GIT_SHA, LOG_GROUP_ARN, REPOSITORY_ARN, REPOSITORY_URL, STACK } from "./service-fixtures";

function taskArgs(overrides: Partial<TaskDefinitionArgs> = {}): TaskDefinitionArgs {
    return {
        name: "migrate",
        environment: "test",
        logGroupName: "/ecs/test/migrate",
        logGroupArn: LOG_GROUP_ARN,
        image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, tag: GIT_SHA },
        ...overrides,
    };
}

async function runTask(args: TaskDefinitionArgs) {
    const { resources, outputs } = await runProgram(() => {
        const task = new TaskDefinition("test-migrate", args);
        return { family: task.family, taskRoleArn: task.taskRoleArn, executionRoleArn: task.executionRoleArn };
    }, STACK);
    const [taskDefinition] = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition");
    return { resources, outputs, taskDefinition, containers: JSON.parse(taskDefinition.inputs.containerDefinitions) };
}

describe("components/ecs/task-definition", () => {
    it("stands alone: a task definition and its two roles, no service, aliased only from its former token", async () => {
        const { resources, outputs, taskDefinition } = await runTask(taskArgs());
        assert.strictEqual(taskDefinition.inputs.family, "test-migrate");
        assert.strictEqual(outputs.family, "test-migrate");
        assert.deepStrictEqual(ofType(resources, "aws:ecs/service:Service"), []);
        assert.strictEqual(ofType(resources, "aws:iam/role:Role").length, 2);
        assert.notStrictEqual(outputs.taskRoleArn, outputs.executionRoleArn);
        const component = resources.find(r => !r.custom)!;
        assert.strictEqual(component.type, "ecs-platform:index:TaskDefinition");
        assert.deepStrictEqual(
            component.options.aliasSpecs?.map(alias => alias.type),
            ["ecs-platform:ecs:TaskDefinition"],
            "a stack created before the package keeps it",
        );
        for (const child of resources.filter(r => r.custom)) {
            assert.strictEqual(child.options.aliases, 0, "a child keeps its identity through its parent's alias");
            assert.strictEqual(child.parent, component.urn);
        }
    });

    it("gives a task without a port no port mapping and no HTTP health check, and runs its command", async () => {
        const { containers } = await runTask(taskArgs({ command: ["npm", "run", "migrate"] }));
        assert.deepStrictEqual(containers[0].portMappings, []);
        assert.strictEqual(containers[0].healthCheck, undefined);
        assert.deepStrictEqual(containers[0].command, ["npm", "run", "migrate"]);
    });

    it("names the port mapping when asked (what Service Connect publishes)", async () => {
        const { containers } = await runTask(taskArgs({ port: 8080, portName: "migrate" }));
        assert.deepStrictEqual(containers[0].portMappings, [
            { name: "migrate", containerPort: 8080, hostPort: 8080, protocol: "tcp" },
        ]);
    });

    it("reports every argument problem at once, as a ComponentArgumentError", async () => {
        const err = await runTask(taskArgs({ cpu: 3000, user: "0", port: 70000 })).then(
            () => assert.fail("expected a rejection"),
            (e: unknown) => e,
        );
        assert.ok(ComponentArgumentError.isComponentArgumentError(err));
        assert.deepStrictEqual(err.problems.map(p => p.argument).sort(), ["cpu", "port", "user"]);
        assert.strictEqual(err.component, "TaskDefinition");
    });

    it("checks enum values and permissions as another language's SDK could send them", async () => {
        const err = await runTask({
            ...taskArgs({ permissions: [{ actions: [], resources: ["arn:aws:s3:::assets/*"] }] }),
            ...({ launchType: "SPOT", networkMode: "host", architecture: "arm64" } as object),
        }).then(
            () => assert.fail("expected a rejection"),
            (e: unknown) => e,
        );
        assert.ok(ComponentArgumentError.isComponentArgumentError(err));
        const messages = err.problems.map(p => `${p.argument}: ${p.message}`);
        assert.ok(messages.includes('launchType: must be one of FARGATE, EC2, got "SPOT".'), messages.join("\n"));
        assert.ok(messages.includes('networkMode: must be one of awsvpc, bridge, got "host".'));
        assert.ok(messages.includes('architecture: must be one of X86_64, ARM64, got "arm64".'));
        assert.ok(messages.includes("permissions[0].actions: a permission needs at least one of its actions."));
        await runTask(taskArgs({ launchType: "EC2", networkMode: "bridge", architecture: "ARM64" }));
    });
});
