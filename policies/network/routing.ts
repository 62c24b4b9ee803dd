/**
 * Subnets, route tables and default routes of a stack, and which subnets are meant to be public.
 *
 * A subnet is public when it carries the `publicSubnetTag` (default `tier=public`): the platform's public subnets
 * hold only load balancers and NAT gateways. The tag declares the intent; `route-no-open-igw` checks it against
 * the routes, so a subnet that routes to an internet gateway without the tag, or a main route table that would
 * make every new subnet public, fails.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    hasTag,
    identifies,
    readKnown,
    referenceIds,
    referencesThrough,
    resourcesOfType,
    types,
} from "../lib";
import { isWorldCidr } from "./security-group-rules";

/** Type token of `aws.ec2.NatGateway`. */
export const natGatewayType = awsType("ec2", "natGateway");

/** Input props of `aws.ec2.Subnet`. */
export type SubnetProps = Unwrap<aws.ec2.SubnetArgs>;

/** Config property shared by the policies that need to know which subnets are public. */
export const publicSubnetTagProperty = {
    publicSubnetTag: {
        type: "string" as const,
        pattern: "^[^=]+=",
        default: "tier=public",
        description:
            "`key=value` tag that marks a subnet as public (load balancers and NAT gateways only). Only these subnets may auto-assign public IPs or route 0.0.0.0/0 to an internet gateway.",
    },
};

/** Whether a subnet resource is tagged public (`tags`, or `tagsAll`, which adds provider default tags, in outputs). */
export function isPublicSubnet(subnet: PolicyResource, publicSubnetTag: string): boolean {
    const tagsAll = readKnown(() => subnet.props.tagsAll as Record<string, string> | undefined);
    return hasTag(subnet.props.tags, publicSubnetTag) || (tagsAll.known && hasTag(tagsAll.value, publicSubnetTag));
}

/** Where a default route (`0.0.0.0/0` or `::/0`) sends traffic. */
export type RouteTarget = "internetGateway" | "natGateway" | "networkInterface" | "other";

/** A default route of a route table. */
export interface DefaultRoute {
    /** `0.0.0.0/0` or `::/0`. */
    destination: string;
    /** Where it sends traffic. */
    target: RouteTarget;
    /** The NAT gateway, when `target` is `natGateway` and the gateway is in the stack. */
    natGateway?: PolicyResource;
    /** The route table, route or default route table that declares it. */
    declaredBy: PolicyResource;
}

/** Route table types with inline `routes`. */
const tablesWithInlineRoutes: readonly string[] = [types.routeTable, types.defaultRouteTable];

type InlineRoute = Record<string, any>;

const isDefaultDestination = (cidr: unknown) => typeof cidr === "string" && isWorldCidr(cidr);

/** The subnets, route tables, associations and NAT gateways of a stack. */
export class RoutingGraph {
    /** Every `aws.ec2.Subnet`. */
    readonly subnets: PolicyResource[];
    /** Every `aws.ec2.RouteTable` and `aws.ec2.DefaultRouteTable`. */
    readonly routeTables: PolicyResource[];
    /** Every `aws.ec2.RouteTableAssociation`. */
    readonly associations: PolicyResource[];
    private readonly routes: PolicyResource[];
    private readonly internetGateways: PolicyResource[];
    private readonly natGateways: PolicyResource[];

    constructor(resources: readonly PolicyResource[]) {
        this.subnets = resourcesOfType(resources, types.subnet);
        this.routeTables = resourcesOfType(resources, tablesWithInlineRoutes);
        this.associations = resourcesOfType(resources, types.routeTableAssociation);
        this.routes = resourcesOfType(resources, types.route);
        this.internetGateways = resourcesOfType(resources, types.internetGateway);
        this.natGateways = resourcesOfType(resources, natGatewayType);
    }

    /** The route table an association or route belongs to. */
    tableOf(resource: PolicyResource): PolicyResource | undefined {
        return referencesThrough(
            resource,
            "routeTableId",
            () => resource.props.routeTableId,
            this.routeTables,
            tablesWithInlineRoutes,
        )[0];
    }

    /** The subnet an association or NAT gateway is in. */
    subnetOf(resource: PolicyResource): PolicyResource | undefined {
        return referencesThrough(resource, "subnetId", () => resource.props.subnetId, this.subnets, types.subnet)[0];
    }

    /** The default routes of a route table: inline ones and `aws.ec2.Route` resources. */
    defaultRoutesOf(table: PolicyResource): DefaultRoute[] {
        const inline = ((table.props.routes ?? []) as InlineRoute[])
            .filter(route => isDefaultDestination(route.cidrBlock) || isDefaultDestination(route.ipv6CidrBlock))
            .map(route => this.defaultRoute(table, "routes", route, route.cidrBlock || route.ipv6CidrBlock));
        const separate = this.routes
            .filter(route => this.tableOf(route)?.urn === table.urn)
            .filter(
                route =>
                    isDefaultDestination(route.props.destinationCidrBlock) ||
                    isDefaultDestination(route.props.destinationIpv6CidrBlock),
            )
            .map(route =>
                this.defaultRoute(
                    route,
                    "",
                    route.props,
                    route.props.destinationCidrBlock || route.props.destinationIpv6CidrBlock,
                ),
            );
        return [...inline, ...separate];
    }

    /**
     * Classifies a route's target. Gateway ids are unknown during preview for gateways created in the same
     * update; then the gateway the route's property depends on decides (`routes` for inline routes, which covers
     * every inline route of the table: a table with both an internet and a NAT gateway among unknown targets is
     * classified by the first match, internet gateway first).
     */
    private defaultRoute(
        declaredBy: PolicyResource,
        inlineProperty: string,
        route: InlineRoute,
        destination: string,
    ): DefaultRoute {
        const dependencyOf = (property: string) => declaredBy.propertyDependencies[inlineProperty || property] ?? [];
        const gateway = referenceIds(() => route.gatewayId ?? []);
        const viaInternetGateway =
            gateway.values.some(
                id => id.startsWith("igw-") || this.internetGateways.some(igw => identifies(id, igw)),
            ) ||
            (gateway.someUnknown && dependencyOf("gatewayId").some(d => d.type === types.internetGateway));
        if (viaInternetGateway) {
            return { destination, target: "internetGateway", declaredBy };
        }
        const nat = referenceIds(() => route.natGatewayId ?? []);
        if (nat.values.length > 0 || nat.someUnknown) {
            const natGateway =
                this.natGateways.find(n => nat.values.some(id => identifies(id, n))) ??
                (nat.someUnknown ? dependencyOf("natGatewayId").find(d => d.type === natGatewayType) : undefined);
            return { destination, target: "natGateway", natGateway, declaredBy };
        }
        const viaInstance = readKnown(() => route.networkInterfaceId || route.instanceId);
        if (!viaInstance.known || viaInstance.value) {
            return { destination, target: "networkInterface", declaredBy };
        }
        return { destination, target: "other", declaredBy };
    }

    /** The explicit associations of `table` with subnets, and those subnets (when in the stack). */
    subnetAssociationsOf(table: PolicyResource): { association: PolicyResource; subnet?: PolicyResource }[] {
        return this.associations
            .filter(association => this.tableOf(association)?.urn === table.urn)
            .filter(association => {
                // Edge associations (`gatewayId`) attach the table to a gateway, not to a subnet.
                const gateway = readKnown(() => association.props.gatewayId);
                return gateway.known && !gateway.value;
            })
            .map(association => ({ association, subnet: this.subnetOf(association) }));
    }
}
