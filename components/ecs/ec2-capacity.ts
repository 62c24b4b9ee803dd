import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, namedTags, Tags, withFormerTypes } from "../shared";

/** CPU architecture of the container instances (and of the ECS-optimised AMI they boot). */
export const Ec2Architecture = {
    /** Intel and AMD instance types. */
    X86_64: "x86_64",
    /** AWS Graviton instance types (a `g` in the type's attributes, e.g. `m7g.large`). */
    Arm64: "arm64",
} as const;
export type Ec2Architecture = (typeof Ec2Architecture)[keyof typeof Ec2Architecture];

/** EC2 container instances for a cluster, as the cluster's `ec2` Args take them. */
export interface Ec2CapacitySettings {
    /** Instance type, e.g. `m7g.large` (match `architecture`). Required. */
    instanceType: string;
    /** Minimum number of instances in the Auto Scaling group, from 0 to `maxSize`. Required. */
    minSize: number;
    /** Maximum number of instances, at least 1; ECS managed scaling moves the desired count between the bounds. Required. */
    maxSize: number;
    /** CPU architecture of the ECS-optimised Amazon Linux 2023 AMI: `x86_64` or `arm64`. Default: `x86_64`. */
    architecture?: Ec2Architecture;
    /** Private subnets the instances are launched in (no public IP is ever assigned). Required. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the instances' primary network interface. Required. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Managed-scaling target: the share of instance capacity tasks should use (1–100). Default: 100 (no spare instance). */
    targetCapacityPercent?: number;
    /** Size of the encrypted gp3 root volume, in GiB, at least 30. Default: 30 (the AMI's snapshot size). */
    rootVolumeSizeGiB?: number;
    /** KMS key for the root volume. Default: the account's EBS default key (`aws/ebs` unless changed). */
    rootVolumeKmsKeyArn?: pulumi.Input<string>;
    /** Also attach `AmazonSSMManagedInstanceCore`, for Session Manager access to the hosts. Default: false. */
    ssmManagedInstance?: boolean;
}

export interface Ec2CapacityArgs extends Ec2CapacitySettings {
    /** Name of the cluster the instances join (written to `/etc/ecs/ecs.config`). Required. */
    clusterName: pulumi.Input<string>;
    /** Tags set on every taggable child, and propagated to the instances and their volumes. Default: none. */
    tags?: Tags;
}

/** The arguments that decide what runs: what `ec2CapacityProblems` checks. */
export type Ec2CapacitySizing = Pick<
    Ec2CapacitySettings,
    | "instanceType"
    | "architecture"
    | "minSize"
    | "maxSize"
    | "targetCapacityPercent"
    | "rootVolumeSizeGiB"
    | "ssmManagedInstance"
>;

/** The one place Ec2Capacity defaults are applied. */
export function resolveEc2CapacityArgs<T extends Ec2CapacitySizing>(args: T) {
    return {
        ...args,
        architecture: args.architecture ?? Ec2Architecture.X86_64,
        targetCapacityPercent: args.targetCapacityPercent ?? 100,
        rootVolumeSizeGiB: args.rootVolumeSizeGiB ?? 30,
        ssmManagedInstance: args.ssmManagedInstance ?? false,
    };
}

/** SSM parameters AWS publishes with the current ECS-optimised AL2023 AMI per architecture. */
const ecsOptimizedAmiParameter: Record<Ec2Architecture, string> = {
    x86_64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    arm64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
};

/**
 * EC2 capacity for an ECS cluster: instance role and profile, a hardened launch template for the ECS-optimised AMI,
 * an Auto Scaling group in private subnets, and a capacity provider with managed scaling and termination protection.
 *
 * Instance metadata: IMDSv2 only, with a hop limit of 1. The ECS agent runs in the host network namespace, so it
 * still reaches IMDS; containers in bridge mode are one hop further and cannot, and `ECS_AWSVPC_BLOCK_IMDS` blocks it
 * for awsvpc tasks. Tasks get credentials from their task role (the agent's credential endpoint), never the instance role.
 */
