import { Logging } from "../../components/logging";
import { PlatformKey } from "../../components/secrets";
import type { Tags } from "../../components/shared";
import type { StackConfig } from "../config/resolve";

/** What every later layer builds on: the environment's KMS key and its log groups. */
export interface Foundation {
    key: PlatformKey;
    logging: Logging;
}

/** Tags on every taggable resource. */
export function platformTags(config: StackConfig): Tags {
    return {
        ...config.tags,
        environment: config.environment,
        owner: config.owner,
        ...(config.costCentre ? { "cost-centre": config.costCentre } : {}),
        "managed-by": "pulumi",
        project: "ecs-platform",
        stack: config.stack,
    };
}

/** The key that encrypts logs, secrets, images and alarms, then the log groups (service, flow and Exec logs). */
export function foundationLayer(config: StackConfig, tags: Tags): Foundation {
    const env = config.environment;
    const protect = config.protectStatefulResources;
    const key = new PlatformKey(`${env}-platform`, {
        aliasName: `ecs-platform-${env}`,
        description: `ecs-platform ${env}: logs, secrets, images, alarms`,
        deletionWindowInDays: protect ? 30 : 7,
        protect,
        tags,
        snsTopicArns: config.services.flatMap(s => (s.queue?.topicArn ? [s.queue.topicArn] : [])),
    });
    const logging = new Logging(`${env}-logs`, {
        environment: env,
        services: config.services.map(s => s.name),
        retentionInDays: config.logging.retentionDays,
        kmsKeyArn: key.keyArn,
        flowLogs: true,
        ecsExec: usesExec(config),
        protect,
        tags,
    });
    return { key, logging };
}

/** Whether any workload allows ECS Exec: the cluster and the logs then carry its settings. */
export function usesExec(config: StackConfig): boolean {
    return config.services.some(s => s.exec);
}
