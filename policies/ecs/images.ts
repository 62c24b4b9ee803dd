/** Container images: from allowed registries only, and pinned (digest, or a tag an immutable repository guarantees). */
import type { PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    compiledRegExp,
    containerDefinitions,
    hostMatches,
    parseImage,
    perResource,
    policyConfig,
    knownValue,
    resourcesOfType,
    types,
    validateStackOfTypes,
    type ImageReference,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";
import { containerLabel, validateContainers } from "./common";

const registrySchema = {
    properties: {
        allowedRegistries: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["*.dkr.ecr.*.amazonaws.com", "*.dkr.ecr.*.amazonaws.com.cn", "public.ecr.aws"],
            description: "Registry hosts images may come from (`*` matches any characters within the host).",
        },
        authenticatedRegistries: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["docker.io"],
            description:
                "Registry hosts allowed only for containers with `repositoryCredentials` (private, authenticated pulls).",
        },
    },
};

export const ecsImageRegistryAllowlist: PlatformResourcePolicy = {
    name: "ecs-image-registry-allowlist",
    description:
        "Checks that container images come from an allowed registry (ECR by default), or from an authenticated-only registry with `repositoryCredentials`.",
    severity: "high",
    remediationSteps:
        "Push the image to the platform's ECR repository (or use an ECR pull-through cache) and reference it as `<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:…`; for a private Docker Hub image add `repositoryCredentials.credentialsParameter`.",
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    configSchema: registrySchema,
    validateResource: validateContainers((containers, _task, args, report) => {
        const { allowedRegistries, authenticatedRegistries } = policyConfig<{
            allowedRegistries: string[];
            authenticatedRegistries: string[];
        }>(args, registrySchema);
        containers.forEach((container, i) => {
            if (!container.image) {
                report(`${containerLabel(container, i)} has no image.`);
                return;
            }
            const { registry } = parseImage(container.image);
            if (allowedRegistries.some(pattern => hostMatches(registry, pattern))) {
                return;
            }
            const authenticated = authenticatedRegistries.some(pattern => hostMatches(registry, pattern));
            if (!authenticated) {
                report(`${containerLabel(container, i)} pulls from registry "${registry}", which is not allowed.`);
            } else if (!container.repositoryCredentials?.credentialsParameter) {
                report(`${containerLabel(container, i)} pulls from "${registry}" without repositoryCredentials.`);
            }
        });
    }),
};

/** Whether `tag` matches an ECR exclusion filter (`*` matches any run of characters). */
function wildcardMatches(tag: string, filter: string): boolean {
    return compiledRegExp(filter, filterSource).test(tag);
}

function filterSource(filter: string): string {
    const regex = filter
        .split("*")
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return `^${regex}$`;
}

/** A repository's known URL and name, read once: every container's image is looked up among all repositories. */
const addressOf = perResource(repo => ({
    url: knownValue(() => repo.props.repositoryUrl),
    name: knownValue(() => repo.props.name),
}));

/** The stack's ECR repository an image refers to, if any (by `repositoryUrl`, else by name on an ECR host). */
function repositoryOf(image: ImageReference, repositories: PolicyResource[]): PolicyResource | undefined {
    const url = `${image.registry}/${image.repository}`;
    return (
        repositories.find(repo => addressOf(repo).url === url) ??
        repositories.find(repo => /\.dkr\.ecr\./.test(image.registry) && addressOf(repo).name === image.repository)
    );
}

/** Whether the repository guarantees that `tag` never moves. */
function tagIsImmutable(repository: PolicyResource, tag: string): boolean {
    const mutability = repository.props.imageTagMutability ?? "MUTABLE";
    if (mutability === "IMMUTABLE") {
        return true;
    }
    if (mutability !== "IMMUTABLE_WITH_EXCLUSION") {
        return false;
    }
    const filters: { filter?: string }[] = repository.props.imageTagMutabilityExclusionFilters ?? [];
    return !filters.some(f => f.filter !== undefined && wildcardMatches(tag, f.filter));
}

const pinningSchema = {
    properties: {
        requireDigestOutsideStack: {
            type: "boolean" as const,
            default: false,
            description: "Also require a digest for images whose repository is not an ECR repository of this stack.",
        },
    },
};

export const ecsImagePinned: PlatformStackPolicy = {
    name: "ecs-image-pinned",
    description:
        "Checks that container images are pinned: by `@sha256:` digest, or by a tag (never `latest`) of an ECR repository of this stack with immutable tags.",
    severity: "medium",
    remediationSteps:
        'Reference images by digest (`<repo>@sha256:…`, e.g. from `docker.Image.repoDigest`), or set `imageTagMutability: "IMMUTABLE"` on the ECR repository and deploy a versioned tag; never deploy `latest`.',
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    configSchema: pinningSchema,
    validateStack: validateStackOfTypes(types.ecsTaskDefinition, (taskDefinitions, args, report) => {
        const { requireDigestOutsideStack } = policyConfig<{ requireDigestOutsideStack: boolean }>(args, pinningSchema);
        const repositories = resourcesOfType(args.resources, types.ecrRepository);
        checkEachResource(taskDefinitions, report, task => {
            (containerDefinitions(task.props) ?? []).forEach((container, i) => {
                if (!container.image) {
                    return; // ecs-image-registry-allowlist reports this
                }
                const image = parseImage(container.image);
                const label = containerLabel(container, i);
                if (image.digest) {
                    return;
                }
                if (!image.tag || image.tag === "latest") {
                    report(
                        `${label} uses ${image.tag ? "the latest tag" : "no tag (latest)"}; pin a digest or a version tag.`,
                        task.urn,
                    );
                    return;
                }
                const repository = repositoryOf(image, repositories);
                if (repository && !tagIsImmutable(repository, image.tag)) {
                    report(
                        `${label} uses tag "${image.tag}" of repository ${repository.name}, whose tags are mutable.`,
                        task.urn,
                    );
                } else if (!repository && requireDigestOutsideStack) {
                    report(
                        `${label} uses tag "${image.tag}" of a repository outside this stack; pin a digest.`,
                        task.urn,
                    );
                }
            });
        });
    }),
};

export const imagePolicies = [ecsImageRegistryAllowlist, ecsImagePinned];
