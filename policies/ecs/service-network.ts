/**
 * Where services run: only private subnets (no auto-assigned public IPs, no default route to an internet gateway).
 * Who may reach the tasks (row 24, ecs-task-sg-from-lb-only) is checked in ../network/task-security-group.ts.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    dependsOnThrough,
    identifies,
    knownValue,
    readKnown,
    referencedResources,
    reportAdvisory,
    resourcesOfType,
    types,
    validateStackOfTypes,
    type KnownValue,
    type PlatformStackPolicy,
} from "../lib";
import { serviceSubnets } from "./common";
import { isWorldCidr } from "../network/security-group-rules";

/** The VPC resources `holder` refers to through `property` (by id or dependency). */
function vpcsOf(holder: PolicyResource, property: string, resources: PolicyResource[]): PolicyResource[] {
    return referencedResources(holder, property, resources, types.vpc, [knownValue(() => holder.props[property])]);
}

const routeTableTypes = [types.routeTable, types.defaultRouteTable];

/**
 * The route tables of a subnet: explicitly associated ones, else the VPC's main route table (a
 * MainRouteTableAssociation or DefaultRouteTable of the stack, plus the VPC itself, which stands for its implicit
 * main route table: `aws.ec2.Route`s with `routeTableId: vpc.mainRouteTableId` target it).
 */
function routeTablesOf(subnet: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const associated = resourcesOfType(resources, types.routeTableAssociation)
        .filter(
            a =>
                dependsOnThrough(a, "subnetId", subnet) ||
                identifies(
                    knownValue(() => a.props.subnetId),
                    subnet,
                ),
        )
        .flatMap(a =>
            referencedResources(a, "routeTableId", resources, routeTableTypes, [
                knownValue(() => a.props.routeTableId),
            ]),
        );
    if (associated.length > 0) {
        return associated;
    }
    const vpcs = vpcsOf(subnet, "vpcId", resources);
    const mainAssociations = resourcesOfType(resources, types.mainRouteTableAssociation).filter(m =>
        vpcsOf(m, "vpcId", resources).some(vpc => vpcs.includes(vpc)),
    );
    const mainTables = mainAssociations.flatMap(m =>
        referencedResources(m, "routeTableId", resources, routeTableTypes, [knownValue(() => m.props.routeTableId)]),
    );
    const defaultTables = resourcesOfType(resources, types.defaultRouteTable).filter(
        t =>
            vpcs.some(vpc => dependsOnThrough(t, "defaultRouteTableId", vpc)) ||
            vpcsOf(t, "vpcId", resources).some(v => vpcs.includes(v)),
    );
    return mainTables.length > 0 ? mainTables : [...defaultTables, ...vpcs];
}

/** A route, wherever it is declared. */
interface RouteView {
    /** Where the route is declared (route table or route resource). */
    holder: PolicyResource;
    /** The holder property the route's gateway depends on, for matching unknown gateway ids. */
    property: string;
    /** IPv4 destination. */
    destination: unknown;
    /** IPv6 destination. */
    ipv6Destination: unknown;
    /** `gatewayId`, which may be unknown during preview. */
    gateway: KnownValue<unknown>;
}

/** Inline routes of a table plus `aws.ec2.Route` resources that target it (or the VPC's main table). */
function routesOf(table: PolicyResource, resources: PolicyResource[]): RouteView[] {
    const inline: RouteView[] =
        table.type === types.vpc
            ? []
            : (table.props.routes ?? []).map((_: unknown, i: number) => ({
                  holder: table,
                  property: "routes",
                  destination: table.props.routes[i].cidrBlock,
                  ipv6Destination: table.props.routes[i].ipv6CidrBlock,
                  gateway: readKnown(() => table.props.routes[i].gatewayId),
              }));
    const mainTableId = table.type === types.vpc ? knownValue(() => table.props.mainRouteTableId) : undefined;
    const separate = resourcesOfType(resources, types.route)
        .filter(route => {
            const target = knownValue(() => route.props.routeTableId);
            return (
                dependsOnThrough(route, "routeTableId", table) ||
                identifies(target, table) ||
                (mainTableId !== undefined && target === mainTableId)
            );
        })
        .map(route => ({
            holder: route,
            property: "gatewayId",
            destination: route.props.destinationCidrBlock,
            ipv6Destination: route.props.destinationIpv6CidrBlock,
            gateway: readKnown(() => route.props.gatewayId),
        }));
    return [...inline, ...separate];
}

/** Whether a default route (`0.0.0.0/0` or `::/0`) goes to an internet gateway. */
function isDefaultRouteToInternet(route: RouteView, gateways: PolicyResource[]): boolean {
    const isDefault = (cidr: unknown) => typeof cidr === "string" && isWorldCidr(cidr);
    if (!isDefault(route.destination) && !isDefault(route.ipv6Destination)) {
        return false;
    }
    if (!route.gateway.known) {
        // The id is not known yet: it is an internet gateway if the route depends on one of this stack.
        return gateways.some(igw => dependsOnThrough(route.holder, route.property, igw));
    }
    const gatewayId = route.gateway.value;
    return (
        typeof gatewayId === "string" &&
        (gatewayId.startsWith("igw-") || gateways.some(igw => identifies(gatewayId, igw)))
    );
}

/** Why `subnet` is public, or `undefined`. */
function publicReason(subnet: PolicyResource, resources: PolicyResource[]): string | undefined {
    if (subnet.props.mapPublicIpOnLaunch === true) {
        return "assigns public IPs on launch (mapPublicIpOnLaunch)";
    }
    const gateways = resourcesOfType(resources, types.internetGateway);
    for (const table of routeTablesOf(subnet, resources)) {
        if (routesOf(table, resources).some(route => isDefaultRouteToInternet(route, gateways))) {
            const where =
                table.type === types.vpc ? `the main route table of VPC ${table.name}` : `route table ${table.name}`;
            return `is routed to an internet gateway (default route in ${where})`;
        }
    }
    return undefined;
}

export const ecsServicePrivateSubnets: PlatformStackPolicy = {
    name: "ecs-service-private-subnets",
    description:
        "Checks that ECS services run only in private subnets: no public IP on launch and no default route (0.0.0.0/0 or ::/0) to an internet gateway.",
    severity: "critical",
    remediationSteps:
        "Put the service's `networkConfiguration.subnets` on private subnets whose route tables send 0.0.0.0/0 to a NAT gateway (or have only VPC endpoints), and set `mapPublicIpOnLaunch: false` on them; keep internet gateways on the load balancer's public subnets only.",
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        checkEachResource(services, report, service => {
            if (!service.props.networkConfiguration) {
                return; // bridge/host services on EC2 use their instances' network (see README, not implemented)
            }
            const { subnets, complete } = serviceSubnets(service, args.resources);
            for (const subnet of subnets) {
                const reason = publicReason(subnet, args.resources);
                if (reason) {
                    report(`service ${service.name} runs in subnet ${subnet.name}, which ${reason}.`, service.urn);
                }
            }
            if (!complete) {
                reportAdvisory(
                    report,
                    service.urn,
                    `service ${service.name} uses subnets that are not managed in this stack; they could not be checked for routes to an internet gateway.`,
                );
            }
        });
    }),
};

export const serviceNetworkPolicies = [ecsServicePrivateSubnets];
