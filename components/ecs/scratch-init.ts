import type * as pulumi from "@pulumi/pulumi";
import type { AwsLogsTarget, ContainerSpec, VolumeMount } from "./container-definitions";

/**
 * Scratch volumes a non-root user can write to, on any image. Fargate creates a task's bind-mount volumes owned by
 * root with mode 0755 (aws/containers-roadmap#938); only when the image declares the path as a `VOLUME` does ECS copy
 * the image's directory, mode included. So a short-lived init container runs first, as root, and gives each scratch
 * volume mode 1777 (world-writable, sticky, like /tmp). Root owns the directories, so `chmod` needs no capability:
 * every capability stays dropped, the root filesystem stays read-only, it publishes no port, and it exits. The app
 * and its sidecars start once it succeeded.
 */

/** The init container's image: what it needs is a `chmod`. */
export interface ScratchInitArgs {
    /**
     * Image with a `chmod` binary (its entry point and command are replaced). Pin a digest for a strict supply chain.
     * Default: `public.ecr.aws/docker/library/busybox:1.37.0` (Docker's official busybox on ECR Public: no pull
     * credentials, multi-architecture).
     */
    image?: pulumi.Input<string>;
    /**
     * ECR repository ARN of a private ECR image: the execution role may then pull it. Default: derived from an `image`
     * given as a plain ECR reference (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>…`), else none.
     */
    repositoryArn?: pulumi.Input<string>;
}

/** The repository ARN of a private ECR image reference, or undefined for any other image (or an Output). */
export function ecrRepositoryArnOf(image: pulumi.Input<string>): string | undefined {
    const ecr =
        typeof image === "string"
            ? /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image)
            : null;
    return ecr ? `arn:${ecr[3] ? "aws-cn" : "aws"}:ecr:${ecr[2]}:${ecr[1]}:repository/${ecr[4]}` : undefined;
}

/** The default init image. */
export const SCRATCH_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37.0";

/** The one place the init container's defaults are applied. */
export function scratchInitDefaults(args: ScratchInitArgs = {}) {
    const image = args.image ?? SCRATCH_INIT_IMAGE;
    return { image, repositoryArn: args.repositoryArn ?? ecrRepositoryArnOf(image) };
}

/** The init container's name; reserved in the task (no sidecar may take it). */
export const SCRATCH_INIT_CONTAINER = "scratch-init";

/** Where the init container mounts each scratch volume: `/scratch/<volume>`. */
function initPath(volume: string): string {
    return `/scratch/${volume}`;
}

/**
 * The init container for the scratch volumes `containers` mount, or undefined when none of them mounts one.
 * Runs `chmod 1777` on each as root, with nothing else: no capability, no port, no environment, a read-only root.
 */
export function scratchInitContainer(
    scratchVolumes: string[],
    image: pulumi.Input<string>,
    logs: AwsLogsTarget,
): ContainerSpec | undefined {
    if (scratchVolumes.length === 0) {
        return undefined;
    }
    const mounts: VolumeMount[] = scratchVolumes.map(volume => ({
        volume,
        containerPath: initPath(volume),
        readOnly: false,
    }));
    return {
        name: SCRATCH_INIT_CONTAINER,
        image,
        essential: false,
        // Root, to change the mode of directories root owns; the ownership test needs no capability.
        user: "0:0",
        readonlyRootFilesystem: true,
        initProcessEnabled: false,
        // Explicit, so the image's own entry point and command never run.
        entryPoint: ["chmod"],
        command: ["1777", ...mounts.map(m => m.containerPath)],
        environment: {},
        secrets: {},
        mounts,
        logs,
    };
}

/** What every other container of the task waits for: the init container's successful exit. */
export const AFTER_SCRATCH_INIT = { containerName: SCRATCH_INIT_CONTAINER, condition: "SUCCESS" as const };
