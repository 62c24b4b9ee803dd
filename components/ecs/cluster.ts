import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, ArgumentProblems, componentType, mergeTags, Tags, withFormerTypes } from "../shared";
import { Ec2Capacity, ec2CapacityProblems, Ec2CapacitySettings } from "./ec2-capacity";

/** A capacity provider in a strategy: the Fargate ones, or `EC2` for the cluster's own EC2 capacity provider. */
export const CapacityProviderKey = {
    /** On-demand Fargate. */
    Fargate: "FARGATE",
    /** Fargate Spot: interruptible, cheaper. */
    FargateSpot: "FARGATE_SPOT",
    /** The cluster's EC2 capacity provider (needs the cluster's `ec2` Args). */
    Ec2: "EC2",
} as const;
export type CapacityProviderKey = (typeof CapacityProviderKey)[keyof typeof CapacityProviderKey];

/** CloudWatch Container Insights level of the cluster. */
export const ContainerInsights = {
    /** Task- and container-level metrics. */
    Enhanced: "enhanced",
    /** Cluster- and service-level metrics. */
    Enabled: "enabled",
    /** No Container Insights (the running-tasks alarm then has no data). */
    Disabled: "disabled",
} as const;
export type ContainerInsights = (typeof ContainerInsights)[keyof typeof ContainerInsights];

/**
 * The weight of a strategy entry that sets none: 1, as in a service's own strategy, so a one-entry strategy needs
 * no weight (ECS itself reads an unset weight as 0, which places no task beyond the base on the entry).
 */
const DEFAULT_WEIGHT = 1;

/** One entry of a capacity provider strategy. */
export interface CapacityStrategyItem {
    /** `FARGATE`, `FARGATE_SPOT`, or `EC2` (needs the cluster's `ec2` Args). Required. */
    provider: CapacityProviderKey;
    /** Tasks placed on this provider before weights apply; only one entry of a strategy may set it. Default: 0. */
    base?: number;
    /** Relative share of the tasks beyond the bases; 0 places only the base here. Default: 1. */
    weight?: number;
}

/** ECS Exec session settings: sessions encrypted with a KMS key and logged to CloudWatch Logs. */
export interface ClusterExecArgs {
    /** KMS key that encrypts the session data between the client and the container. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Log group receiving the session transcripts (encrypted at rest). Required. */
    logGroupName: pulumi.Input<string>;
}

