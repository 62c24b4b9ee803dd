/**
 * Stack-wide security group checks: which groups may take traffic from the internet (only load balancers'), and
 * groups that nothing uses.
 *
 * A "load balancer security group" is one that an `aws.lb`/`aws.alb` LoadBalancer in the same stack lists in
 * `securityGroups` (matched by id, or by `propertyDependencies` while ids are unknown). Deciding this from the
 * stack, instead of from a name or tag allow-list, means a group cannot be exempted without actually fronting a
 * load balancer.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import {
    anyRefersTo,
    checkEachResource,
    policyConfig,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import { SecurityGroupGraph } from "./security-group-graph";
import {
    describeTraffic,
    onlyReachesPorts,
    ruleResourceTypes,
    rulesOf,
    securityGroupTypes,
    worldCidrs,
} from "./security-group-rules";

const worldIngressSchema = {
    properties: {
        loadBalancerPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [80, 443],
            description: "TCP ports a load balancer's security group may open to 0.0.0.0/0 and ::/0.",
        },
    },
} satisfies PolicyConfigSchema;

export const sgNoWorldIngress: PlatformStackPolicy = {
    name: "sg-no-world-ingress",
    description:
        "Checks that only security groups of load balancers accept traffic from the internet (0.0.0.0/0, ::/0), and only on the listener ports (by default TCP 80 and 443).",
    severity: "high",
    remediationSteps:
        "Replace the 0.0.0.0/0 or ::/0 peer with the security group of the caller (e.g. the load balancer's group for a service, `referencedSecurityGroupId` on aws.vpc.SecurityGroupIngressRule) or a narrow CIDR. Internet traffic enters through a load balancer whose group allows only its listener ports; list other listener ports in `loadBalancerPorts`.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:EC2.18", "cdk-nag:AwsSolutions-EC23", "trivy:AVD-AWS-0107", "family:network"],
    configSchema: worldIngressSchema,
    validateStack: validateStackOfTypes([types.securityGroup, ...ruleResourceTypes], (declaring, args, report) => {
        const { loadBalancerPorts } = policyConfig<{ loadBalancerPorts: number[] }>(args, worldIngressSchema);
        const graph = new SecurityGroupGraph(args.resources);
        checkEachResource(declaring, report, resource => {
            const worldIngress = rulesOf(resource.type, resource.props).filter(
                rule => rule.direction === "ingress" && worldCidrs(rule).length > 0,
            );
            if (worldIngress.length === 0) {
                return;
            }
            const group = resource.type === types.securityGroup ? resource : graph.ownerOf(resource);
            const fronted = group !== undefined && graph.isLoadBalancerGroup(group);
            for (const rule of worldIngress) {
                const traffic = `${rule.label} (${describeTraffic(rule)}) from ${worldCidrs(rule).join(", ")}`;
                if (!fronted) {
                    report(
                        `${traffic}: the security group is not used by a load balancer in this stack.`,
                        resource.urn,
                    );
                } else if (rule.protocol !== "tcp" || !onlyReachesPorts(rule, loadBalancerPorts)) {
                    report(
                        `${traffic}: a load balancer's group may only open TCP ${loadBalancerPorts.join(", ")} to the internet.`,
                        resource.urn,
                    );
                }
            }
        });
    }),
};

/** Types whose references to a group are not uses of it (rules, and groups naming it as a peer). */
const notConsumers: readonly string[] = [...securityGroupTypes, ...ruleResourceTypes];

export const sgAttached: PlatformStackPolicy = {
    name: "sg-attached",
    description:
        "Checks that every security group is used by something in the stack (a load balancer, service, endpoint, instance, …).",
    severity: "low",
    remediationSteps:
        "Delete the unused aws.ec2.SecurityGroup (and its rules), or attach it where it was meant to go (e.g. `networkConfiguration.securityGroups` of the ECS service, `securityGroups` of the load balancer, `securityGroupIds` of the VPC endpoint).",
    enforcementLevel: "advisory",
    tags: ["checkov:CKV2_AWS_5", "family:network"],
    validateStack: validateStackOfTypes(types.securityGroup, (groups, args, report) => {
        const used = anyRefersTo(args.resources.filter(r => !notConsumers.includes(r.type)));
        checkEachResource(groups, report, group => {
            if (!used(group)) {
                report(
                    "Nothing in this stack uses the security group; a group used only from another stack belongs in that stack.",
                    group.urn,
                );
            }
        });
    }),
};
