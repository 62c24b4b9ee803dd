import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import * as pulumi from "@pulumi/pulumi";
import { Registry, RegistryArgs, renderLifecyclePolicy } from "../../../components/registry";
import { PlatformKey } from "../../../components/secrets";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

type Declared = Omit<RegistryArgs, "kmsKeyArn"> & Partial<Pick<RegistryArgs, "kmsKeyArn">>;

async function run(args: Declared) {
    const { resources, outputs } = await runProgram(
        () => new Registry("registry", { kmsKeyArn: KEY_ARN, ...args }).repositories,
        { stack: "test", config: { "aws:region": "eu-west-1" } },
    );
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs> };
}

function repository(resources: CapturedResource[], name: string): CapturedResource {
    const found = ofType(resources, REPOSITORY).find(r => r.inputs.name === name);
    assert.ok(found, `repository ${name} missing`);
    return found;
}

describe("registry/Registry", () => {
    it("creates one scanned, immutable, KMS-encrypted repository per name", async () => {
        const { resources } = await run({ repositories: ["api", "worker"] });
        assert.deepStrictEqual(
            ofType(resources, REPOSITORY)
                .map(r => r.inputs.name)
                .sort(),
            ["api", "worker"],
        );
        for (const repo of ofType(resources, REPOSITORY)) {
            assert.strictEqual(repo.inputs.imageTagMutability, "IMMUTABLE");
            assert.deepStrictEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
            assert.deepStrictEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: KEY_ARN }]);
            assert.strictEqual(repo.inputs.forceDelete, false);
        }
    });

    it("encrypts with the platform key when wired to a PlatformKey", async () => {
        const { resources } = await runProgram(
            () => {
                const key = new PlatformKey("platform", { aliasName: "k" });
                new Registry("registry", { repositories: ["api"], kmsKeyArn: key.keyArn });
            },
            { stack: "test" },
        );
        const [key] = ofType(resources, "aws:kms/key:Key");
        assert.strictEqual(ofType(resources, REPOSITORY)[0].inputs.encryptionConfigurations[0].kmsKey, key.state.arn);
    });

    it("attaches the rendered lifecycle policy to each repository", async () => {
        const lifecycle = { untaggedExpireDays: 3, keepReleaseImages: 10 };
        const { resources } = await run({ repositories: ["api", "worker"], lifecycle });
        const policies = ofType(resources, LIFECYCLE);
        assert.deepStrictEqual(policies.map(p => p.inputs.repository).sort(), ["api", "worker"]);
        for (const policy of policies) {
            assert.strictEqual(policy.inputs.policy, renderLifecyclePolicy(lifecycle));
        }
        assert.strictEqual(JSON.parse(policies[0].inputs.policy).rules[0].selection.countNumber, 3);
    });

    it("keeps each repository's deployed tags in its own policy only", async () => {
        const { resources } = await run({ repositories: ["api", "worker"], deployedTags: { api: ["sha-1"] } });
        const policyOf = (name: string) =>
            ofType(resources, LIFECYCLE).find(p => p.inputs.repository === name)!.inputs.policy;
        assert.strictEqual(policyOf("api"), renderLifecyclePolicy({}, ["sha-1"]));
        assert.strictEqual(policyOf("worker"), renderLifecyclePolicy({}));
    });

    it("outputs each repository's URL, ARN and name", async () => {
        const { resources, outputs } = await run({ repositories: ["api", "team/worker"] });
        for (const name of ["api", "team/worker"]) {
            const repo = repository(resources, name);
            assert.deepStrictEqual(outputs[name], { url: repo.state.repositoryUrl, arn: repo.state.arn, name });
        }
        assert.match(outputs.api.url, /^\d{12}\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/api$/);
    });

    it("adds no repository policy unless pull accounts are given", async () => {
        const { resources } = await run({ repositories: ["api"] });
        assert.strictEqual(ofType(resources, REPOSITORY_POLICY).length, 0);
    });

    it("grants only the pull actions to the root of each pull account", async () => {
        const { resources } = await run({
            repositories: ["api", "worker"],
            pullAccountIds: ["111111111111", "222222222222"],
        });
        const policies = ofType(resources, REPOSITORY_POLICY);
        assert.deepStrictEqual(policies.map(p => p.inputs.repository).sort(), ["api", "worker"]);
        for (const policy of policies) {
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CrossAccountPull",
                        Effect: "Allow",
                        Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
                        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    },
                ],
            });
        }
    });

    it("force-deletes repositories only when asked (outside prod)", async () => {
        const { resources } = await run({ repositories: ["api"], forceDelete: true });
        assert.strictEqual(ofType(resources, REPOSITORY)[0].inputs.forceDelete, true);
    });

    it("protects and retains repositories when protect is on, and not when off", async () => {
        const on = await run({ repositories: ["api", "worker"], protect: true });
        for (const repo of ofType(on.resources, REPOSITORY)) {
            assert.strictEqual(repo.options.protect, true);
            assert.strictEqual(repo.options.retainOnDelete, true);
        }
        const off = await run({ repositories: ["api"] });
        assert.strictEqual(ofType(off.resources, REPOSITORY)[0].options.protect, false);
        assert.strictEqual(ofType(off.resources, REPOSITORY)[0].options.retainOnDelete, false);
    });

    it("tags every repository and parents every child to the component", async () => {
        const { resources } = await run({
            repositories: ["api", "worker"],
            tags: { env: "prod" },
            pullAccountIds: ["111111111111"],
        });
        for (const repo of ofType(resources, REPOSITORY)) {
            assert.deepStrictEqual(repo.inputs.tags, { env: "prod" });
        }
        const [component] = ofType(resources, "ecs-platform:index:Registry");
        const children = [REPOSITORY, LIFECYCLE, REPOSITORY_POLICY].flatMap(t => ofType(resources, t));
        assert.strictEqual(children.length, 6);
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn);
        }
    });

    for (const [label, args, message] of [
        ["no repositories", { repositories: [] }, /at least one/],
        ["an uppercase name", { repositories: ["Api"] }, /- repositories\[0\]: "Api" is not an ECR repository name/],
        ["a one-character name", { repositories: ["a"] }, /lowercase/],
        ["a repeated name", { repositories: ["api", "api"] }, /- repositories\[1\]: "api" is listed twice/],
        ["a name ending in a separator", { repositories: ["staging/web-"] }, /- repositories\[0\]: /],
        [
            "a repeated pull account",
            { repositories: ["api"], pullAccountIds: ["123456789012", "123456789012"] },
            /- pullAccountIds\[1\]: /,
        ],
        ["a malformed pull account", { repositories: ["api"], pullAccountIds: ["1234"] }, /pullAccountIds/],
        [
            "invalid lifecycle settings",
            { repositories: ["api"], lifecycle: { keepReleaseImages: 0 } },
            /- lifecycle\.keepReleaseImages: /,
        ],
        [
            "deployed tags of an unknown repository",
            { repositories: ["api"], deployedTags: { web: ["sha-1"] } },
            /- deployedTags\.web: is not one of `repositories`/,
        ],
        [
            "a wildcard deployed tag",
            { repositories: ["api"], deployedTags: { api: ["v1", "sha-*"] } },
            /- deployedTags\.api\[1\]: "sha-\*" is not an image tag/,
        ],
    ] as const) {
        it(`rejects ${label}`, async () => {
            await assert.rejects(
                run(args as unknown as Declared),
                (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
            );
        });
    }
});
