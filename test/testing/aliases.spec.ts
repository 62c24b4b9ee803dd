import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resolveAliases } from "../../testing/aliases";
import { runProgram } from "../../testing/harness";

class Inner extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Inner", name, {}, { ...opts, aliases: [{ type: "test:old:Inner" }] });
        new aws.sns.Topic(`${name}-topic`, {}, { parent: this });
        this.registerOutputs({});
    }
}

class Outer extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Outer", name, {}, opts);
        new Inner(`${name}-inner`, { parent: this });
        new aws.sns.Topic("fixed-name", {}, { parent: this });
        this.registerOutputs({});
    }
}

const urn = (type: string, name: string) => `urn:pulumi:test::ecs-platform::${type}::${name}`;

describe("testing/aliases", () => {
    it("resolves own aliases and multiplies the parent's into every descendant, renaming children after it", async () => {
        const { resources } = await runProgram(
            () => new Outer("new", { aliases: [{ name: "old", type: "test:old:Outer" }] }),
            { stack: "test" },
        );
        const aliases = resolveAliases(resources);
        const of = (type: string, name: string) => aliases.get(urn(type, name)) ?? assert.fail(`${name} missing`);

        assert.deepStrictEqual(of("test:index:Outer", "new"), [urn("test:old:Outer", "old")]);
        assert.deepStrictEqual(of("test:index:Outer$aws:sns/topic:Topic", "fixed-name"), [
            urn("test:old:Outer$aws:sns/topic:Topic", "fixed-name"),
        ]);
        assert.deepStrictEqual(of("test:index:Outer$test:index:Inner", "new-inner").sort(), [
            urn("test:index:Outer$test:old:Inner", "new-inner"),
            urn("test:old:Outer$test:index:Inner", "old-inner"),
            urn("test:old:Outer$test:old:Inner", "old-inner"),
        ]);
        // The grandchild answers to every combination of its ancestors' identities.
        const topic = of("test:index:Inner$aws:sns/topic:Topic", "new-inner-topic");
        assert.ok(topic.includes(urn("test:old:Inner$aws:sns/topic:Topic", "old-inner-topic")), topic.join("\n"));
        assert.ok(topic.includes(urn("test:old:Inner$aws:sns/topic:Topic", "new-inner-topic")), topic.join("\n"));
    });

    it("leaves resources without aliases anywhere above them alone", async () => {
        const { resources } = await runProgram(() => new aws.sns.Topic("plain"), { stack: "test" });
        assert.deepStrictEqual(resolveAliases(resources).get(urn("aws:sns/topic:Topic", "plain")), []);
    });
});
