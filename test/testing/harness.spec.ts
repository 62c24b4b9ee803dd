import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ofType, promiseOf, runProgram } from "../../testing/harness";
import { SECRET_PLACEHOLDER, UNKNOWN } from "../../testing/values";

class Box extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Box", name, {}, opts);
        this.repository = new aws.ecr.Repository(
            name,
            { imageTagMutability: "IMMUTABLE" },
            { parent: this, protect: true, retainOnDelete: true },
        );
        this.registerOutputs({});
    }
}

function program() {
    const box = new Box("box");
    const group = new aws.cloudwatch.LogGroup(
        "logs",
        { retentionInDays: 14 },
        { ignoreChanges: ["tags"], dependsOn: [box] },
    );
    const secret = new aws.secretsmanager.Secret("secret", {});
    new aws.secretsmanager.SecretVersion("version", { secretId: secret.id, secretString: pulumi.secret("hunter2") });
    // Registered only once the repository URL is known: the harness must wait for it.
    box.repository.repositoryUrl.apply(url => new aws.ssm.Parameter("late", { type: "String", value: url }));
    pulumi.log.warn("something to say");
    return { url: box.repository.repositoryUrl, group: group.name };
}

describe("testing/harness", () => {
    it("captures every registration, including resources created inside apply", async () => {
        const { resources } = await runProgram(program, { stack: "test" });
        assert.deepStrictEqual(resources.map(r => r.name).sort(), ["box", "box", "late", "logs", "secret", "version"]);
        const late = ofType(resources, "aws:ssm/parameter:Parameter")[0];
        assert.match(late.inputs.value, /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/box-[0-9a-f]{7}$/);
    });

    it("records parents, dependencies, property dependencies and options", async () => {
        const { resources } = await runProgram(program, { stack: "test" });
        const component = resources.find(r => r.type === "test:index:Box")!;
        const repository = ofType(resources, "aws:ecr/repository:Repository")[0];
        const secret = ofType(resources, "aws:secretsmanager/secret:Secret")[0];
        const version = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")[0];
        const logs = ofType(resources, "aws:cloudwatch/logGroup:LogGroup")[0];
        assert.strictEqual(component.custom, false);
        assert.strictEqual(repository.parent, component.urn);
        assert.deepStrictEqual(repository.options, {
            protect: true,
            retainOnDelete: true,
            ignoreChanges: [],
            dependsOn: [],
            aliases: 0,
            aliasSpecs: [],
            customTimeouts: { create: "", update: "", delete: "" },
            additionalSecretOutputs: [],
        });
        assert.deepStrictEqual(version.propertyDependencies.secretId, [secret.urn]);
        assert.deepStrictEqual(logs.options.ignoreChanges, ["tags"]);
        // dependsOn a component means depending on its children, as the engine records it.
        assert.deepStrictEqual(logs.options.dependsOn, [repository.urn], "explicit dependsOn is recorded");
    });

    it("reveals secrets to policies but masks them for printing", async () => {
        const { resources } = await runProgram(program, { stack: "test" });
        const version = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")[0];
        assert.strictEqual(version.inputs.secretString, "hunter2");
        assert.strictEqual(version.maskedInputs.secretString, SECRET_PLACEHOLDER);
        assert.ok(!JSON.stringify(resources.map(r => r.maskedInputs)).includes("hunter2"));
    });

    it("gives realistic, deterministic outputs outside preview and resolves stack outputs", async () => {
        const first = await runProgram(program, { stack: "test", config: { "aws:region": "us-east-2" } });
        const second = await runProgram(program, { stack: "test", config: { "aws:region": "us-east-2" } });
        assert.deepStrictEqual(first.outputs, second.outputs);
        assert.match(String(first.outputs.url), /\.dkr\.ecr\.us-east-2\.amazonaws\.com\//);
        const repository = ofType(first.resources, "aws:ecr/repository:Repository")[0];
        assert.match(repository.state.arn, /^arn:aws:ecr:us-east-2:123456789012:repository\/box-/);
    });

    it("leaves computed values unknown in preview, as a first pulumi preview does", async () => {
        const { resources, outputs } = await runProgram(program, { stack: "test", preview: true });
        const version = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")[0];
        assert.strictEqual(version.inputs.secretId, UNKNOWN);
        assert.strictEqual(
            ofType(resources, "aws:ssm/parameter:Parameter").length,
            0,
            "apply on an unknown never runs",
        );
        assert.strictEqual(outputs.url, undefined);
    });

    it("collects pulumi.log.warn instead of printing it", async () => {
        const { warnings } = await runProgram(program, { stack: "test" });
        assert.deepStrictEqual(warnings, ["something to say"]);
    });

    it("passes stack config to the program", async () => {
        const { outputs } = await runProgram(() => ({ value: new pulumi.Config("ecs-platform").require("greeting") }), {
            stack: "test",
            config: { "ecs-platform:greeting": "hello" },
        });
        assert.strictEqual(outputs.value, "hello");
    });

    it("formats no stack frames while the program runs, and restores the process's settings after", async () => {
        const settings = () => ({
            limit: Error.stackTraceLimit,
            prepare: Error.prepareStackTrace,
            resourceFrames: (pulumi.Resource as any).stackTrace,
        });
        const before = settings();
        let during: string | undefined;
        let frames: unknown;
        await runProgram(
            () => {
                Error.stackTraceLimit = Infinity; // as the SDK does for each resource's source position
                during = new Error("inside").stack;
                frames = (pulumi.Resource as any).stackTrace(0);
                new aws.ecr.Repository("repo", {});
            },
            { stack: "test" },
        );
        assert.strictEqual(during, "Error: inside");
        assert.deepStrictEqual(frames, []);
        assert.deepStrictEqual(settings(), before);
        assert.ok((pulumi.Resource as any).stackTrace(0).length > 0, "after the program, a resource's frames again");
        assert.match(new Error("after").stack ?? "", /^Error: after\n\s+at /);
    });

    it("runs one program at a time: a second while one runs is refused, and the next after it is not", async () => {
        let second: Promise<unknown> | undefined;
        await runProgram(
            () => {
                second = runProgram(() => ({}), { stack: "test" });
                new aws.ecr.Repository("repo", {});
            },
            { stack: "test" },
        );
        await assert.rejects(second!, /another program is still running in this process; await it first/);
        const after = await runProgram(() => ({ value: 1 }), { stack: "test" });
        assert.strictEqual(after.outputs.value, 1);
    });

    it("promiseOf resolves an Output", async () => {
        await runProgram(
            async () => {
                assert.strictEqual(await promiseOf(pulumi.output(Promise.resolve(3))), 3);
            },
            { stack: "test" },
        );
    });
});
