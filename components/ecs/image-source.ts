import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems } from "../shared";
import { CpuArchitecture } from "./task-enums";

/** A Dockerfile built during `pulumi up` and pushed to the ECR repository (`awsx.ecr.Image`). */
export interface ImageBuildArgs {
    /** Docker build context directory. Required. */
    context: string;
    /** Dockerfile path. Default: `Dockerfile` in the context. */
    dockerfile?: string;
    /** Build platform. Default: from the task's `architecture` (`linux/amd64` or `linux/arm64`). */
    platform?: string;
}

/**
 * Where the app's image comes from: exactly one of `tag`, `digest`, `build` (these three from the ECR repository
 * `repositoryUrl`) or `external` (another registry). CI owns tags and digests: it pushes the image and writes the
 * tag to stack config before `pulumi up`, so the program deploys what config names and never reverts a deploy.
 */
export interface ImageArgs {
    /** ECR repository URL (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). Required with tag, digest or build. Default: none. */
    repositoryUrl?: pulumi.Input<string>;
    /** ECR repository ARN: the execution role may pull from exactly this repository. Required with tag, digest or build. Default: none. */
    repositoryArn?: pulumi.Input<string>;
    /** An immutable tag in the repository (e.g. the git SHA); `latest` is rejected, it names no particular build. Default: none. */
    tag?: string;
    /** A digest in the repository: `sha256:` and 64 lowercase hex digits; the task names `<repositoryUrl>@<digest>`. Default: none. */
    digest?: string;
    /** Build the image from a Dockerfile and push it; the task is pinned to the pushed digest. Default: none. */
    build?: ImageBuildArgs;
    /** A full reference outside ECR with its tag or digest, e.g. `docker.io/org/app:1.2.3`; untagged or `:latest` is rejected. Default: none. */
    external?: string;
    /**
     * External images only: ARN of the Secrets Manager secret holding `{"username","password"}` for a private
     * registry (`repositoryCredentials`); the execution role's secrets policy must name it. Default: none (public image).
     */
    credentialsSecretArn?: pulumi.Input<string>;
}

/** What the task definition and the execution role need to know about the image. */
export interface ResolvedImage {
    /** The image reference the container definition names. */
    uri: pulumi.Output<string>;
    /** The ECR repository the execution role may pull from; undefined outside ECR. */
    repositoryArn?: pulumi.Input<string>;
    /** The registry credentials secret; undefined unless a private external image. */
    credentialsSecretArn?: pulumi.Input<string>;
}

const IMMUTABLE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const SOURCES = ["tag", "digest", "build", "external"] as const;

/** Docker platform for each task CPU architecture. */
export const BUILD_PLATFORMS: Record<CpuArchitecture, string> = { X86_64: "linux/amd64", ARM64: "linux/arm64" };

/**
 * Every problem with an image's fields, by argument (`image.tag`, …): exactly one source, the repository an ECR
 * source needs, and a reference that names one particular build.
 */
export function imageProblems(image: ImageArgs): ArgumentProblems {
    const problems = new ArgumentProblems();
    const given = SOURCES.filter(source => image[source] !== undefined);
    if (given.length !== 1) {
        problems.add(
            "image",
            `needs exactly one of ${SOURCES.join(", ")}, got ${given.length === 0 ? "none" : given.join(" and ")}.`,
        );
    }
    const external = image.external !== undefined;
    if (given.some(source => source !== "external")) {
        for (const field of ["repositoryUrl", "repositoryArn"] as const) {
            if (image[field] === undefined) {
                problems.add(
                    `image.${field}`,
                    "an ECR image (tag, digest or build) needs repositoryUrl and repositoryArn.",
                );
            }
        }
    } else if (external) {
        for (const field of ["repositoryUrl", "repositoryArn"] as const) {
            if (image[field] !== undefined) {
                problems.add(`image.${field}`, "applies to ECR images only, not to an external image.");
            }
        }
    }
    if (!external && image.credentialsSecretArn !== undefined) {
        problems.add(
            "image.credentialsSecretArn",
            "applies to external images only: ECR pulls use the execution role.",
        );
    }
    if (image.tag !== undefined && (!IMMUTABLE_TAG.test(image.tag) || image.tag === "latest")) {
        problems.add("image.tag", `"${image.tag}" must be an immutable tag such as a git SHA (not "latest").`);
    }
    if (image.digest !== undefined && !DIGEST.test(image.digest)) {
        problems.add("image.digest", `"${image.digest}" must be "sha256:" followed by 64 lowercase hex digits.`);
    }
    if (external) {
        const lastSegment = image.external!.split("/").pop() ?? "";
        const pinned =
            lastSegment.includes("@sha256:") || (lastSegment.includes(":") && !lastSegment.endsWith(":latest"));
        if (!pinned) {
            problems.add("image.external", `"${image.external}" must name a tag other than "latest" or a digest.`);
        }
    }
    return problems;
}

/**
 * Turns the (validated) image into the reference the task definition uses; for `build`, builds and pushes it
 * through `awsx.ecr.Image` (a child of `parent`) and returns its digest URI.
 */
export function resolveImage(
    name: string,
    image: ImageArgs,
    architecture: CpuArchitecture,
    parent: pulumi.Resource,
): ResolvedImage {
    if (image.external !== undefined) {
        return { uri: pulumi.output(image.external), credentialsSecretArn: image.credentialsSecretArn };
    }
    const repositoryArn = image.repositoryArn;
    if (image.build !== undefined) {
        // Loaded only when a service builds its image: awsx (with its Docker providers) is the heaviest import here.
        // Typed inline, not by an import: the component analyzer follows imports and takes awsx's own `Service`
        // component for this package's.
        const awsx: typeof import("@pulumi/awsx") = require("@pulumi/awsx");
        const built = new awsx.ecr.Image(
            `${name}-image`,
            {
                repositoryUrl: image.repositoryUrl!,
                context: image.build.context,
                dockerfile: image.build.dockerfile,
                platform: image.build.platform ?? BUILD_PLATFORMS[architecture],
            },
            { parent },
        );
        // awsx returns `<repositoryUrl>@sha256:<digest>`: the task definition changes exactly when the image does.
        return { uri: built.imageUri, repositoryArn };
    }
    return {
        uri:
            image.tag !== undefined
                ? pulumi.interpolate`${image.repositoryUrl}:${image.tag}`
                : pulumi.interpolate`${image.repositoryUrl}@${image.digest}`,
        repositoryArn,
    };
}
