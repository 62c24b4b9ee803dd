/**
 * Tasks behind a load balancer take traffic only from it: the service's security groups allow ingress only from
 * a load balancer's security group (see ./security-group-exposure for how that group is recognised).
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    identifies,
    policyConfig,
    previewMessage,
    referenceIds,
    reportAdvisory,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import type { ServiceProps } from "../ecs/common";
import { SecurityGroupGraph, type DeclaredRule } from "./security-group-graph";
import { describeTraffic } from "./security-group-rules";

/** What, besides load balancers' groups, an ingress rule lets in; `undefined` when preview leaves it open. */
function otherPeers(
    declared: DeclaredRule,
    graph: SecurityGroupGraph,
    allowedCidrs: readonly string[],
): string[] | undefined {
    const { rule } = declared;
    const others = [
        ...rule.cidrs.filter(cidr => !allowedCidrs.includes(cidr)).map(cidr => `CIDR ${cidr}`),
        ...rule.prefixLists.map(id => `prefix list ${id}`),
        ...(rule.self ? ["the group itself (self)"] : []),
        ...rule.groups.values
            .filter(id => !graph.groups.some(group => identifies(id, group)))
            .map(id => `security group ${id} (not in this stack)`),
    ];
    const peers = graph.peersOf(declared);
    if (rule.groups.someUnknown && peers.length === 0) {
        return undefined;
    }
    others.push(...peers.filter(peer => !graph.isLoadBalancerGroup(peer)).map(peer => `security group ${peer.name}`));
    return others;
}

const taskIngressSchema = {
    properties: {
        allowedCidrs: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "CIDR ranges task security groups may still admit (e.g. a peered VPC that cannot reference security groups).",
        },
    },
} satisfies PolicyConfigSchema;

export const ecsTaskSgFromLbOnly: PlatformStackPolicy = {
    name: "ecs-task-sg-from-lb-only",
    description:
        "Checks that the security groups of ECS services behind a load balancer allow ingress only from a load balancer's security group.",
    severity: "high",
    remediationSteps:
        "Give the service its own aws.ec2.SecurityGroup whose only ingress is the container port from the load balancer's group (aws.vpc.SecurityGroupIngressRule with `referencedSecurityGroupId: lbSecurityGroup.id`), and list it in the service's `networkConfiguration.securityGroups`. Remove CIDR, prefix-list and `self` ingress.",
    enforcementLevel: "mandatory",
    tags: ["family:network"],
    configSchema: taskIngressSchema,
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        const { allowedCidrs } = policyConfig<{ allowedCidrs: string[] }>(args, taskIngressSchema);
        const graph = new SecurityGroupGraph(args.resources);
        const reported = new Set<string>();
        checkEachResource(services, report, (service: PolicyResource) => {
            const props = service.props as ServiceProps;
            // Without awsvpc networking the tasks use the instance's group, which this policy does not judge.
            if ((props.loadBalancers ?? []).length === 0 || props.networkConfiguration === undefined) {
                return;
            }
            const readGroups = () => props.networkConfiguration?.securityGroups ?? [];
            const ids = referenceIds(readGroups);
            if (ids.values.length === 0 && !ids.someUnknown) {
                report(
                    `Service ${service.name} sets no networkConfiguration.securityGroups, so its tasks get the VPC's default security group.`,
                    service.urn,
                );
                return;
            }
            const groups = graph.groupsReferenced(service, "networkConfiguration", readGroups);
            const outside = ids.values.filter(id => !groups.some(group => identifies(id, group)));
            if (outside.length > 0) {
                reportAdvisory(
                    report,
                    service.urn,
                    `Service ${service.name} uses security groups not managed in this stack (${outside.join(", ")}); their ingress was not checked.`,
                );
            }
            for (const group of groups) {
                for (const declared of graph.rulesOfGroup(group).filter(d => d.rule.direction === "ingress")) {
                    const others = otherPeers(declared, graph, allowedCidrs);
                    const key = `${declared.declaredBy.urn}#${declared.rule.label}`;
                    if (others === undefined) {
                        const unknownPeer = new Error(`the peer group of ${declared.rule.label} is not known yet`);
                        reportAdvisory(report, declared.declaredBy.urn, previewMessage(unknownPeer));
                    } else if (others.length > 0 && !reported.has(key)) {
                        reported.add(key);
                        report(
                            `Security group ${group.name} of service ${service.name}: ${declared.rule.label} (${describeTraffic(declared.rule)}) allows ${others.join(", ")}; only a load balancer's security group may reach the tasks.`,
                            declared.declaredBy.urn,
                        );
                    }
                }
            }
        });
    }),
};
