import { networkStack } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const { fileSystem, accessPoint } = networkStack("prod");

describe("policies/storage/efs", () => {
    describe("efs-encrypted", () => {
        it("flags an unencrypted file system (the default)", async () => {
            await expectViolation(
                "efs-encrypted",
                [withProps(fileSystem, { encrypted: undefined, kmsKeyId: undefined })],
                { message: "encrypted is not true" },
            );
        });

        it("passes the platform's encrypted file system", async () => {
            await expectCompliant("efs-encrypted", [fileSystem]);
        });

        it("requires a customer managed key when configured", async () => {
            const awsManaged = withProps(fileSystem, { kmsKeyId: undefined });
            await expectCompliant("efs-encrypted", [awsManaged]);
            await expectViolation("efs-encrypted", [awsManaged], {
                config: { "efs-encrypted": { requireCustomerManagedKey: true } },
                message: "No kmsKeyId",
            });
        });
    });

    describe("efs-access-point-non-root", () => {
        it("flags an access point without a POSIX user, or with root", async () => {
            await expectViolation("efs-access-point-non-root", [withProps(accessPoint, { posixUser: undefined })], {
                message: "No posixUser",
            });
            await expectViolation(
                "efs-access-point-non-root",
                [withProps(accessPoint, { posixUser: { uid: 0, gid: 1000 } })],
                {
                    message: "posixUser is 0:1000",
                },
            );
        });

        it("flags the file system root as root directory, unless requireRootDirectory is off", async () => {
            const atRoot = withProps(accessPoint, { rootDirectory: undefined });
            await expectViolation("efs-access-point-non-root", [atRoot], {
                message: "rootDirectory.path is the file system root",
            });
            await expectCompliant("efs-access-point-non-root", [atRoot], {
                config: { "efs-access-point-non-root": { requireRootDirectory: false } },
            });
        });

        it("passes the platform's access point", async () => {
            await expectCompliant("efs-access-point-non-root", [accessPoint]);
        });

        it("is advisory during preview when the user is unknown", async () => {
            await expectPreviewAdvisory("efs-access-point-non-root", [
                withProps(accessPoint, { posixUser: { uid: UNKNOWN, gid: 1000 } }),
            ]);
        });
    });
});
