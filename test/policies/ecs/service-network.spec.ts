import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { compliantStack, replacing, t, withProps } from "./fixtures";

/** The compliant stack with the service's subnets replaced (by id and by dependency). */
function serviceIn(
    stack: ReturnType<typeof compliantStack>,
    ...subnets: { urn: string; props: Record<string, unknown> }[]
) {
    return withProps(
        stack.service,
        {
            networkConfiguration: {
                subnets: subnets.map(s => s.props.id),
                securityGroups: ["sg-task"],
                assignPublicIp: false,
            },
        },
        {
            propertyDependencies: {
                ...stack.service.propertyDependencies,
                networkConfiguration: [...subnets.map(s => s.urn), stack.taskSecurityGroup.urn],
            },
        },
    );
}

describe("policies/ecs/service-network", () => {
    describe("ecs-service-private-subnets", () => {
        const name = "ecs-service-private-subnets";

        it("accepts services in subnets routed through a NAT gateway", async () => {
            await expectCompliant(name, compliantStack().all);
        });

        it("accepts a dual-stack edge: ::/0 to the internet gateway on the public table only", async () => {
            const stack = compliantStack();
            const dualStack = withProps(stack.publicRoutes, {
                routes: [
                    { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
                    { ipv6CidrBlock: "::/0", gatewayId: "igw-1" },
                ],
            });
            await expectCompliant(name, replacing(stack.all, dualStack));
        });

        it("follows property dependencies in a preview, where subnet ids and the list itself are unknown", async () => {
            const stack = compliantStack();
            const unknownIds = [stack.privateA, stack.privateB, stack.publicA].map(s => withProps(s, { id: UNKNOWN }));
            const unknownList = withProps(stack.service, {
                networkConfiguration: { subnets: UNKNOWN, securityGroups: UNKNOWN, assignPublicIp: false },
            });
            await expectCompliant(name, replacing(stack.all, unknownList, ...unknownIds), { preview: true });
            const inPublic = withProps(serviceIn(stack, stack.publicA), {
                networkConfiguration: { subnets: UNKNOWN, assignPublicIp: false },
            });
            await expectViolation(name, replacing(stack.all, inPublic, ...unknownIds), {
                preview: true,
                message: "runs in subnet public-a",
            });
        });

        it("flags a subnet whose associated route table sends 0.0.0.0/0 to an internet gateway", async () => {
            const stack = compliantStack();
            const routedOnly = withProps(stack.publicA, { mapPublicIpOnLaunch: false });
            await expectViolation(
                name,
                replacing(stack.all, serviceIn(stack, stack.privateA, stack.publicA), routedOnly),
                {
                    urn: stack.service.urn,
                    message:
                        "runs in subnet public-a, which is routed to an internet gateway (default route in route table public)",
                },
            );
        });

        it("flags a subnet that assigns public IPs on launch", async () => {
            const stack = compliantStack();
            await expectViolation(
                name,
                replacing(stack.all, withProps(stack.privateA, { mapPublicIpOnLaunch: true })),
                {
                    message: "private-a, which assigns public IPs on launch",
                },
            );
        });

        it("flags an aws.ec2.Route to an internet gateway, by id or (in preview) by dependency", async () => {
            const stack = compliantStack();
            const route = (gatewayId: string, destination: Record<string, string>) =>
                fakeResource(
                    t.route,
                    "to-igw",
                    { routeTableId: "rtb-private", gatewayId, ...destination },
                    {
                        propertyDependencies: { routeTableId: [stack.privateRoutes.urn], gatewayId: [stack.igw.urn] },
                    },
                );
            await expectViolation(name, [...stack.all, route("igw-1", { destinationCidrBlock: "0.0.0.0/0" })], {
                message: "route table private",
            });
            await expectViolation(name, [...stack.all, route("igw-0abc", { destinationIpv6CidrBlock: "::/0" })]);
            // Any /0 is the whole internet, however it is spelled.
            await expectViolation(name, [...stack.all, route("igw-0abc", { destinationIpv6CidrBlock: "0::/0" })]);
            await expectViolation(name, [...stack.all, route(UNKNOWN, { destinationCidrBlock: "0.0.0.0/0" })], {
                preview: true,
            });
        });

        it("does not mistake a non-default route or a virtual private gateway for internet access", async () => {
            const stack = compliantStack();
            const routes = [
                fakeResource(t.route, "vpn", {
                    routeTableId: "rtb-private",
                    destinationCidrBlock: "0.0.0.0/0",
                    gatewayId: "vgw-1",
                }),
                fakeResource(t.route, "peer", {
                    routeTableId: "rtb-private",
                    destinationCidrBlock: "172.16.0.0/12",
                    gatewayId: "igw-1",
                }),
            ];
            await expectCompliant(name, [...stack.all, ...routes]);
        });

        it("uses the VPC's main route table for subnets without an association", async () => {
            const stack = compliantStack();
            const withoutAssociation = stack.all.filter(r => r !== stack.privateAssociationA);
            await expectCompliant(name, withoutAssociation);
            const mainRoute = fakeResource(
                t.route,
                "main-igw",
                { routeTableId: "rtb-main", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
                {
                    propertyDependencies: { routeTableId: [stack.vpc.urn] },
                },
            );
            await expectViolation(name, [...withoutAssociation, mainRoute], {
                message:
                    "private-a, which is routed to an internet gateway (default route in the main route table of VPC vpc)",
            });
        });

        it("notes subnets that are not in the stack instead of passing them", async () => {
            const stack = compliantStack();
            const external = withProps(
                stack.service,
                { networkConfiguration: { subnets: ["subnet-elsewhere"], securityGroups: ["sg-task"] } },
                { propertyDependencies: {} },
            );
            const violations = await violationsOf(name, replacing(stack.all, external));
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["advisory"],
            );
            assert.match(violations[0].message, /uses subnets that are not managed in this stack/);
        });

        it("cannot be checked while the subnet list is unknown and no subnet of the stack explains it", async () => {
            const stack = compliantStack();
            const unknown = withProps(
                stack.service,
                { networkConfiguration: { subnets: UNKNOWN } },
                { propertyDependencies: {} },
            );
            await expectPreviewAdvisory(name, replacing(stack.all, unknown), {
                message: ".networkConfiguration.subnets can't be known",
            });
        });

        it("leaves services without awsvpc networking alone", async () => {
            const stack = compliantStack();
            await expectCompliant(
                name,
                replacing(stack.all, withProps(stack.service, { networkConfiguration: undefined })),
            );
        });
    });
});
