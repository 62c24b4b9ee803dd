import * as pulumi from "@pulumi/pulumi";
import { checkDeployTimeFacts } from "./config/deploy-time";
import { resolveBudget } from "./config/budget";
import { loadStackConfig } from "./config/load";
import type { StackConfig } from "./config/resolve";
import { environmentBudget } from "./layers/budget";
import { clusterLayer } from "./layers/cluster";
import { edgeLayer } from "./layers/edge";
import { foundationLayer, platformTags } from "./layers/foundation";
import { monitoringLayer } from "./layers/monitoring";
import { networkLayer } from "./layers/network";
import { stackOutputs } from "./layers/outputs";
import { imageRollouts, registryLayer } from "./layers/registry";
import { DeployedWorkload, deployWorkload } from "./layers/workloads";
import { planFirstDeploy } from "./first-deploy";

export interface ProgramOptions {
    /**
     * Where the stack file's `secure:` values sit (`ecs-platform:services.api.environment.TOKEN`).
     * Default: read from `Pulumi.<stack>.yaml` in the project directory.
     */
    secretPaths?: string[];
    /** Called with the validated configuration before any resource is made (the offline preview's cost report). */
    onConfig?: (config: StackConfig) => void;
}

/**
 * The program: validated stack configuration in, one environment out. Composition only — every resource is made
 * by a component, each layer in `infra/layers/`, in dependency order.
 */
export async function main(options: ProgramOptions = {}) {
    const loaded = loadStackConfig(options);
    options.onConfig?.(loaded);
    const budget = resolveBudget(loaded);
    await checkDeployTimeFacts(loaded);
    // What AWS lacks yet (images, secret values): such services start dormant, and the preview says what to do.
    const firstDeploy = await planFirstDeploy(loaded);
    firstDeploy.warnings.forEach(warning => pulumi.log.warn(warning));
    const config = firstDeploy.config;
    const tags = platformTags(config);

    const foundation = foundationLayer(config, tags); // the KMS key, then the log groups it encrypts
    const { network, groups } = networkLayer(config, foundation.logging, tags);
    // Lifecycle policies are written after the workloads that run their images have deployed (docs/DESIGN.md).
    const rollouts = imageRollouts(config);
    const registry = registryLayer(config, foundation.key, tags, rollouts);
    const cluster = clusterLayer(config, foundation, { network, groups }, tags);
    const lb = edgeLayer(config, network, tags);
    const monitoring = monitoringLayer(config, foundation.key, cluster, lb, tags);

    const platform = {
        config,
        kmsKeyArn: foundation.key.keyArn,
        logging: foundation.logging,
        network,
        cluster,
        lb,
        registry,
        groups,
        monitoring,
        tags,
    };
    const deployed: DeployedWorkload[] = [];
    try {
        for (const service of config.services) {
            deployed.push(
                deployWorkload({ ...platform, tags: { ...tags, ...firstDeploy.tagsOf(service.name) } }, service),
            );
        }
    } finally {
        rollouts.settle(deployed.map((workload, i) => ({ service: config.services[i], resource: workload.resource })));
    }
    environmentBudget(config, budget, tags);
    return stackOutputs(platform, deployed);
}
