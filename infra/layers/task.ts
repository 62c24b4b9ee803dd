import * as pulumi from "@pulumi/pulumi";
import type { CapacityProviderShare, TaskDefinitionArgs } from "../../components/ecs";
import type { ImageArgs } from "../../components/ecs/image-source";
import { ServiceSecrets } from "../../components/secrets";
import type { Tags } from "../../components/shared";
import { componentRotation } from "../config/component-rules";
import { placement } from "../config/placement";
import { secretNamePrefix, type ServiceConfig, type StackConfig } from "../config/resolve";
import { repositoryOf } from "./registry";
import type { Platform } from "./workloads";

export type KindlessTaskArgs = Omit<TaskDefinitionArgs, "name"> & {
    capacityProviderStrategy?: CapacityProviderShare[];
};

/** The task every kind runs: size, image, hardening, secrets, logs and the app's permissions, from its config. */
export function taskArgs(platform: Platform, service: ServiceConfig): KindlessTaskArgs {
    const { config, logging, network, cluster, kmsKeyArn, tags } = platform;
    const secrets = serviceSecrets(config, service, kmsKeyArn, tags);
    const repository = platform.registry?.repositories[repositoryOf(config, service)];
    const logGroup = logging.serviceLogGroups[service.name];
    return {
        environment: config.environment,
        ...placement(config, service, cluster.ec2CapacityProviderName!),
        cpu: service.cpu,
        memory: service.memory,
        architecture: service.architecture,
        command: service.command,
        healthCheck: service.healthCheckCommand && { command: service.healthCheckCommand },
        readonlyRootFilesystem: service.readonlyRootFilesystem,
        writableTmp: service.writableTmp,
        scratchInit: { image: config.cluster.scratchInitImage },
        user: service.user,
        environmentVariables: service.environment,
        secrets: secrets?.secretArns,
        secretsPolicy: secrets?.executionRolePolicy,
        logGroupName: logGroup.name,
        logGroupArn: logGroup.arn,
        sidecars: service.sidecars.map(s => ({
            name: s.name,
            image: s.image,
            cpu: s.cpu,
            memory: s.memory,
            port: s.port,
            environmentVariables: s.environment,
        })),
        efs: service.efs && {
            containerPath: service.efs.containerPath,
            kmsKeyArn,
            securityGroupId: network.efsSecurityGroupId!,
            // One mount target per private subnet: the count must be known now, the ids only later.
            subnetIds: network.subnetPlan.private.map((_, i) => network.privateSubnetIds.apply(ids => ids[i])),
        },
        image: imageSource(service, repository, secrets?.registryCredentialsArn),
        permissions: service.permissions,
        exec: service.exec
            ? { enabled: true, logGroupArn: logging.execLogGroup!.arn, kmsKeyArn: kmsKeyArn }
            : undefined,
        protect: config.protectStatefulResources,
        tags: { ...tags, service: service.name },
    };
}

/** The service's secrets, if it has any: values from config (as Pulumi secrets) or left for out-of-band writes. */
function serviceSecrets(
    config: StackConfig,
    service: ServiceConfig,
    kmsKeyArn: pulumi.Input<string>,
    tags: Tags,
): ServiceSecrets | undefined {
    const credentialsName = service.image.source === "external" ? service.image.credentialsSecret : undefined;
    const declared = Object.entries(service.secrets);
    if (declared.length === 0) {
        return undefined;
    }
    const valueOf = (name: string) => {
        const value = config.secretValues[service.name]?.[name];
        return service.secrets[name].source === "config" && value !== undefined ? pulumi.secret(value) : undefined;
    };
    const env = config.environment;
    return new ServiceSecrets(`${env}-${service.name}-secrets`, {
        namePrefix: secretNamePrefix(config, service),
        kmsKeyArn,
        secrets: Object.fromEntries(
            declared
                .filter(([name]) => name !== credentialsName)
                .map(([name, s]) => [
                    name,
                    {
                        store: s.store,
                        value: valueOf(name),
                        description: s.description,
                        rotation: componentRotation(s.rotation),
                    },
                ]),
        ),
        registryCredentials: credentialsName
            ? {
                  value: valueOf(credentialsName),
                  description: service.secrets[credentialsName].description,
                  rotation: componentRotation(service.secrets[credentialsName].rotation),
              }
            : undefined,
        recoveryWindowInDays: config.protectStatefulResources ? 30 : 0,
        protect: config.protectStatefulResources,
        tags: { ...tags, service: service.name },
    });
}

/** The image a service runs, from its config and this stack's repository (the config boundary checks it too). */
export function imageSource(
    service: ServiceConfig,
    repository: { url: pulumi.Input<string>; arn: pulumi.Input<string> } | undefined,
    credentialsArn: pulumi.Input<string> | undefined,
): ImageArgs {
    const image = service.image;
    if (image.source === "external") {
        return { external: image.name, credentialsSecretArn: credentialsArn };
    }
    const ecr = { repositoryUrl: repository!.url, repositoryArn: repository!.arn };
    return image.source === "build"
        ? { ...ecr, build: { context: image.context, dockerfile: image.dockerfile } }
        : { ...ecr, tag: image.tag, digest: image.digest };
}
