import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import {
    compliantStack,
    container,
    imageDigest,
    repositoryUrl,
    replacing,
    secretArn,
    taskDefinition,
    withProps,
} from "./fixtures";

const withImage = (image: string | undefined, extra: Record<string, unknown> = {}) => [
    taskDefinition({}, [container({ image, ...extra })]),
];

describe("policies/ecs/images", () => {
    describe("ecs-image-registry-allowlist", () => {
        const name = "ecs-image-registry-allowlist";

        it("accepts private ECR (by tag or digest) and ECR Public", async () => {
            await expectCompliant(name, withImage(`${repositoryUrl}:1.4.2`));
            await expectCompliant(name, withImage(`${repositoryUrl}@${imageDigest}`));
            await expectCompliant(name, withImage("public.ecr.aws/nginx/nginx:1.27"));
        });

        it("accepts a Docker Hub image only with repositoryCredentials", async () => {
            await expectCompliant(
                name,
                withImage("acme/api:1.4.2", { repositoryCredentials: { credentialsParameter: secretArn } }),
            );
            await expectViolation(name, withImage("acme/api:1.4.2"), {
                message: 'pulls from "docker.io" without repositoryCredentials',
            });
            await expectViolation(name, withImage("nginx"), {
                message: 'pulls from "docker.io" without repositoryCredentials',
            });
        });

        it("flags other registries and missing images", async () => {
            await expectViolation(name, withImage("ghcr.io/acme/api:1.0"), {
                message: 'registry "ghcr.io", which is not allowed',
            });
            await expectViolation(name, withImage("localhost:5000/api:1.0"), { message: 'registry "localhost:5000"' });
            await expectViolation(name, withImage(undefined), { message: "has no image" });
        });

        it("takes the allowlist from config", async () => {
            await expectCompliant(name, withImage("ghcr.io/acme/api:1.0"), {
                config: { [name]: { allowedRegistries: ["ghcr.io"] } },
            });
        });
    });

    describe("ecs-image-pinned", () => {
        const name = "ecs-image-pinned";
        const stackWithImage = (image: string, repositoryProps: Record<string, unknown> = {}) => {
            const stack = compliantStack();
            const task = withProps(stack.task, { containerDefinitions: JSON.stringify([container({ image })]) });
            return replacing(stack.all, task, withProps(stack.repository, repositoryProps));
        };

        it("accepts digests, and version tags of an IMMUTABLE repository of the stack", async () => {
            await expectCompliant(
                name,
                stackWithImage(`${repositoryUrl}@${imageDigest}`, { imageTagMutability: "MUTABLE" }),
            );
            await expectCompliant(name, stackWithImage(`${repositoryUrl}:1.4.2`));
        });

        it("flags latest and untagged images", async () => {
            await expectViolation(name, stackWithImage(`${repositoryUrl}:latest`), { message: "uses the latest tag" });
            await expectViolation(name, stackWithImage(repositoryUrl), { message: "uses no tag (latest)" });
        });

        it("flags version tags of a mutable repository (MUTABLE is the default)", async () => {
            await expectViolation(name, stackWithImage(`${repositoryUrl}:1.4.2`, { imageTagMutability: undefined }), {
                message: 'uses tag "1.4.2" of repository api, whose tags are mutable',
            });
        });

        it("honours IMMUTABLE_WITH_EXCLUSION filters", async () => {
            const exclusions = {
                imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
                imageTagMutabilityExclusionFilters: [{ filter: "dev-*", filterType: "WILDCARD" }],
            };
            await expectCompliant(name, stackWithImage(`${repositoryUrl}:1.4.2`, exclusions));
            await expectViolation(name, stackWithImage(`${repositoryUrl}:dev-42`, exclusions), {
                message: "whose tags are mutable",
            });
        });

        it("accepts version tags of repositories outside the stack unless configured to require digests", async () => {
            const external = stackWithImage("public.ecr.aws/nginx/nginx:1.27");
            await expectCompliant(name, external);
            await expectViolation(name, external, {
                config: { [name]: { requireDigestOutsideStack: true } },
                message: "of a repository outside this stack; pin a digest",
            });
        });

        it("notes per task definition that unknown container definitions cannot be checked", async () => {
            const stack = compliantStack();
            await expectPreviewAdvisory(
                name,
                replacing(stack.all, withProps(stack.task, { containerDefinitions: UNKNOWN })),
                {
                    urn: stack.task.urn,
                },
            );
        });
    });
});