export class Ec2Capacity extends pulumi.ComponentResource {
    /** Name of the ECS capacity provider, for the cluster's capacity providers and capacity provider strategies. */
    public readonly capacityProviderName: pulumi.Output<string>;
    /** Name of the Auto Scaling group. */
    public readonly autoScalingGroupName: pulumi.Output<string>;
    /** ARN of the instance role (attach extra host permissions here, not to tasks). */
    public readonly instanceRoleArn: pulumi.Output<string>;

    constructor(name: string, args: Ec2CapacityArgs, opts?: pulumi.ComponentResourceOptions) {
        ec2CapacityProblems(args).throwIfAny("Ec2Capacity", name);
        super(componentType("Ec2Capacity"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:Ec2Capacity"));
        const settings = resolveEc2CapacityArgs(args);
        const tags = mergeTags(settings.tags);

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "ECS container instances: register with the cluster, pull images, ship agent logs",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
                    ],
                }),
                tags,
            },
            { parent: this },
        );
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const managedPolicies: Record<string, string> = {
            ecs: "service-role/AmazonEC2ContainerServiceforEC2Role",
            ...(settings.ssmManagedInstance ? { ssm: "AmazonSSMManagedInstanceCore" } : {}),
        };
        for (const [key, policy] of Object.entries(managedPolicies)) {
            new aws.iam.RolePolicyAttachment(
                `${name}-role-${key}`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
                { parent: this },
            );
        }
        const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name, tags }, { parent: this });

        const ami = aws.ssm.getParameterOutput(
            { name: ecsOptimizedAmiParameter[settings.architecture] },
            { parent: this },
        );
        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-lt`,
            {
                description: "ECS container instances (ECS-optimised Amazon Linux 2023)",
                imageId: ami.value,
                instanceType: settings.instanceType,
                iamInstanceProfile: { arn: profile.arn },
                userData: pulumi.output(settings.clusterName).apply(userData),
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                    instanceMetadataTags: "disabled",
                },
                networkInterfaces: [
                    {
                        deviceIndex: 0,
                        associatePublicIpAddress: "false",
                        deleteOnTermination: "true",
                        securityGroups: settings.securityGroupIds,
                    },
                ],
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            volumeType: "gp3",
                            volumeSize: settings.rootVolumeSizeGiB,
                            encrypted: "true",
                            kmsKeyId: settings.rootVolumeKmsKeyArn,
                            deleteOnTermination: "true",
                        },
                    },
                ],
                monitoring: { enabled: true },
                updateDefaultVersion: true,
                tagSpecifications: ["instance", "volume", "network-interface"].map(resourceType => ({
                    resourceType,
                    tags: namedTags(name, tags),
                })),
                tags,
            },
            { parent: this },
        );

        const group = new aws.autoscaling.Group(
            `${name}-asg`,
            {
                // No desiredCapacity: ECS managed scaling owns it between the bounds.
                minSize: settings.minSize,
                maxSize: settings.maxSize,
                vpcZoneIdentifiers: settings.subnetIds,
                launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
                // ECS managed termination protection only scales in instances it has unprotected (no running tasks).
                protectFromScaleIn: true,
                // A new AMI or instance type rolls the fleet; ECS managed draining moves tasks off each old instance.
                instanceRefresh: {
                    strategy: "Rolling",
                    preferences: {
                        minHealthyPercentage: 100,
                        maxHealthyPercentage: 200,
                        scaleInProtectedInstances: "Refresh",
                    },
                },
                // Scale-in-protected instances otherwise block `pulumi destroy` until they are unprotected by hand.
                forceDelete: true,
                tags: Object.entries({ ...namedTags(name, tags), AmazonECSManaged: "true" }).map(([key, value]) => ({
                    key,
                    value,
                    propagateAtLaunch: true,
                })),
            },
            { parent: this },
        );

        const capacityProvider = new aws.ecs.CapacityProvider(
            `${name}-cp`,
            {
                autoScalingGroupProvider: {
                    autoScalingGroupArn: group.arn,
                    managedTerminationProtection: "ENABLED",
                    managedDraining: "ENABLED",
                    managedScaling: { status: "ENABLED", targetCapacity: settings.targetCapacityPercent },
                },
                tags,
            },
            { parent: this },
        );

        this.capacityProviderName = capacityProvider.name;
        this.autoScalingGroupName = group.name;
        this.instanceRoleArn = role.arn;
        this.registerOutputs({
            capacityProviderName: this.capacityProviderName,
            autoScalingGroupName: this.autoScalingGroupName,
            instanceRoleArn: this.instanceRoleArn,
        });
    }
}

/** Base64 user data (the launch template's format) that joins the instance to the cluster. */
function userData(clusterName: string): string {
    const script = [
        "#!/bin/bash",
        "cat <<'EOF' >> /etc/ecs/ecs.config",
        `ECS_CLUSTER=${clusterName}`,
        "ECS_AWSVPC_BLOCK_IMDS=true",
        "EOF",
        "",
    ].join("\n");
    return Buffer.from(script, "utf8").toString("base64");
}

/**
 * EC2 instance type names (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html):
 * `<family><generation><attributes>.<size>`; the attribute `g` (and the `a1` family) marks AWS Graviton
 * (arm64) processors, every other ECS-capable type is x86_64.
 */
const INSTANCE_TYPE = /^([a-z]+)(\d+)([a-z-]*)\.(nano|micro|small|medium|large|metal(-\d+xl)?|\d*xlarge)$/;

/** Why `instanceType` cannot run the ECS-optimised AMI of `architecture`, or undefined. */
export function instanceTypeProblem(instanceType: string, architecture: Ec2Architecture): string | undefined {
    const parts = INSTANCE_TYPE.exec(instanceType);
    if (!parts) {
        return "must be an EC2 instance type such as t3.medium or m7g.large (<family><generation><attributes>.<size>)";
    }
    const [, family, , attributes] = parts;
    const graviton = family === "a" || attributes.includes("g");
    if (graviton !== (architecture === "arm64")) {
        return graviton
            ? "is an AWS Graviton (arm64) type, but architecture is x86_64: set architecture: arm64, or use an x86_64 type such as m7i.large"
            : "is an x86_64 type, but architecture is arm64: use a Graviton type (with g, e.g. m7g.large) or architecture: x86_64";
    }
    return undefined;
}

/** What is wrong with the capacity's arguments, by argument. Pure: the program checks its config with it first. */
export function ec2CapacityProblems(args: Ec2CapacitySizing): ArgumentProblems {
    const problems = new ArgumentProblems();
    const settings = resolveEc2CapacityArgs(args);
    const { minSize, maxSize, targetCapacityPercent, rootVolumeSizeGiB } = settings;
    const typeProblem = instanceTypeProblem(settings.instanceType, settings.architecture);
    if (typeProblem) {
        problems.add("instanceType", typeProblem);
    }
    if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 0 || maxSize < 1) {
        problems.add(
            "maxSize",
            `must be an integer of at least 1, with minSize an integer of at least 0 (got ${minSize}..${maxSize})`,
        );
    } else if (minSize > maxSize) {
        problems.add("minSize", `must not exceed maxSize (${minSize} > ${maxSize})`);
    }
    if (!Number.isInteger(targetCapacityPercent) || targetCapacityPercent < 1 || targetCapacityPercent > 100) {
        problems.add("targetCapacityPercent", `must be an integer from 1 to 100 (got ${targetCapacityPercent})`);
    }
    if (!Number.isInteger(rootVolumeSizeGiB) || rootVolumeSizeGiB < 30) {
        problems.add(
            "rootVolumeSizeGiB",
            `must be an integer of at least 30, the AMI's snapshot size (got ${rootVolumeSizeGiB})`,
        );
    }
    return problems;
}
