import { Registry } from "../../components/registry";
import type { PlatformKey } from "../../components/secrets";
import type { Tags } from "../../components/shared";
import type { ServiceConfig, StackConfig } from "../config/resolve";

/** The ECR repositories of the workloads that run this stack's own images; none when every image is external. */
export function registryLayer(config: StackConfig, key: PlatformKey, tags: Tags): Registry | undefined {
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
