import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Registry } from "../../../components/registry";
import { ComponentArgumentError } from "../../../components/shared";
import { ofType, runProgram } from "../../../testing/harness";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

describe("registry/Registry deployedBy", () => {
    it("writes a repository's lifecycle policy after what deploys its images, even when that comes later", async () => {
        const { resources } = await runProgram(
            () => {
                let deployed!: (resources: pulumi.Resource[]) => void;
                const later = new Promise<pulumi.Resource[]>(resolve => (deployed = resolve));
                const registry = new Registry("registry", {
                    repositories: ["api", "web"],
                    kmsKeyArn: KEY_ARN,
                    deployedBy: { api: later },
                });
                // Created after the registry, from its URL, as a service is.
                const family = registry.repositories.api.url.apply(url => `api-${url.length}`);
                deployed([new aws.ecs.TaskDefinition("api", { family, containerDefinitions: "[]" })]);
            },
            { stack: "test", config: { "aws:region": "eu-west-1" } },
        );
        const task = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")[0];
        const policies = ofType(resources, LIFECYCLE);
        const api = policies.find(p => p.name === "registry-api-lifecycle")!;
        const web = policies.find(p => p.name === "registry-web-lifecycle")!;
        assert.ok(api.dependencies.includes(task.urn), "api's policy waits for the task definition");
        assert.ok(!web.dependencies.includes(task.urn), "web's policy does not");
    });

    it("refuses deployedBy for a repository it does not have", () => {
        assert.throws(
            () =>
                new Registry("registry", {
                    repositories: ["api"],
                    kmsKeyArn: KEY_ARN,
                    deployedBy: { worker: Promise.resolve([]) },
                }),
            (err: unknown) =>
                err instanceof ComponentArgumentError &&
                /deployedBy\.worker.*is not one of `repositories`/.test(err.message),
        );
    });
});
