import type * as pulumi from "@pulumi/pulumi";
import { Registry } from "../../components/registry";
import type { PlatformKey } from "../../components/secrets";
import type { Tags } from "../../components/shared";
import type { ServiceConfig, StackConfig } from "../config/resolve";

/**
 * The ECR repositories of the workloads that run this stack's own images; none when every image is external.
 * Each repository's lifecycle policy waits for `rollouts` (the workloads running its images, see {@link imageRollouts}).
 */
export function registryLayer(
    config: StackConfig,
    key: PlatformKey,
    tags: Tags,
    rollouts?: ImageRollouts,
): Registry | undefined {
    const ownImages = config.services.filter(s => s.image.source !== "external");
    if (ownImages.length === 0) {
        return undefined;
    }
    const protect = config.protectStatefulResources;
    return new Registry(`${config.environment}-registry`, {
        repositories: [...new Set(ownImages.map(s => repositoryOf(config, s)))],
        kmsKeyArn: key.keyArn,
        lifecycle: config.registry.lifecycle,
        deployedTags: deployedTagsOf(config, ownImages),
        deployedBy: rollouts?.deployedBy,
        pullAccountIds: config.registry.pullAccountIds,
        forceDelete: !protect,
        protect,
        tags,
    });
}

/** The ECR repository a workload's image lives in. */
export function repositoryOf(config: StackConfig, service: ServiceConfig): string {
    return config.registry.sharedRepository ?? `${config.environment}/${service.name}`;
}

/**
 * Per repository, the tags its services run (`image.source: ecr` with a tag): the lifecycle policy never expires them.
 * A digest-pinned image has no tag to keep; it stays subject to the count and age rules.
 */
export function deployedTagsOf(config: StackConfig, services: ServiceConfig[]): Record<string, string[]> {
    const tags: Record<string, string[]> = {};
    for (const service of services) {
        if (service.image.source !== "ecr" || service.image.tag === undefined) continue;
        const repository = repositoryOf(config, service);
        tags[repository] = [...new Set([...(tags[repository] ?? []), service.image.tag])];
    }
    return tags;
}

/**
 * Per repository, the workloads that deploy its images, known only once they exist: the registry comes first
 * (workloads take its URLs), so each repository's lifecycle policy waits on a promise that the program settles
 * after the workloads. `settle` must run whatever happens (in a `finally`), so that no registration waits forever.
 */
export interface ImageRollouts {
    /** Per repository name: what its lifecycle policy waits for (`RegistryArgs.deployedBy`). */
    deployedBy: Record<string, Promise<pulumi.Resource[]>>;
    /** Hands each repository the components of the workloads whose images it holds. */
    settle(workloads: { service: ServiceConfig; resource: pulumi.Resource }[]): void;
}

export function imageRollouts(config: StackConfig): ImageRollouts {
    const repositories = new Set(
        config.services.filter(s => s.image.source !== "external").map(s => repositoryOf(config, s)),
    );
    const resolvers = new Map<string, (resources: pulumi.Resource[]) => void>();
    const deployedBy = Object.fromEntries(
        [...repositories].map(repository => [
            repository,
            new Promise<pulumi.Resource[]>(resolve => resolvers.set(repository, resolve)),
        ]),
    );
    return {
        deployedBy,
        settle(workloads) {
            for (const [repository, resolve] of resolvers) {
                resolve(
                    workloads
                        .filter(
                            w =>
                                w.service.image.source !== "external" && repositoryOf(config, w.service) === repository,
                        )
                        .map(w => w.resource),
                );
            }
        },
    };
}
