/** EFS file systems and access points used as ECS volumes. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

type FileSystemProps = Unwrap<aws.efs.FileSystemArgs>;
type AccessPointProps = Unwrap<aws.efs.AccessPointArgs>;

const efsEncryptedSchema = {
    properties: {
        requireCustomerManagedKey: {
            type: "boolean",
            default: false,
            description:
                "Also require `kmsKeyId` (a customer managed key) instead of the AWS managed `aws/elasticfilesystem` key.",
        },
    },
} satisfies PolicyConfigSchema;

export const efsEncrypted: PlatformResourcePolicy = {
    name: "efs-encrypted",
    description: "Checks that EFS file systems are encrypted at rest.",
    severity: "high",
    remediationSteps:
        "Set `encrypted: true` (and `kmsKeyId` with the platform key when `requireCustomerManagedKey` is on). Encryption cannot be turned on later: create a new file system and copy the data (e.g. with AWS DataSync).",
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:EFS.1",
        "cdk-nag:AwsSolutions-EFS1",
        "checkov:CKV_AWS_42",
        "checkov:CKV_AWS_184",
        "trivy:AVD-AWS-0037",
        "awsguard:efs-encrypted",
        "family:storage",
    ],
    configSchema: efsEncryptedSchema,
    validateResource: validateResourceOfTypes<FileSystemProps>(
        awsType("efs", "fileSystem"),
        (fileSystem, args, report) => {
            const { requireCustomerManagedKey } = policyConfig<{ requireCustomerManagedKey: boolean }>(
                args,
                efsEncryptedSchema,
            );
            if (fileSystem.encrypted !== true) {
                report("encrypted is not true.");
            } else if (requireCustomerManagedKey && !fileSystem.kmsKeyId) {
                report("No kmsKeyId: the file system uses the AWS managed key.");
            }
        },
    ),
};

const accessPointSchema = {
    properties: {
        requireRootDirectory: {
            type: "boolean",
            default: true,
            description:
                "Also require a `rootDirectory.path` other than `/`, so the access point exposes only its own directory.",
        },
    },
} satisfies PolicyConfigSchema;

export const efsAccessPointNonRoot: PlatformResourcePolicy = {
    name: "efs-access-point-non-root",
    description:
        "Checks that EFS access points enforce a non-root POSIX user (and, by default, a root directory other than the file system's root).",
    severity: "medium",
    remediationSteps:
        'Set `posixUser: { uid: 1000, gid: 1000 }` (non-zero, matching the container\'s `user`) and `rootDirectory: { path: "/<service>", creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } }`.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:EFS.3", "securityhub:EFS.4", "checkov:CKV_AWS_329", "checkov:CKV_AWS_330", "family:storage"],
    configSchema: accessPointSchema,
    validateResource: validateResourceOfTypes<AccessPointProps>(
        awsType("efs", "accessPoint"),
        (accessPoint, args, report) => {
            const { requireRootDirectory } = policyConfig<{ requireRootDirectory: boolean }>(args, accessPointSchema);
            const user = accessPoint.posixUser;
            if (user === undefined) {
                report("No posixUser: clients act as whatever user they claim, including root.");
            } else if (user.uid === 0 || user.gid === 0) {
                report(`posixUser is ${user.uid}:${user.gid}; root (0) is not allowed.`);
            }
            const path = accessPoint.rootDirectory?.path ?? "/";
            if (requireRootDirectory && path.replace(/\/+$/, "") === "") {
                report("rootDirectory.path is the file system root; give the access point its own directory.");
            }
        },
    ),
};
