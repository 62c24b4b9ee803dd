import type * as Awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

/**
 * An image CI built and pushed to ECR, by immutable tag. CI owns the tag: it pushes the image and writes the tag to
 * stack config before `pulumi up`, so the program always deploys what config names and never reverts a deploy.
 */
export interface EcrTagImage {
    kind: "ecr";
    /** Repository URL (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). Required. */
    repositoryUrl: pulumi.Input<string>;
    /** Repository ARN: the execution role may pull from exactly this repository. Required. */
    repositoryArn: pulumi.Input<string>;
    /** An immutable tag (e.g. the git SHA). `latest` is rejected: it names no particular build. Required. */
    tag: string;
}

/** An image CI pushed to ECR, pinned by digest: the task definition names `<repositoryUrl>@sha256:…`. */
export interface EcrDigestImage {
    kind: "ecr";
    /** Repository URL. Required. */
    repositoryUrl: pulumi.Input<string>;
    /** Repository ARN: the execution role may pull from exactly this repository. Required. */
    repositoryArn: pulumi.Input<string>;
    /** `sha256:` followed by 64 lowercase hex digits. Required. */
    digest: string;
}

/**
 * An image built from a Dockerfile during `pulumi up` and pushed to ECR (`awsx.ecr.Image`). The task definition is
 * pinned to the pushed digest, so a rebuild that changes nothing deploys nothing.
 */
export interface BuildImage {
    kind: "build";
    /** Repository URL to push to. Required. */
    repositoryUrl: pulumi.Input<string>;
    /** Repository ARN: the execution role may pull from exactly this repository. Required. */
    repositoryArn: pulumi.Input<string>;
    /** Docker build context directory. Required. */
    context: string;
    /** Dockerfile path. Default: `Dockerfile` in the context. */
    dockerfile?: string;
    /** Build platform. Default: from the service's `architecture` (`linux/amd64` or `linux/arm64`). */
    platform?: string;
}

/**
 * An image from a registry outside ECR (e.g. a private Docker Hub image), named in full with its tag or digest.
 * Private registries need `credentialsSecretArn`; the secrets layer creates that secret and names it in the
 * execution role's secrets policy, so the role can read it.
 */
export interface ExternalImage {
    kind: "external";
    /** Full reference, e.g. `docker.io/org/app:1.2.3`. An untagged or `:latest` reference is rejected. Required. */
    image: string;
    /** ARN of the Secrets Manager secret holding `{"username","password"}` (`repositoryCredentials`). Default: none (public image). */
    credentialsSecretArn?: pulumi.Input<string>;
}

/** Where the service's image comes from: exactly one of the four shapes. */
export type ImageSource = EcrTagImage | EcrDigestImage | BuildImage | ExternalImage;

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

/** Docker platform for each task CPU architecture. */
export const BUILD_PLATFORMS = { X86_64: "linux/amd64", ARM64: "linux/arm64" } as const;

/** What is wrong with an image reference that does not name one particular build, if anything. */
export function imageSourceProblem(image: ImageSource): string | undefined {
    if (image.kind === "ecr" && "tag" in image && (!IMMUTABLE_TAG.test(image.tag) || image.tag === "latest")) {
        return `Image tag "${image.tag}" must be an immutable tag such as a git SHA (not "latest").`;
    }
    if (image.kind === "ecr" && "digest" in image && !DIGEST.test(image.digest)) {
        return `Image digest "${image.digest}" must be "sha256:" followed by 64 lowercase hex digits.`;
    }
    if (image.kind === "external") {
        const lastSegment = image.image.split("/").pop() ?? "";
        const pinned =
            lastSegment.includes("@sha256:") || (lastSegment.includes(":") && !lastSegment.endsWith(":latest"));
        if (!pinned) {
            return `External image "${image.image}" must name a tag other than "latest" or a digest.`;
        }
    }
    return undefined;
}

/**
 * Turns the image source into the reference the task definition uses; for `build`, builds and pushes it through
 * `awsx.ecr.Image` (a child of `parent`) and returns its digest URI.
 */
export function resolveImage(
    name: string,
    image: ImageSource,
    architecture: keyof typeof BUILD_PLATFORMS,
    parent: pulumi.Resource,
): ResolvedImage {
    switch (image.kind) {
        case "ecr":
            return {
                uri:
                    "tag" in image
                        ? pulumi.interpolate`${image.repositoryUrl}:${image.tag}`
                        : pulumi.interpolate`${image.repositoryUrl}@${image.digest}`,
                repositoryArn: image.repositoryArn,
            };
        case "build": {
            // Loaded only when a service builds its image: awsx (with its Docker providers) is the heaviest import here.
            const awsx: typeof Awsx = require("@pulumi/awsx");
            const built = new awsx.ecr.Image(
                `${name}-image`,
                {
                    repositoryUrl: image.repositoryUrl,
                    context: image.context,
                    dockerfile: image.dockerfile,
                    platform: image.platform ?? BUILD_PLATFORMS[architecture],
                },
                { parent },
            );
            // awsx returns `<repositoryUrl>@sha256:<digest>`: the task definition changes exactly when the image does.
            return { uri: built.imageUri, repositoryArn: image.repositoryArn };
        }
        case "external":
            return { uri: pulumi.output(image.image), credentialsSecretArn: image.credentialsSecretArn };
    }
}
