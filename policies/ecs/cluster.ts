/** ECS cluster settings: Container Insights, Fargate ephemeral storage encryption, ECS Exec auditing. */
import {
    checkEachResource,
    isSetOrPending,
    knownValue,
    policyConfig,
    referencedResources,
    reportAdvisory,
    resourcesOfType,
    types,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";
import type { ClusterProps } from "./common";

const insightsSchema = {
    properties: {
        allowedValues: {
            type: "array" as const,
            items: { type: "string" as const, enum: ["enabled", "enhanced"] },
            default: ["enhanced", "enabled"],
            description: "Accepted containerInsights values (`enhanced` adds task- and container-level metrics).",
        },
    },
};

export const ecsContainerInsights: PlatformResourcePolicy = {
    name: "ecs-container-insights",
    description: "Checks that ECS clusters enable Container Insights.",
    severity: "medium",
    remediationSteps: 'Add `settings: [{ name: "containerInsights", value: "enhanced" }]` to the cluster.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.12", "cdk-nag:AwsSolutions-ECS4", "checkov:CKV_AWS_65", "trivy:AVD-AWS-0034", "family:ecs"],
    configSchema: insightsSchema,
    validateResource: validateResourceOfTypes<ClusterProps>(types.ecsCluster, (cluster, args, report) => {
        const { allowedValues } = policyConfig<{ allowedValues: string[] }>(args, insightsSchema);
        const value = (cluster.settings ?? []).find(s => s.name === "containerInsights")?.value;
        if (value === undefined || !allowedValues.includes(value)) {
            report(
                `containerInsights is ${value === undefined ? "not set" : `"${value}"`} (expected ${allowedValues.join(" or ")}).`,
            );
        }
    }),
};

export const ecsEphemeralStorageCmk: PlatformResourcePolicy = {
    name: "ecs-ephemeral-storage-cmk",
    description: "Checks that ECS clusters encrypt Fargate ephemeral storage with a customer-managed KMS key.",
    severity: "low",
    remediationSteps:
        "Set `configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId` to a KMS key whose policy lets Fargate use it (the default is an AWS-owned key).",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ClusterProps>(types.ecsCluster, (cluster, _args, report) => {
        if (
            !isSetOrPending(() => cluster.configuration?.managedStorageConfiguration?.fargateEphemeralStorageKmsKeyId)
        ) {
            report("configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId is not set.");
        }
    }),
};

/** Why a cluster's ECS Exec configuration does not audit sessions, or `undefined`. */
function execAuditGap(props: ClusterProps): string | undefined {
    const exec = props.configuration?.executeCommandConfiguration;
    if (!exec) {
        return "has no configuration.executeCommandConfiguration";
    }
    if (exec.logging === "NONE") {
        return "sets executeCommandConfiguration.logging to NONE";
    }
    if (!isSetOrPending(() => exec.kmsKeyId)) {
        return "does not encrypt exec sessions (executeCommandConfiguration.kmsKeyId)";
    }
    if (exec.logging === "OVERRIDE") {
        const log = exec.logConfiguration;
        const toCloudWatch = isSetOrPending(() => log?.cloudWatchLogGroupName);
        const toS3 = isSetOrPending(() => log?.s3BucketName);
        if (!toCloudWatch && !toS3) {
            return "sets logging OVERRIDE without a log group or bucket";
        }
        if (
            (toCloudWatch && log?.cloudWatchEncryptionEnabled !== true) ||
            (toS3 && log?.s3BucketEncryptionEnabled !== true)
        ) {
            return "does not enable encryption for its exec log destinations";
        }
    }
    return undefined;
}

export const ecsExecAudited: PlatformStackPolicy = {
    name: "ecs-exec-audited",
    description:
        "Checks that clusters running services with ECS Exec enabled log exec sessions (logging not NONE) and encrypt them with KMS.",
    severity: "high",
    remediationSteps:
        'On the cluster set `configuration.executeCommandConfiguration: { kmsKeyId: <key ARN>, logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: <group>, cloudWatchEncryptionEnabled: true } }`, or disable exec on its services.',
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_223", "checkov:CKV_AWS_224", "family:ecs"],
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        const clusters = resourcesOfType(args.resources, types.ecsCluster);
        checkEachResource(services, report, service => {
            if (service.props.enableExecuteCommand !== true) {
                return;
            }
            const clusterRef = knownValue(() => service.props.cluster);
            const serviceClusters = referencedResources(service, "cluster", clusters, types.ecsCluster, [clusterRef]);
            if (serviceClusters.length === 0) {
                reportAdvisory(
                    report,
                    service.urn,
                    `service ${service.name} enables ECS Exec in a cluster outside this stack; check that cluster's exec logging and encryption.`,
                );
            }
            for (const cluster of serviceClusters) {
                const gap = execAuditGap(cluster.props as ClusterProps);
                if (gap) {
                    report(
                        `cluster ${cluster.name} ${gap}, but service ${service.name} enables ECS Exec.`,
                        cluster.urn,
                    );
                }
            }
        });
    }),
};

export const clusterPolicies = [ecsContainerInsights, ecsEphemeralStorageCmk, ecsExecAudited];
