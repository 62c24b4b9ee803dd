/**
 * Load balancer checks that need other resources of the stack: a WAF web ACL in front of the public ALB, subnets
 * in several zones, and `ip` target groups for awsvpc services.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    awsType,
    checkEachResource,
    policyConfig,
    referencedResources,
    referenceIds,
    referencesThrough,
    refersToThrough,
    resourcesOfType,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import type { ServiceProps } from "../ecs/common";
import { kindOf, loadBalancerTypes, type LoadBalancerProps } from "./load-balancer";
import { targetGroupTypes } from "./target-group";

/** WAF (v2, and classic regional) web ACL associations. */
const webAclAssociationTypes = [awsType("wafv2", "webAclAssociation"), awsType("wafregional", "webAclAssociation")];

export const albWaf: PlatformStackPolicy = {
    name: "alb-waf",
    description: "Checks that internet-facing Application Load Balancers are associated with a WAF web ACL.",
    severity: "medium",
    remediationSteps:
        "Create an aws.wafv2.WebAcl (scope REGIONAL, e.g. with the AWS managed common rule set and a rate-based rule) and an aws.wafv2.WebAclAssociation with `resourceArn: alb.arn`.",
    enforcementLevel: "advisory",
    tags: ["cdk-nag:ALBWAFEnabled", "checkov:CKV2_AWS_28", "family:loadbalancer"],
    validateStack: validateStackOfTypes(loadBalancerTypes, (loadBalancers, args, report) => {
        const associations = resourcesOfType(args.resources, webAclAssociationTypes);
        checkEachResource(loadBalancers, report, lb => {
            const props = lb.props as LoadBalancerProps;
            if (props.internal === true || kindOf(props) !== "application") {
                return;
            }
            const protectedBy = associations.filter(a => refersToThrough(a, "resourceArn", lb));
            if (protectedBy.length === 0) {
                report(`Internet-facing load balancer ${lb.name} has no WAF web ACL association.`, lb.urn);
            }
        });
    }),
};

const multiAzSchema = {
    properties: {
        minAvailabilityZones: {
            type: "integer",
            minimum: 1,
            default: 2,
            description: "Fewest availability zones a load balancer's subnets must span.",
        },
    },
} satisfies PolicyConfigSchema;

export const lbMultiAz: PlatformStackPolicy = {
    name: "lb-multi-az",
    description: "Checks that load balancers have subnets in at least two availability zones.",
    severity: "medium",
    remediationSteps:
        "List one public subnet per availability zone (at least `minAvailabilityZones`) in the load balancer's `subnets` (or `subnetMappings`), and run targets in the same zones.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ELB.13", "family:loadbalancer"],
    configSchema: multiAzSchema,
    validateStack: validateStackOfTypes(loadBalancerTypes, (loadBalancers, args, report) => {
        const { minAvailabilityZones } = policyConfig<{ minAvailabilityZones: number }>(args, multiAzSchema);
        const subnets = resourcesOfType(args.resources, types.subnet);
        checkEachResource(loadBalancers, report, lb => {
            const props = lb.props as LoadBalancerProps;
            const listed = (props.subnets?.length ?? 0) + (props.subnetMappings?.length ?? 0);
            const inStack = [
                ...referencesThrough(lb, "subnets", () => props.subnets ?? [], subnets, types.subnet),
                ...referencesThrough(
                    lb,
                    "subnetMappings",
                    () => (props.subnetMappings ?? []).map(m => m.subnetId),
                    subnets,
                    types.subnet,
                ),
            ];
            const zones = new Set(
                inStack.map(subnet => subnet.props.availabilityZone || subnet.props.availabilityZoneId),
            );
            // Subnets from outside the stack may add zones this policy cannot see.
            const allKnown = inStack.length >= listed;
            if (listed < minAvailabilityZones || (allKnown && zones.size < minAvailabilityZones)) {
                const where = allKnown && listed > 0 ? ` in ${zones.size} zone(s) (${[...zones].join(", ")})` : "";
                report(
                    `Load balancer ${lb.name} has ${listed} subnet(s)${where}; at least ${minAvailabilityZones} zones are required.`,
                    lb.urn,
                );
            }
        });
    }),
};

/** Whether a service's tasks use awsvpc networking (Fargate, a network configuration, or an awsvpc task definition). */
function usesAwsvpc(service: PolicyResource, taskDefinitions: readonly PolicyResource[]): boolean {
    const props = service.props as ServiceProps;
    if (props.networkConfiguration !== undefined || props.launchType === "FARGATE") {
        return true;
    }
    return referencesThrough(
        service,
        "taskDefinition",
        () => props.taskDefinition,
        taskDefinitions,
        types.ecsTaskDefinition,
    ).some(task => task.props.networkMode === "awsvpc");
}

export const tgIpTargetForFargate: PlatformStackPolicy = {
    name: "tg-ip-target-for-fargate",
    description:
        'Checks that target groups of ECS services with awsvpc networking (all Fargate services) use `targetType: "ip"`.',
    severity: "high",
    remediationSteps:
        'Set `targetType: "ip"` on the aws.lb.TargetGroup the service\'s `loadBalancers` entry names (awsvpc tasks register by ENI IP; ECS rejects `instance` target groups for them). Changing it replaces the target group.',
    enforcementLevel: "mandatory",
    tags: ["family:loadbalancer"],
    validateStack: validateStackOfTypes(types.ecsService, (services, args, report) => {
        const targetGroups = resourcesOfType(args.resources, targetGroupTypes);
        const taskDefinitions = resourcesOfType(args.resources, types.ecsTaskDefinition);
        checkEachResource(services, report, service => {
            const props = service.props as ServiceProps;
            if ((props.loadBalancers ?? []).length === 0 || !usesAwsvpc(service, taskDefinitions)) {
                return;
            }
            const arns = (props.loadBalancers ?? []).flatMap(lb => referenceIds(() => lb.targetGroupArn ?? []).values);
            for (const group of referencedResources(service, "loadBalancers", targetGroups, targetGroupTypes, arns)) {
                const targetType = group.props.targetType ?? "instance";
                if (targetType !== "ip") {
                    report(
                        `Target group ${group.name} of awsvpc service ${service.name} has targetType ${targetType}.`,
                        group.urn,
                    );
                }
            }
        });
    }),
};
