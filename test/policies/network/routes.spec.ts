import * as assert from "node:assert/strict";
import { asFirstPreview, networkStack, nt, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const staging = networkStack("staging");
const prodStack = resourcesOf(prod);

describe("policies/network/routes", () => {
    describe("route-no-open-igw", () => {
        it("passes the platform stack: only public subnets use the internet route table", async () => {
            await expectCompliant("route-no-open-igw", prodStack);
            await expectCompliant("route-no-open-igw", asFirstPreview(prodStack), { preview: true });
        });

        it("flags a private subnet associated with the internet route table", async () => {
            const privateAssociation = prod.associations.find(a => a.name === prod.privateSubnets[0].name)!;
            const leaked = {
                ...withProps(privateAssociation, { routeTableId: prod.publicRouteTable.props.id }),
                propertyDependencies: {
                    subnetId: [prod.privateSubnets[0].urn],
                    routeTableId: [prod.publicRouteTable.urn],
                },
            };
            await expectViolation("route-no-open-igw", replacing(prodStack, leaked), {
                urn: leaked.urn,
                message: `associated with subnet ${prod.privateSubnets[0].name}, which is not tagged tier=public`,
            });
        });

        it("flags an inline ::/0 route to an internet gateway on a private route table, also during preview", async () => {
            const table = withProps(prod.privateRouteTables[0], {
                routes: [{ ipv6CidrBlock: "::/0", gatewayId: prod.internetGateway.props.id }],
            });
            await expectViolation("route-no-open-igw", replacing(prodStack, table), {
                message: "sends ::/0 to an internet gateway",
            });
            const previewTable = {
                ...withProps(table, { routes: [{ ipv6CidrBlock: "::/0", gatewayId: UNKNOWN }] }),
                propertyDependencies: { vpcId: [prod.vpc.urn], routes: [prod.internetGateway.urn] },
            };
            await expectViolation("route-no-open-igw", replacing(prodStack, previewTable), {
                preview: true,
                message: "sends ::/0",
            });
        });

        it("passes the dual-stack edge's ::/0 to the internet gateway from the public table, flags it on a private one", async () => {
            assert.equal(prod.internetIpv6Route.props.destinationIpv6CidrBlock, "::/0");
            await expectCompliant("route-no-open-igw", prodStack);
            const leaked = {
                ...withProps(prod.internetIpv6Route, { routeTableId: prod.privateRouteTables[0].props.id }),
                propertyDependencies: {
                    routeTableId: [prod.privateRouteTables[0].urn],
                    gatewayId: [prod.internetGateway.urn],
                },
            };
            await expectViolation("route-no-open-igw", replacing(prodStack, leaked), {
                message: "sends ::/0 to an internet gateway",
            });
        });

        it("flags an internet route table made the main route table, and a default route table with one", async () => {
            const main = fakeResource(
                "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
                "main",
                { vpcId: prod.vpc.props.id, routeTableId: prod.publicRouteTable.props.id },
                { propertyDependencies: { routeTableId: [prod.publicRouteTable.urn] } },
            );
            await expectViolation("route-no-open-igw", [...prodStack, main], {
                urn: main.urn,
                message: "main route table",
            });
            const defaultTable = fakeResource("aws:ec2/defaultRouteTable:DefaultRouteTable", "default", {
                defaultRouteTableId: "rtb-default",
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0c0d" }],
            });
            await expectViolation("route-no-open-igw", [...prodStack, defaultTable], {
                urn: defaultTable.urn,
                message: "default (main) route table",
            });
        });
    });

    describe("default-route-via-nat", () => {
        it("flags a default route through a network interface (NAT instance)", async () => {
            const route = withProps(prod.natRoutes[0], { natGatewayId: undefined, networkInterfaceId: "eni-0123" });
            await expectViolation("default-route-via-nat", [route], {
                message: "goes through eni-0123 instead of a NAT gateway",
            });
            const defaultTable = fakeResource("aws:ec2/defaultRouteTable:DefaultRouteTable", "default", {
                defaultRouteTableId: "rtb-default",
                routes: [{ cidrBlock: "0.0.0.0/0", instanceId: "i-0123" }],
            });
            await expectViolation("default-route-via-nat", [defaultTable], { message: "through i-0123" });
        });

        it("passes NAT gateway and internet gateway routes, and interface routes that are not default routes", async () => {
            const peering = fakeResource(nt.routeTable, "appliance", {
                vpcId: "vpc-0a1b",
                routes: [{ cidrBlock: "192.168.0.0/16", networkInterfaceId: "eni-0123" }],
            });
            await expectCompliant("default-route-via-nat", [...prod.natRoutes, prod.internetRoute, peering]);
        });

        it("is advisory during preview when the target is unknown", async () => {
            await expectPreviewAdvisory("default-route-via-nat", [
                withProps(prod.natRoutes[0], { networkInterfaceId: UNKNOWN }),
            ]);
        });
    });

    describe("nat-per-az", () => {
        it("passes prod: each private subnet uses the NAT gateway of its zone", async () => {
            await expectCompliant("nat-per-az", prodStack);
            await expectCompliant("nat-per-az", asFirstPreview(prodStack), { preview: true });
        });

        it("flags staging's single NAT gateway for the subnet in the other zone only", async () => {
            const violations = await expectViolation("nat-per-az", resourcesOf(staging), {
                message:
                    "Subnet staging-private-1 (eu-west-1b) sends 0.0.0.0/0 to NAT gateway staging-nat-0 in eu-west-1a",
            });
            assert.equal(violations.length, 1);
        });

        it("accepts a regional NAT gateway", async () => {
            const regional = withProps(staging.natGateways[0], { availabilityMode: "regional" });
            await expectCompliant("nat-per-az", replacing(resourcesOf(staging), regional));
        });

        it("is advisory, not blocking, for a subnet whose zone is unknown during preview", async () => {
            const unknownZone = withProps(staging.privateSubnets[1], { availabilityZone: UNKNOWN });
            await expectPreviewAdvisory("nat-per-az", replacing(resourcesOf(staging), unknownZone), {
                urn: staging.associations.at(-1)!.urn,
            });
        });
    });
});
