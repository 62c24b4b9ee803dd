import * as assert from "assert";
import { ofType } from "../../../testing/harness";
import { baseArgs, policiesOf, rejection, rolePolicy, runService } from "./service-fixtures";
import type { TaskEfsArgs } from "../../../components/ecs/task-definition";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const EFS: TaskEfsArgs = {
    containerPath: "/data",
    kmsKeyArn: KEY_ARN,
    securityGroupId: "sg-efs",
    subnetIds: ["subnet-a", "subnet-b"],
};
const FILE_SYSTEM = "aws:efs/fileSystem:FileSystem";
const MOUNT_TARGET = "aws:efs/mountTarget:MountTarget";
const ACCESS_POINT = "aws:efs/accessPoint:AccessPoint";

describe("components/ecs/efs-volume", () => {
    it("creates a file system encrypted with the platform key, tagged, protected only when asked", async () => {
        const staging = await runService(baseArgs({ efs: EFS }));
        const fileSystem = staging.one(FILE_SYSTEM);
        assert.strictEqual(fileSystem.inputs.encrypted, true);
        assert.strictEqual(fileSystem.inputs.kmsKeyId, KEY_ARN);
        assert.deepStrictEqual(fileSystem.inputs.tags, { Environment: "test", Service: "api", Name: "api-efs" });
        assert.deepStrictEqual([fileSystem.options.protect, fileSystem.options.retainOnDelete], [false, false]);

        const prod = await runService(baseArgs({ efs: EFS, protect: true }));
        assert.deepStrictEqual(
            [prod.one(FILE_SYSTEM).options.protect, prod.one(FILE_SYSTEM).options.retainOnDelete],
            [true, true],
        );
    });

    it("puts a mount target in every private subnet behind the EFS security group", async () => {
        const { resources } = await runService(
            baseArgs({ efs: { ...EFS, subnetIds: ["subnet-a", "subnet-b", "subnet-c"] } }),
        );
        const targets = ofType(resources, MOUNT_TARGET);
        assert.deepStrictEqual(
            targets.map(t => t.inputs.subnetId),
            ["subnet-a", "subnet-b", "subnet-c"],
        );
        for (const target of targets) {
            assert.deepStrictEqual(target.inputs.securityGroups, ["sg-efs"]);
        }
    });

    it("exposes the service's directory through an access point with the container's non-root identity", async () => {
        const { one } = await runService(baseArgs({ user: "1001:1002", efs: EFS }));
        const accessPoint = one(ACCESS_POINT);
        assert.deepStrictEqual(accessPoint.inputs.posixUser, { uid: 1001, gid: 1002 });
        assert.deepStrictEqual(accessPoint.inputs.rootDirectory, {
            path: "/api",
            creationInfo: { ownerUid: 1001, ownerGid: 1002, permissions: "750" },
        });
        assert.strictEqual(accessPoint.inputs.fileSystemId, one(FILE_SYSTEM).id);
    });

    it("mounts the volume with TLS and IAM authorization through the access point", async () => {
        const { taskDefinition, containers, one, service, resources } = await runService(baseArgs({ efs: EFS }));
        const volume = taskDefinition.inputs.volumes.find((v: any) => v.name === "efs");
        assert.deepStrictEqual(volume.efsVolumeConfiguration, {
            fileSystemId: one(FILE_SYSTEM).id,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: one(ACCESS_POINT).id, iam: "ENABLED" },
        });
        assert.deepStrictEqual(
            containers[0].mountPoints.find((m: any) => m.sourceVolume === "efs"),
            { sourceVolume: "efs", containerPath: "/data", readOnly: false },
        );
        const targetUrns = ofType(resources, MOUNT_TARGET)
            .map(t => t.urn)
            .sort();
        assert.strictEqual(targetUrns.length, 2);
        for (const target of targetUrns) {
            assert.ok(service.options.dependsOn.includes(target), "the service waits for the mount targets");
        }
    });

    it("grants the task role mount and write only through the access point", async () => {
        const { resources, one } = await runService(baseArgs({ efs: EFS }));
        assert.deepStrictEqual(policiesOf(resources, "api-task"), ["efs"]);
        assert.deepStrictEqual(rolePolicy(resources, "api-task-efs").Statement, [
            {
                Sid: "MountThroughAccessPoint",
                Effect: "Allow",
                Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                Resource: one(FILE_SYSTEM).state.arn,
                Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": one(ACCESS_POINT).state.arn } },
            },
        ]);
    });

    it("grants no ClientWrite and mounts read-only when the volume is read-only", async () => {
        const { resources, containers } = await runService(baseArgs({ efs: { ...EFS, readOnly: true } }));
        assert.deepStrictEqual(rolePolicy(resources, "api-task-efs").Statement[0].Action, [
            "elasticfilesystem:ClientMount",
        ]);
        assert.strictEqual(containers[0].mountPoints.find((m: any) => m.sourceVolume === "efs").readOnly, true);
    });

    it("refuses clients that do not use TLS", async () => {
        const { one } = await runService(baseArgs({ efs: EFS }));
        const policy = JSON.parse(one("aws:efs/fileSystemPolicy:FileSystemPolicy").inputs.policy);
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "DenyUnencryptedTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "*",
                Resource: one(FILE_SYSTEM).state.arn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("rejects a non-numeric user, a bad mount path and missing subnets", async () => {
        assert.match(await rejection(baseArgs({ user: "app", efs: EFS })), /numeric container user/);
        assert.match(await rejection(baseArgs({ efs: { ...EFS, containerPath: "/tmp" } })), /absolute path other than/);
        assert.match(await rejection(baseArgs({ efs: { ...EFS, containerPath: "data" } })), /absolute path other than/);
        assert.match(await rejection(baseArgs({ efs: { ...EFS, subnetIds: [] } })), /efs needs subnetIds/);
    });
});
