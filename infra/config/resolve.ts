import { Environment, environmentDefaults, RawStackConfig } from "./schema";
import type { SecretPaths } from "./secrets";

type Raw = RawStackConfig;
type RawService = Raw["services"][string];
type Required<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

export type ServiceConfig = Required<RawService, "desiredCount" | "minCount" | "maxCount"> & { name: string };

/** The stack configuration with every default applied: what the program composes from. */
export interface StackConfig extends Omit<
    Raw,
    "network" | "logging" | "cluster" | "loadBalancer" | "deployment" | "services" | "protectStatefulResources"
> {
    /** The Pulumi stack name. */
    stack: string;
    /** The stack file the values came from, for messages. */
    stackFile: string;
    region: string;
    /** Where the secret values sit (`services.api.environment.TOKEN`): they reach AWS only as Pulumi secrets. */
    secretPaths: SecretPaths;
    environment: Environment;
    protectStatefulResources: boolean;
    network: Required<Raw["network"], "azCount" | "natGateways" | "interfaceEndpoints">;
    logging: Required<Raw["logging"], "retentionDays">;
    cluster: Required<Raw["cluster"], "capacityStrategy">;
    loadBalancer: Required<Raw["loadBalancer"], "deletionProtection" | "waf" | "deregistrationDelaySeconds">;
    deployment: Required<Raw["deployment"], "minimumHealthyPercent">;
    /** Services in declaration order. */
    services: ServiceConfig[];
}

/** Where a workload's secrets live, in Secrets Manager and SSM alike: `/<environment>/<service>/<NAME>`. */
export function secretNamePrefix(
    config: Pick<StackConfig, "environment">,
    service: Pick<ServiceConfig, "name">,
): string {
    return `/${config.environment}/${service.name}/`;
}

/** Applies the environment's defaults ({@link environmentDefaults}) to everything the stack file left unset. */
export function applyEnvironmentDefaults(
    raw: Raw,
    context: { stack: string; stackFile: string; region: string; secretPaths: SecretPaths },
): StackConfig {
    const d = environmentDefaults[raw.environment];
    return {
        ...raw,
        ...context,
        protectStatefulResources: raw.protectStatefulResources ?? d.protectStatefulResources,
        network: {
            ...raw.network,
            azCount: raw.network.azCount ?? d.azCount,
            natGateways: raw.network.natGateways ?? d.natGateways,
            interfaceEndpoints: raw.network.interfaceEndpoints ?? d.interfaceEndpoints,
        },
        logging: { ...raw.logging, retentionDays: raw.logging.retentionDays ?? d.retentionDays },
        cluster: {
            ...raw.cluster,
            capacityStrategy: raw.cluster.capacityStrategy ?? d.capacityStrategy.map(s => ({ ...s })),
        },
        loadBalancer: {
            ...raw.loadBalancer,
            deletionProtection: raw.loadBalancer.deletionProtection ?? d.deletionProtection,
            waf: raw.loadBalancer.waf ?? d.waf,
            deregistrationDelaySeconds: raw.loadBalancer.deregistrationDelaySeconds ?? d.deregistrationDelaySeconds,
        },
        deployment: {
            ...raw.deployment,
            minimumHealthyPercent: raw.deployment.minimumHealthyPercent ?? d.minimumHealthyPercent,
        },
        services: Object.entries(raw.services).map(([name, s]) => {
            const minCount = s.minCount ?? Math.min(d.minCount, s.desiredCount ?? d.minCount, s.maxCount ?? d.minCount);
            const maxCount = s.maxCount ?? Math.max(d.maxCount, minCount, s.desiredCount ?? 0);
            return { ...s, name, minCount, maxCount, desiredCount: s.desiredCount ?? minCount };
        }),
    };
}
