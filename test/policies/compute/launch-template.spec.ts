import { networkStack } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const { launchTemplate } = networkStack("prod");
const metadata = launchTemplate.props.metadataOptions as Record<string, unknown>;

describe("policies/compute/launch-template", () => {
    describe("launch-template-imdsv2", () => {
        it("flags optional tokens (IMDSv1) and a missing metadataOptions block", async () => {
            await expectViolation(
                "launch-template-imdsv2",
                [withProps(launchTemplate, { metadataOptions: { ...metadata, httpTokens: "optional" } })],
                {
                    message: 'httpTokens is optional, not "required"',
                },
            );
            await expectViolation(
                "launch-template-imdsv2",
                [withProps(launchTemplate, { metadataOptions: undefined })],
                { message: "IMDSv1 allowed" },
            );
        });

        it("flags a hop limit above maxHopLimit", async () => {
            const twoHops = withProps(launchTemplate, { metadataOptions: { ...metadata, httpPutResponseHopLimit: 2 } });
            await expectViolation("launch-template-imdsv2", [twoHops], {
                message: "httpPutResponseHopLimit is 2; at most 1",
            });
            await expectCompliant("launch-template-imdsv2", [twoHops], {
                config: { "launch-template-imdsv2": { maxHopLimit: 2 } },
            });
        });

        it("passes the platform's template and a disabled metadata endpoint", async () => {
            await expectCompliant("launch-template-imdsv2", [
                launchTemplate,
                withProps(launchTemplate, { metadataOptions: { httpEndpoint: "disabled" } }),
            ]);
        });

        it("is advisory during preview when the token setting is unknown", async () => {
            await expectPreviewAdvisory("launch-template-imdsv2", [
                withProps(launchTemplate, { metadataOptions: { ...metadata, httpTokens: UNKNOWN } }),
            ]);
        });
    });

    describe("launch-template-ebs-encrypted", () => {
        it("flags an unencrypted volume", async () => {
            const plain = withProps(launchTemplate, {
                blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30 } }],
            });
            await expectViolation("launch-template-ebs-encrypted", [plain], {
                message: "Block device /dev/xvda is not encrypted",
            });
        });

        it("passes the platform's encrypted root volume, and instance-store mappings", async () => {
            const instanceStore = withProps(launchTemplate, {
                blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }],
            });
            await expectCompliant("launch-template-ebs-encrypted", [launchTemplate, instanceStore]);
        });
    });

    describe("launch-template-no-public-ip", () => {
        it("flags a network interface that associates a public IP", async () => {
            const interfaces = [{ deviceIndex: 0, associatePublicIpAddress: "true" }];
            await expectViolation(
                "launch-template-no-public-ip",
                [withProps(launchTemplate, { networkInterfaces: interfaces })],
                {
                    message: "networkInterfaces[0] sets associatePublicIpAddress",
                },
            );
        });

        it("passes the platform's template", async () => {
            await expectCompliant("launch-template-no-public-ip", [launchTemplate]);
        });
    });
});
