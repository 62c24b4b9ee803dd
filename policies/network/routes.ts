/**
 * Default routes: to an internet gateway only from public subnets, through managed NAT gateways rather than
 * instances, and to a NAT gateway in the subnet's own availability zone.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    policyConfig,
    readKnown,
    resourcesOfType,
    types,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";
import { isPublicSubnet, natGatewayType, publicSubnetTagProperty, RoutingGraph } from "./routing";
import { isWorldCidr } from "./security-group-rules";

const openRouteSchema = { properties: { ...publicSubnetTagProperty } } satisfies PolicyConfigSchema;

export const routeNoOpenIgw: PlatformStackPolicy = {
    name: "route-no-open-igw",
    description:
        "Checks that only subnets tagged public route 0.0.0.0/0 or ::/0 to an internet gateway, and that no main route table does.",
    severity: "high",
    remediationSteps:
        'Associate private subnets with a route table whose default route goes to a NAT gateway (`natGatewayId`), not an internet gateway. Keep the internet-gateway route in a separate public route table associated only with subnets tagged `publicSubnetTag` (default `tier: "public"`), and never make that table the VPC\'s main route table.',
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:VPCNoUnrestrictedRouteToIGW", "family:network"],
    configSchema: openRouteSchema,
    validateStack: validateStackOfTypes(
        [types.routeTableAssociation, types.mainRouteTableAssociation, types.defaultRouteTable],
        (_matching, args, report) => {
            const { publicSubnetTag } = policyConfig<{ publicSubnetTag: string }>(args, openRouteSchema);
            const graph = new RoutingGraph(args.resources);
            const toInternet = (table: PolicyResource) =>
                graph.defaultRoutesOf(table).filter(route => route.target === "internetGateway");
            checkEachResource(graph.routeTables, report, table => {
                const routes = toInternet(table);
                if (routes.length === 0) {
                    return;
                }
                const destinations = routes.map(r => r.destination).join(", ");
                if (table.type === types.defaultRouteTable) {
                    report(
                        `The VPC's default (main) route table sends ${destinations} to an internet gateway, so every subnet without its own route table is public.`,
                        table.urn,
                    );
                }
                for (const { association, subnet } of graph.subnetAssociationsOf(table)) {
                    if (subnet === undefined || !isPublicSubnet(subnet, publicSubnetTag)) {
                        const which = subnet === undefined ? "a subnet outside this stack" : `subnet ${subnet.name}`;
                        report(
                            `Route table ${table.name} sends ${destinations} to an internet gateway and is associated with ${which}, which is not tagged ${publicSubnetTag}.`,
                            association.urn,
                        );
                    }
                }
            });
            checkEachResource(resourcesOfType(args.resources, types.mainRouteTableAssociation), report, main => {
                const table = graph.tableOf(main);
                if (table !== undefined && toInternet(table).length > 0) {
                    report(
                        `Route table ${table.name} routes to an internet gateway and is made the VPC's main route table, so every subnet without its own route table is public.`,
                        main.urn,
                    );
                }
            });
        },
    ),
};

export const defaultRouteViaNat: PlatformResourcePolicy = {
    name: "default-route-via-nat",
    description:
        "Checks that default routes do not go through an instance or network interface (a NAT instance) instead of a NAT gateway.",
    severity: "medium",
    remediationSteps:
        "Replace the `networkInterfaceId`/`instanceId` target of the 0.0.0.0/0 route with `natGatewayId` of an aws.ec2.NatGateway in the same availability zone. A NAT instance is a single point of failure that the platform does not patch or scale.",
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV2_AWS_35", "family:network"],
    validateResource: validateResourceOfTypes<Record<string, any>>(
        [types.routeTable, types.defaultRouteTable, types.route],
        (props, args, report) => {
            const routes: Record<string, any>[] =
                args.type === types.route
                    ? [
                          {
                              cidrBlock: props.destinationCidrBlock,
                              ipv6CidrBlock: props.destinationIpv6CidrBlock,
                              networkInterfaceId: props.networkInterfaceId,
                          },
                      ]
                    : (props.routes ?? []);
            for (const route of routes) {
                const destination = route.cidrBlock || route.ipv6CidrBlock;
                const target = route.networkInterfaceId || route.instanceId;
                if (typeof destination === "string" && isWorldCidr(destination) && target) {
                    report(`The default route ${destination} goes through ${target} instead of a NAT gateway.`);
                }
            }
        },
    ),
};

/**
 * The zones of two subnets, compared like for like (`availabilityZone` names, else `availabilityZoneId`s); undefined
 * when they do not name their zones the same way.
 */
function zonesOf(a: PolicyResource, b: PolicyResource): [string, string] | undefined {
    for (const key of ["availabilityZone", "availabilityZoneId"]) {
        const [zoneA, zoneB] = [a.props[key], b.props[key]];
        if (typeof zoneA === "string" && zoneA !== "" && typeof zoneB === "string" && zoneB !== "") {
            return [zoneA, zoneB];
        }
    }
    return undefined;
}

/** A regional NAT gateway spans the VPC's zones by itself. */
function isRegional(nat: PolicyResource): boolean {
    const mode = readKnown(() => nat.props.availabilityMode);
    return mode.known && mode.value === "regional";
}

const natSchema = {
    properties: {
        ...publicSubnetTagProperty,
    },
} satisfies PolicyConfigSchema;

export const natPerAz: PlatformStackPolicy = {
    name: "nat-per-az",
    description:
        "Checks that each private subnet's default route uses a NAT gateway in the subnet's own availability zone (or a regional NAT gateway), so losing one zone does not cut the others off.",
    severity: "medium",
    remediationSteps:
        "Create one aws.ec2.NatGateway per availability zone, in that zone's public subnet, and one private route table per zone whose 0.0.0.0/0 route uses that zone's NAT gateway (or use one NAT gateway with `availabilityMode: \"regional\"`). Staging may run a single NAT gateway by design: set this policy to `disabled` there.",
    enforcementLevel: "mandatory",
    tags: ["family:network"],
    configSchema: natSchema,
    validateStack: validateStackOfTypes(natGatewayType, (_natGateways, args, report) => {
        const { publicSubnetTag } = policyConfig<{ publicSubnetTag: string }>(args, natSchema);
        const graph = new RoutingGraph(args.resources);
        checkEachResource(graph.associations, report, association => {
            const subnet = graph.subnetOf(association);
            const table = graph.tableOf(association);
            if (subnet === undefined || table === undefined || isPublicSubnet(subnet, publicSubnetTag)) {
                return;
            }
            for (const route of graph.defaultRoutesOf(table)) {
                const nat = route.natGateway;
                if (route.target !== "natGateway" || nat === undefined || isRegional(nat)) {
                    continue;
                }
                const natSubnet = graph.subnetOf(nat);
                const zones = natSubnet && zonesOf(subnet, natSubnet);
                if (zones !== undefined && zones[0] !== zones[1]) {
                    const [zone, natZone] = zones;
                    report(
                        `Subnet ${subnet.name} (${zone}) sends ${route.destination} to NAT gateway ${nat.name} in ${natZone}; if ${natZone} fails, ${zone} loses its internet access too.`,
                        association.urn,
                    );
                }
            }
        });
    }),
};