export interface ClusterArgs {
    /** CloudWatch Container Insights level: `enhanced`, `enabled` or `disabled`. Default: `enhanced` (task- and container-level metrics). */
    containerInsights?: ContainerInsights;
    /**
     * The cluster's default capacity provider strategy, used by services that set no strategy of their own; checked as
     * ECS checks it: each provider once, a base on one entry at most, a weight above 0 on some entry, no Fargate and
     * EC2 providers together, `EC2` only with `ec2`. Default: `[{ provider: "FARGATE", base: 1, weight: 1 }]`
     * (FARGATE_SPOT is registered but opt-in).
     */
    capacityStrategy?: CapacityStrategyItem[];
    /** ECS Exec session encryption and logging (`logging: OVERRIDE`). Default: none (the ECS default logging). */
    exec?: ClusterExecArgs;
    /**
     * KMS key encrypting the Fargate tasks' ephemeral storage; its key policy must let `fargate.amazonaws.com` use it.
     * Default: none (an AWS-owned key).
     */
    fargateEphemeralStorageKmsKeyArn?: pulumi.Input<string>;
    /** EC2 capacity (Auto Scaling group + capacity provider), added next to FARGATE and FARGATE_SPOT. Default: none. */
    ec2?: Ec2CapacitySettings;
    /**
     * Name of a Cloud Map HTTP namespace created for ECS Service Connect (e.g. `prod.internal`) and set as the
     * cluster's Service Connect default. Default: none (no Service Connect).
     */
    serviceConnectNamespace?: string;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

/** The one place Cluster defaults are applied. */
export function resolveClusterArgs(args: ClusterArgs) {
    return {
        ...args,
        containerInsights: args.containerInsights ?? ContainerInsights.Enhanced,
        capacityStrategy: (args.capacityStrategy ?? [{ provider: CapacityProviderKey.Fargate, base: 1 }]).map(item => ({
            provider: item.provider,
            base: item.base ?? 0,
            weight: item.weight ?? DEFAULT_WEIGHT,
        })),
    };
}

/**
 * An ECS cluster with Container Insights, the FARGATE and FARGATE_SPOT capacity providers (plus optional EC2 capacity),
 * a default capacity provider strategy and, optionally, ECS Exec encryption and audit logging and a customer-managed key
 * for Fargate ephemeral storage.
 */
export class Cluster extends pulumi.ComponentResource {
    /** Cluster name, for services and alarms; resolves after the capacity providers are attached. */
    public readonly clusterName: pulumi.Output<string>;
    /** Cluster ARN, for services (`cluster`); resolves after the capacity providers are attached. */
    public readonly clusterArn: pulumi.Output<string>;
    /** Capacity providers associated with the cluster (FARGATE, FARGATE_SPOT and the EC2 one when configured). */
    public readonly capacityProviderNames: pulumi.Output<string[]>;
    /** Name of the EC2 capacity provider, when `ec2` is set (what `EC2` stands for in strategies). */
    public readonly ec2CapacityProviderName?: pulumi.Output<string>;
    /** ARN of the Service Connect namespace, when `serviceConnectNamespace` is set. */
    public readonly serviceConnectNamespaceArn?: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveClusterArgs(args);
        clusterProblems(settings).throwIfAny("Cluster", name);
        super(componentType("Cluster"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:Cluster"));
        const tags = mergeTags(settings.tags);

        // An HTTP namespace: Service Connect resolves names through its proxy, so no private DNS zone is needed.
        const namespace =
            settings.serviceConnectNamespace !== undefined
                ? new aws.servicediscovery.HttpNamespace(
                      `${name}-namespace`,
                      {
                          name: settings.serviceConnectNamespace,
                          description: `Service Connect names of ${name}'s services`,
                          tags,
                      },
                      { parent: this },
                  )
                : undefined;
        const cluster = new aws.ecs.Cluster(
            name,
            {
                settings: [{ name: "containerInsights", value: settings.containerInsights }],
                configuration: clusterConfiguration(settings),
                ...(namespace ? { serviceConnectDefaults: { namespace: namespace.arn } } : {}),
                tags,
            },
            { parent: this },
        );

        const ec2 = settings.ec2
            ? new Ec2Capacity(`${name}-ec2`, { ...settings.ec2, clusterName: cluster.name, tags }, { parent: this })
            : undefined;
        const providerName = (key: CapacityProviderKey): pulumi.Input<string> =>
            key === "EC2" ? ec2!.capacityProviderName : key;

        const association = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity-providers`,
            {
                clusterName: cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT", ...(ec2 ? [ec2.capacityProviderName] : [])],
                defaultCapacityProviderStrategies: settings.capacityStrategy.map(item => ({
                    capacityProvider: providerName(item.provider),
                    base: item.base,
                    weight: item.weight,
                })),
            },
            { parent: this },
        );

        // Name and ARN resolve once the capacity providers are attached, so a service created from them never races
        // the association (ECS rejects a strategy naming a provider the cluster does not have yet).
        const afterAssociation = <T>(value: pulumi.Output<T>) => after(value, association.id);
        this.clusterName = afterAssociation(cluster.name);
        this.clusterArn = afterAssociation(cluster.arn);
        this.capacityProviderNames = association.capacityProviders.apply(names => names ?? []);
        this.ec2CapacityProviderName = ec2?.capacityProviderName;
        this.serviceConnectNamespaceArn = namespace?.arn;
        this.registerOutputs({
            serviceConnectNamespaceArn: this.serviceConnectNamespaceArn,
            clusterName: this.clusterName,
            clusterArn: this.clusterArn,
            capacityProviderNames: this.capacityProviderNames,
            ec2CapacityProviderName: this.ec2CapacityProviderName,
        });
    }
}

/** ECS Exec and Fargate storage settings; undefined when neither is asked for, leaving the ECS defaults. */
function clusterConfiguration(
    settings: ReturnType<typeof resolveClusterArgs>,
): aws.types.input.ecs.ClusterConfiguration | undefined {
    const { exec, fargateEphemeralStorageKmsKeyArn } = settings;
    if (!exec && fargateEphemeralStorageKmsKeyArn === undefined) {
        return undefined;
    }
    return {
        executeCommandConfiguration: exec && {
            kmsKeyId: exec.kmsKeyArn,
            logging: "OVERRIDE",
            logConfiguration: { cloudWatchLogGroupName: exec.logGroupName, cloudWatchEncryptionEnabled: true },
        },
        managedStorageConfiguration:
            fargateEphemeralStorageKmsKeyArn === undefined
                ? undefined
                : { fargateEphemeralStorageKmsKeyId: fargateEphemeralStorageKmsKeyArn },
    };
}

/**
 * The rules ECS enforces on a capacity provider strategy
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html): at least one
 * entry, each provider once, a base on one entry at most, some weight above 0, and Fargate and EC2 providers
 * never mixed. Pure: the program checks its config with it first.
 */
export function capacityStrategyProblems(
    strategy: readonly CapacityStrategyItem[],
    hasEc2Capacity: boolean,
    argument = "capacityStrategy",
): ArgumentProblems {
    const problems = new ArgumentProblems();
    const fail = (reason: string) => problems.add(argument, reason);
    if (strategy.length === 0) {
        fail("must have at least one entry");
    }
    if (strategy.some(item => item.provider === "EC2") && !hasEc2Capacity) {
        fail('uses "EC2" but the cluster has no ec2 capacity');
    }
    if (new Set(strategy.map(item => item.provider)).size !== strategy.length) {
        fail("names a capacity provider more than once");
    }
    if (strategy.filter(item => (item.base ?? 0) > 0).length > 1) {
        fail("sets a base on more than one entry (ECS allows a base on one provider only)");
    }
    if (strategy.length > 0 && strategy.every(item => (item.weight ?? DEFAULT_WEIGHT) === 0)) {
        fail("needs a weight above 0 on at least one entry");
    }
    if (strategy.some(item => item.provider !== "EC2") && strategy.some(item => item.provider === "EC2")) {
        fail("mixes Fargate and EC2 capacity providers, which ECS rejects");
    }
    return problems;
}

/** Every problem with the cluster's arguments: its strategy and its EC2 capacity, before anything is created. */
function clusterProblems(settings: ReturnType<typeof resolveClusterArgs>): ArgumentProblems {
    const problems = capacityStrategyProblems(settings.capacityStrategy, settings.ec2 !== undefined);
    if (settings.ec2) {
        for (const p of ec2CapacityProblems(settings.ec2).list) {
            problems.add(`ec2.${p.argument}`, p.message);
        }
    }
    return problems;
}
