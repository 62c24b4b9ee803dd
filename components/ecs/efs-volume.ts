import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags, statefulOptions, Tags } from "../shared";
import type { VolumeMount } from "./container-definitions";
import { policyDocument } from "./task-roles";

/** Task volume name of the EFS mount. */
export const EFS_VOLUME_NAME = "efs";

/** Everything one service's EFS volume is built from, defaults already applied. */
export interface EfsVolumeSettings {
    /** Private subnets: one mount target in each. */
    subnetIds: pulumi.Input<string>[];
    /** Security group of the mount targets (NFS 2049 from the service's tasks only). */
    securityGroupId: pulumi.Input<string>;
    /** KMS key encrypting the file system at rest. */
    kmsKeyArn: pulumi.Input<string>;
    /** Where the app container sees the file system. */
    containerPath: string;
    /** Mount read-only (and grant the task role no ClientWrite). */
    readOnly: boolean;
    /** POSIX identity every access through the access point uses, whatever the client claims. */
    posixUser: { uid: number; gid: number };
    /** Directory of the file system the access point exposes as `/`; created owned by `posixUser`. */
    rootDirectory: string;
    /** Protect the file system and retain it on destroy. */
    protect: boolean;
    /** Tags for the file system and the access point. */
    tags: Tags;
}

/** The file system and what the task definition and the task role need to use it. */
export interface EfsVolume {
    fileSystem: aws.efs.FileSystem;
    accessPoint: aws.efs.AccessPoint;
    /** The service waits for these: a task cannot mount before a mount target exists in its subnet. */
    mountTargets: aws.efs.MountTarget[];
    /** The task definition volume: TLS in transit, mounted through the access point with the task role's identity. */
    volume: aws.types.input.ecs.TaskDefinitionVolume;
    /** The app container's mount point. */
    mount: VolumeMount;
    /** The task role's `efs` policy: mount (and write, unless read-only) only through this access point. */
    taskRolePolicy: pulumi.Output<string>;
}

/**
 * An encrypted EFS file system for one service, reachable only through its access point with IAM authorization.
 * The file system policy refuses clients not using TLS; it also ends EFS's default "any client that reaches a mount
 * target" access, so only principals granted by IAM (the task role) can mount.
 */
export function createEfsVolume(name: string, parent: pulumi.Resource, settings: EfsVolumeSettings): EfsVolume {
    const fileSystem = new aws.efs.FileSystem(
        `${name}-efs`,
        { encrypted: true, kmsKeyId: settings.kmsKeyArn, tags: namedTags(`${name}-efs`, settings.tags) },
        statefulOptions(parent, settings.protect),
    );
    new aws.efs.FileSystemPolicy(
        `${name}-efs-policy`,
        {
            fileSystemId: fileSystem.id,
            policy: policyDocument([
                {
                    Sid: "DenyUnencryptedTransport",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "*",
                    Resource: fileSystem.arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]),
        },
        { parent },
    );
    const mountTargets = settings.subnetIds.map(
        (subnetId, index) =>
            new aws.efs.MountTarget(
                `${name}-efs-mount-${index}`,
                { fileSystemId: fileSystem.id, subnetId, securityGroups: [settings.securityGroupId] },
                { parent },
            ),
    );
    const { uid, gid } = settings.posixUser;
    const accessPoint = new aws.efs.AccessPoint(
        `${name}-efs-access-point`,
        {
            fileSystemId: fileSystem.id,
            posixUser: { uid, gid },
            rootDirectory: {
                path: settings.rootDirectory,
                creationInfo: { ownerUid: uid, ownerGid: gid, permissions: "750" },
            },
            tags: namedTags(`${name}-efs-access-point`, settings.tags),
        },
        { parent },
    );

    const actions = settings.readOnly
        ? ["elasticfilesystem:ClientMount"]
        : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"];
    return {
        fileSystem,
        accessPoint,
        mountTargets,
        volume: {
            name: EFS_VOLUME_NAME,
            efsVolumeConfiguration: {
                fileSystemId: fileSystem.id,
                transitEncryption: "ENABLED",
                authorizationConfig: { accessPointId: accessPoint.id, iam: "ENABLED" },
            },
        },
        mount: { volume: EFS_VOLUME_NAME, containerPath: settings.containerPath, readOnly: settings.readOnly },
        taskRolePolicy: policyDocument([
            {
                Sid: "MountThroughAccessPoint",
                Effect: "Allow",
                Action: actions,
                Resource: fileSystem.arn,
                Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": accessPoint.arn } },
            },
        ]),
    };
}
