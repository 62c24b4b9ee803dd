/**
 * The security groups of a stack, with their rules (inline and rule resources) and which of them load balancers
 * use, for stack policies that judge a rule by the group it belongs to or the group it allows.
 */
import type { PolicyResource } from "@pulumi/policy";
import { identifies, lbTypes, referencesThrough, resourcesOfType, types } from "../lib";
import { ruleResourceTypes, rulesOf, type SecurityGroupRuleView } from "./security-group-rules";

/** A rule and the resource that declares it (the group itself for inline rules). */
export interface DeclaredRule {
    /** The rule. */
    rule: SecurityGroupRuleView;
    /** The `SecurityGroup` (inline rule) or rule resource. */
    declaredBy: PolicyResource;
}

/** Security groups of a stack and how they relate. */
export class SecurityGroupGraph {
    /** Every `aws.ec2.SecurityGroup`. */
    readonly groups: PolicyResource[];
    private readonly ruleResources: PolicyResource[];
    private readonly loadBalancerGroupUrns: Set<string>;
    /** Each rule resource's group, found once: every service's check looks at the rules of its groups. */
    private readonly owners = new Map<PolicyResource, PolicyResource | undefined>();
    private rulesByGroup: Map<string, PolicyResource[]> | undefined;

    constructor(resources: readonly PolicyResource[]) {
        this.groups = resourcesOfType(resources, types.securityGroup);
        this.ruleResources = resourcesOfType(resources, ruleResourceTypes);
        this.loadBalancerGroupUrns = new Set(
            resourcesOfType(resources, lbTypes("loadBalancer")).flatMap(lb =>
                this.groupsReferenced(lb, "securityGroups", () => lb.props.securityGroups).map(g => g.urn),
            ),
        );
    }

    /** The groups `resource` refers to through `property`, `read` returning the id(s). */
    groupsReferenced(resource: PolicyResource, property: string, read: () => unknown): PolicyResource[] {
        return referencesThrough(resource, property, read, this.groups, types.securityGroup);
    }

    /** Whether a load balancer in the stack uses `group`. */
    isLoadBalancerGroup(group: PolicyResource): boolean {
        return this.loadBalancerGroupUrns.has(group.urn);
    }

    /** The group a rule resource belongs to, if it is in the stack. */
    ownerOf(ruleResource: PolicyResource): PolicyResource | undefined {
        if (!this.owners.has(ruleResource)) {
            const owner = this.groupsReferenced(
                ruleResource,
                "securityGroupId",
                () => ruleResource.props.securityGroupId,
            )[0];
            this.owners.set(ruleResource, owner);
        }
        return this.owners.get(ruleResource);
    }

    /** Every rule of `group`: inline ones and rule resources that belong to it. */
    rulesOfGroup(group: PolicyResource): DeclaredRule[] {
        const inline = rulesOf(group.type, group.props).map(rule => ({ rule, declaredBy: group }));
        const separate = this.ruleResourcesOf(group).flatMap(r =>
            rulesOf(r.type, r.props).map(rule => ({ rule, declaredBy: r })),
        );
        return [...inline, ...separate];
    }

    /** The rule resources that belong to `group`, in stack order. */
    private ruleResourcesOf(group: PolicyResource): PolicyResource[] {
        if (this.rulesByGroup === undefined) {
            this.rulesByGroup = new Map();
            for (const ruleResource of this.ruleResources) {
                const owner = this.ownerOf(ruleResource)?.urn;
                if (owner !== undefined) {
                    const rules = this.rulesByGroup.get(owner) ?? [];
                    rules.push(ruleResource);
                    this.rulesByGroup.set(owner, rules);
                }
            }
        }
        return this.rulesByGroup.get(group.urn) ?? [];
    }

    /**
     * The groups a rule allows as its peer. Known ids are matched exactly. When some are unknown (preview), the
     * groups the declaring property depends on stand in for them: for inline rules that is every group any rule
     * of the same direction refers to, so callers must treat the answer as "one of these".
     */
    peersOf({ rule, declaredBy }: DeclaredRule): PolicyResource[] {
        const property = peerProperty(declaredBy.type, rule.direction);
        const known = this.groups.filter(g => rule.groups.values.some(id => identifies(id, g)));
        if (!rule.groups.someUnknown) {
            return known;
        }
        const dependedOn = (declaredBy.propertyDependencies[property] ?? []).filter(
            d => d.type === types.securityGroup,
        );
        return [...known, ...dependedOn.filter(d => !known.includes(d))];
    }
}

/** The top-level property that holds a rule's peer group. */
function peerProperty(declaringType: string, direction: "ingress" | "egress"): string {
    switch (declaringType) {
        case types.securityGroup:
            return direction;
        case types.securityGroupRule:
            return "sourceSecurityGroupId";
        default:
            return "referencedSecurityGroupId";
    }
}
