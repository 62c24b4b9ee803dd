import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { analyzerResources } from "../../testing/analyzer-view";
import { runProgram } from "../../testing/harness";

class Site extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Site", name, {}, opts);
        new aws.sqs.Queue(
            `${name}-assets`,
            {},
            {
                parent: this,
                protect: true,
                deleteBeforeReplace: true,
                customTimeouts: { create: "1h30m", delete: "90s" },
                additionalSecretOutputs: ["url"],
                aliases: [{ name: "old-assets" }],
            },
        );
        this.registerOutputs({});
    }
}

function program() {
    new Site("site");
    const west = new aws.Provider("us-west", { region: "us-west-2" });
    new aws.sns.Topic("jobs", {}, { provider: west });
}

describe("testing/analyzer-view", () => {
    it("adds the root stack and the default provider, and passes options and providers as the engine does", async () => {
        const run = await runProgram(program, { stack: "dev", project: "demo", config: { "aws:region": "eu-west-1" } });
        const resources = analyzerResources(run, {
            stack: "dev",
            project: "demo",
            config: { "aws:region": "eu-west-1" },
        });
        const byName = new Map(resources.map(r => [r.name, r]));
        const root = byName.get("demo-dev")!;
        assert.equal(root.urn, "urn:pulumi:dev::demo::pulumi:pulumi:Stack::demo-dev");
        const defaultProvider = resources.find(
            r => r.type === "pulumi:providers:aws" && r.name.startsWith("default_"),
        )!;
        assert.equal(defaultProvider.name, "default_7_48_0");
        assert.deepEqual(defaultProvider.props, { region: "eu-west-1", version: "7.48.0" });

        const site = byName.get("site")!;
        assert.equal(site.parent, root.urn, "top-level resources are children of the root stack");
        assert.equal(site.provider, undefined, "components have no provider");
        const queue = byName.get("site-assets")!;
        assert.equal(queue.parent, site.urn);
        assert.equal(queue.provider, defaultProvider.urn);
        assert.deepEqual(queue.options, {
            protect: true,
            ignoreChanges: [],
            aliases: ["urn:pulumi:dev::demo::test:index:Site$aws:sqs/queue:Queue::old-assets"],
            customTimeouts: { createSeconds: 5400, updateSeconds: 0, deleteSeconds: 90 },
            additionalSecretOutputs: ["url"],
            deleteBeforeReplace: true,
        });
        const topic = byName.get("jobs")!;
        assert.equal(topic.provider, byName.get("us-west")!.urn, "an explicit provider is referenced by its URN");
    });
});
