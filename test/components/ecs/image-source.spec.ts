import * as assert from "assert";
import { ImageArgs, imageProblems } from "../../../components/ecs/image-source";
import { ofType } from "../../../testing/harness";
import { UNKNOWN } from "../../../testing/values";
import {
    baseArgs,
    GIT_SHA,
    policiesOf,
    REPOSITORY_ARN,
    REPOSITORY_URL,
    rolePolicy,
    runService,
} from "./service-fixtures";

const DIGEST = `sha256:${"ab12".repeat(16)}`;
const CREDENTIALS_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/test/api/registry-credentials-AbCdEf";
const CREDENTIALS_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [CREDENTIALS_ARN] }],
});

describe("components/ecs/image-source", () => {
    it("runs an ECR image by its immutable tag and grants pulling from that repository", async () => {
        const { containers, outputs, resources } = await runService(baseArgs());
        assert.strictEqual(containers[0].image, `${REPOSITORY_URL}:${GIT_SHA}`);
        assert.strictEqual(outputs.image, `${REPOSITORY_URL}:${GIT_SHA}`);
        const pull = rolePolicy(resources, "api-execution-pull-and-log").Statement.find(
            (s: any) => s.Sid === "PullServiceImages",
        );
        assert.deepStrictEqual(pull.Resource, [REPOSITORY_ARN]);
    });

    it("pins an ECR image by digest", async () => {
        const { containers, outputs } = await runService(
            baseArgs({
                image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, digest: DIGEST },
            }),
        );
        assert.strictEqual(containers[0].image, `${REPOSITORY_URL}@${DIGEST}`);
        assert.strictEqual(outputs.image, `${REPOSITORY_URL}@${DIGEST}`);
    });

    it("builds from a Dockerfile with awsx and pins the task definition to the pushed digest", async () => {
        const { containers, outputs, resources } = await runService(
            baseArgs({
                architecture: "ARM64",
                image: {
                    repositoryUrl: REPOSITORY_URL,
                    repositoryArn: REPOSITORY_ARN,
                    build: { context: "./app", dockerfile: "./app/Dockerfile.prod" },
                },
            }),
        );
        const [build] = ofType(resources, "awsx:ecr:Image");
        assert.deepStrictEqual(
            {
                repositoryUrl: build.inputs.repositoryUrl,
                context: build.inputs.context,
                dockerfile: build.inputs.dockerfile,
                platform: build.inputs.platform,
            },
            {
                repositoryUrl: REPOSITORY_URL,
                context: "./app",
                dockerfile: "./app/Dockerfile.prod",
                platform: "linux/arm64",
            },
        );
        assert.match(containers[0].image, new RegExp(`^${REPOSITORY_URL}@sha256:[0-9a-f]{64}$`));
        assert.strictEqual(containers[0].image, build.state.imageUri);
        assert.strictEqual(outputs.image, build.state.imageUri);
    });

    it("builds for linux/amd64 on X86_64 unless a platform is given", async () => {
        const image = { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, build: { context: "./app" } };
        const x86 = await runService(baseArgs({ image }));
        assert.strictEqual(ofType(x86.resources, "awsx:ecr:Image")[0].inputs.platform, "linux/amd64");
        const explicit = await runService(
            baseArgs({ image: { ...image, build: { context: "./app", platform: "linux/arm64/v8" } } }),
        );
        assert.strictEqual(ofType(explicit.resources, "awsx:ecr:Image")[0].inputs.platform, "linux/arm64/v8");
    });

    it("previews a build without knowing its digest yet", async () => {
        const { taskDefinition, resources } = await runService(
            baseArgs({
                image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, build: { context: "./app" } },
            }),
            { preview: true },
        );
        assert.strictEqual(ofType(resources, "awsx:ecr:Image").length, 1);
        assert.strictEqual(taskDefinition.inputs.containerDefinitions, UNKNOWN);
        assert.strictEqual(taskDefinition.inputs.family, "test-api");
    });

    it("runs an external private image with registry credentials the execution role can read", async () => {
        const { containers, resources } = await runService(
            baseArgs({
                image: { external: "docker.io/acme/api:1.2.3", credentialsSecretArn: CREDENTIALS_ARN },
                secretsPolicy: CREDENTIALS_POLICY,
            }),
        );
        assert.strictEqual(containers[0].image, "docker.io/acme/api:1.2.3");
        assert.deepStrictEqual(containers[0].repositoryCredentials, { credentialsParameter: CREDENTIALS_ARN });
        assert.deepStrictEqual(policiesOf(resources, "api-execution"), ["pull-and-log", "secrets"]);
        assert.strictEqual(
            ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(p => p.name === "api-execution-secrets")?.inputs
                .policy,
            CREDENTIALS_POLICY,
        );
        const sids = rolePolicy(resources, "api-execution-pull-and-log").Statement.map((s: any) => s.Sid);
        assert.deepStrictEqual(sids, ["WriteServiceLogs"], "nothing to pull from ECR");
    });

    const problemsOf = (image: ImageArgs) => imageProblems(image).list.map(p => `${p.argument}: ${p.message}`);
    const ecr = { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN };

    it("rejects references that name no particular build", () => {
        assert.match(problemsOf({ ...ecr, tag: "latest" }).join(), /^image\.tag: .*immutable tag/);
        assert.match(problemsOf({ ...ecr, tag: "has space" }).join(), /immutable tag/);
        assert.match(problemsOf({ ...ecr, digest: "sha256:abc" }).join(), /^image\.digest: .*64 lowercase hex/);
        for (const external of ["docker.io/acme/api", "docker.io/acme/api:latest", "registry.local:5000/api"]) {
            assert.match(problemsOf({ external }).join(), /^image\.external: .*tag other than "latest"/, external);
        }
        assert.deepStrictEqual(problemsOf({ ...ecr, tag: GIT_SHA }), []);
        assert.deepStrictEqual(problemsOf({ ...ecr, digest: DIGEST }), []);
        assert.deepStrictEqual(problemsOf({ ...ecr, build: { context: "./app" } }), []);
        assert.deepStrictEqual(problemsOf({ external: `docker.io/acme/api@${DIGEST}` }), []);
        assert.deepStrictEqual(problemsOf({ external: "registry.local:5000/api:2.0" }), []);
    });

    it("takes exactly one source, with the repository an ECR source needs", () => {
        assert.deepStrictEqual(problemsOf(ecr), [
            "image: needs exactly one of tag, digest, build, external, got none.",
        ]);
        assert.deepStrictEqual(problemsOf({ ...ecr, tag: GIT_SHA, digest: DIGEST }), [
            "image: needs exactly one of tag, digest, build, external, got tag and digest.",
        ]);
        assert.deepStrictEqual(problemsOf({ tag: GIT_SHA, repositoryUrl: REPOSITORY_URL }), [
            "image.repositoryArn: an ECR image (tag, digest or build) needs repositoryUrl and repositoryArn.",
        ]);
        assert.deepStrictEqual(problemsOf({ ...ecr, external: "docker.io/acme/api:1.2.3" }), [
            "image.repositoryUrl: applies to ECR images only, not to an external image.",
            "image.repositoryArn: applies to ECR images only, not to an external image.",
        ]);
        assert.deepStrictEqual(problemsOf({ ...ecr, tag: GIT_SHA, credentialsSecretArn: CREDENTIALS_ARN }), [
            "image.credentialsSecretArn: applies to external images only: ECR pulls use the execution role.",
        ]);
    });
});
