import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    expectCompliant,
    expectNotApplicable,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
} from "../helpers";
import { taggableTypes } from "../../../policies/tagging/required-tags";
import { lifecyclePolicy, logGroup, repository, tags, withProps } from "../platform-stack";

/** The `<Resource>Args` interface of a type token in the installed @pulumi/aws typings. */
function argsInterface(token: string): string {
    const [, modulePath = ""] = token.split(":");
    const [module, resource] = modulePath.split("/") as [string, string];
    const file = path.join(require.resolve("@pulumi/aws/package.json"), "..", module, `${resource}.d.ts`);
    const source = fs.readFileSync(file, "utf8");
    const name = `${resource.charAt(0).toUpperCase()}${resource.slice(1)}Args`;
    const start = source.indexOf(`export interface ${name} {`);
    assert.ok(start >= 0, `${name} not found in ${file}`);
    return source.slice(start, source.indexOf("\n}", start));
}

describe("policies/tagging/required-tags", () => {
    it("lists only types whose args take a `tags` map", () => {
        for (const token of taggableTypes) {
            assert.match(
                argsInterface(token),
                /\n\s+tags\?: pulumi\.Input<\{\s*\[key: string\]: pulumi\.Input<string>;/,
                token,
            );
        }
    });

    describe("required-tags", () => {
        it("passes resources carrying environment, managed-by and owner", async () => {
            await expectCompliant("required-tags", [repository, logGroup]);
        });

        it("flags missing and empty required tags", async () => {
            await expectViolation(
                "required-tags",
                [withProps(repository, { tags: { environment: "prod", owner: "" } })],
                {
                    message: "missing required tags: managed-by, owner.",
                },
            );
            await expectViolation("required-tags", [withProps(logGroup, { tags: undefined })], { urn: logGroup.urn });
        });

        it("counts tags from the provider's defaultTags", async () => {
            // The engine passes the provider resource with each resource; the runner has no providers, so this
            // checks the reading path with a hand-made provider entry.
            const { requiredTags } = await import("../../../policies/tagging/required-tags");
            const reports: string[] = [];
            const validate = [requiredTags.validateResource].flat()[0]!;
            await validate(
                {
                    type: repository.type,
                    name: repository.name,
                    urn: repository.urn,
                    props: { tags: { owner: "platform-team" } },
                    opts: {
                        protect: false,
                        ignoreChanges: [],
                        aliases: [],
                        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                        additionalSecretOutputs: [],
                    },
                    provider: {
                        type: "pulumi:providers:aws",
                        name: "default",
                        urn: "urn:provider",
                        props: { defaultTags: { tags: { environment: "prod", "managed-by": "pulumi" } } },
                    },
                    stackTags: new Map(),
                    isType: () => true,
                    asType: (() => undefined) as never,
                    getConfig: () => ({}) as never,
                    notApplicable: (): never => {
                        throw new Error("not applicable");
                    },
                },
                (message: string) => reports.push(message),
            );
            assert.deepEqual(reports, []);
        });

        it("follows the configured requiredTags", async () => {
            await expectViolation("required-tags", [repository], {
                config: { "required-tags": { requiredTags: ["cost-center"] } },
                message: "cost-center",
            });
        });

        it("does not apply to untaggable types", async () => {
            await expectNotApplicable("required-tags", [
                lifecyclePolicy,
                fakeResource("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "ccp", {}),
            ]);
        });

        it("is advisory in a preview while a required tag value is unknown", async () => {
            await expectPreviewAdvisory("required-tags", [
                withProps(repository, { tags: { ...tags, owner: UNKNOWN } }),
            ]);
        });
    });
});
