import * as assert from "node:assert/strict";
import { ConfigError } from "../../infra/config/errors";
import { main } from "../../infra/program";
import { ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

async function synthesize(stack: string, scratchInitImage?: string) {
    const file = readStackFile(stack);
    if (scratchInitImage !== undefined) {
        // A stack file may leave the cluster at its defaults (no key at all).
        const cluster = JSON.parse(file.values["ecs-platform:cluster"] ?? "{}");
        file.values["ecs-platform:cluster"] = JSON.stringify({ ...cluster, scratchInitImage });
    }
    return runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
}

function containersOf(resources: { type: string; inputs: any }[]): any[][] {
    return ofType(resources as any, "aws:ecs/taskDefinition:TaskDefinition").map(t =>
        JSON.parse(t.inputs.containerDefinitions),
    );
}

describe("ecs-platform:cluster.scratchInitImage: the image that opens /tmp to the tasks' user", function () {
    this.timeout(60000);

    it("every task of both stacks runs the default init image first, and its containers wait for it", async () => {
        for (const stack of ["staging", "prod"]) {
            const { resources } = await synthesize(stack);
            for (const containers of containersOf(resources)) {
                const init = containers.find(c => c.name === "scratch-init");
                assert.equal(init.image, "public.ecr.aws/docker/library/busybox:1.37.0");
                for (const other of containers.filter(c => c !== init)) {
                    assert.equal(other.user, "1000:1000");
                    assert.ok(
                        other.dependsOn.some(
                            (d: any) => d.containerName === "scratch-init" && d.condition === "SUCCESS",
                        ),
                    );
                }
            }
        }
    });

    it("takes a pinned image from the stack file, and grants a private ECR one to the execution roles", async () => {
        const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/busybox@sha256:${"c".repeat(64)}`;
        const { resources } = await synthesize("prod", image);
        assert.ok(containersOf(resources).every(cs => cs.find(c => c.name === "scratch-init").image === image));
        const pull = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
            p => p.name === "prod-web-execution-pull-and-log",
        )!;
        const statement = JSON.parse(pull.inputs.policy).Statement.find((s: any) =>
            s.Action.includes("ecr:BatchGetImage"),
        );
        assert.ok(statement.Resource.includes("arn:aws:ecr:eu-west-1:123456789012:repository/mirror/busybox"));
    });

    it("refuses what is not an image reference, naming the key", async () => {
        await assert.rejects(synthesize("staging", "Busybox latest!"), (err: unknown) => {
            assert.ok(ConfigError.isConfigError(err));
            assert.match(err.message, /ecs-platform:cluster\.scratchInitImage: must be an image reference/);
            return true;
        });
    });
});
