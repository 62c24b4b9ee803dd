import { networkStack } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const [privateSubnet] = prod.privateSubnets;
const [publicSubnet] = prod.publicSubnets;

describe("policies/network/subnet", () => {
    describe("subnet-no-auto-public-ip", () => {
        it("flags a private subnet that maps public IPv4 addresses on launch", async () => {
            await expectViolation(
                "subnet-no-auto-public-ip",
                [withProps(privateSubnet, { mapPublicIpOnLaunch: true })],
                {
                    message: "mapPublicIpOnLaunch is true on a subnet without the tier=public tag",
                },
            );
        });

        it("flags IPv6 addresses assigned on creation", async () => {
            await expectViolation(
                "subnet-no-auto-public-ip",
                [withProps(privateSubnet, { assignIpv6AddressOnCreation: true })],
                {
                    message: "assignIpv6AddressOnCreation",
                },
            );
        });

        it("passes the platform's subnets, public and private", async () => {
            await expectCompliant("subnet-no-auto-public-ip", [...prod.publicSubnets, ...prod.privateSubnets]);
        });

        it("allows public addresses on subnets tagged public (the configured tag)", async () => {
            await expectCompliant("subnet-no-auto-public-ip", [withProps(publicSubnet, { mapPublicIpOnLaunch: true })]);
            const dmz = withProps(privateSubnet, { mapPublicIpOnLaunch: true, tags: { zone: "dmz" } });
            await expectCompliant("subnet-no-auto-public-ip", [dmz], {
                config: { "subnet-no-auto-public-ip": { publicSubnetTag: "zone=dmz" } },
            });
        });

        it("is advisory during preview when the setting is unknown", async () => {
            await expectPreviewAdvisory("subnet-no-auto-public-ip", [
                withProps(privateSubnet, { mapPublicIpOnLaunch: UNKNOWN }),
            ]);
        });
    });
});
