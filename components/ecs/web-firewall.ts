import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, Tags, withFormerTypes } from "../shared";

export interface WebFirewallArgs {
    /** The load balancer to protect. Required. */
    loadBalancerArn: pulumi.Input<string>;
    /** An existing regional WAFv2 web ACL (e.g. one the security team manages) instead of creating one. Default: none (create). */
    webAclArn?: pulumi.Input<string>;
    /** Requests one client IP may make in 5 minutes before it is blocked (100–2,000,000,000). Default: 2000. */
    requestsPerFiveMinutesPerIp?: number;
    /** Tags on the web ACL. Default: none. */
    tags?: Tags;
}

/** AWS managed rule groups every web ACL starts with: the OWASP-style core set, known bad inputs, IP reputation. */
export const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
] as const;

const DEFAULT_RATE_LIMIT = 2000;

/**
 * A regional WAFv2 web ACL in front of the load balancer: AWS managed rule groups plus a per-IP rate limit,
 * default allow, CloudWatch metrics and sampled requests on every rule. Or, given `webAclArn`, just the association.
 */
export class WebFirewall extends pulumi.ComponentResource {
    /** The web ACL associated with the load balancer. */
    public readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        const limit = args.requestsPerFiveMinutesPerIp ?? DEFAULT_RATE_LIMIT;
        if (!Number.isInteger(limit) || limit < 100 || limit > 2_000_000_000) {
            new ArgumentProblems()
                .add("requestsPerFiveMinutesPerIp", `must be a whole number from 100 to 2000000000, got ${limit}.`)
                .throwIfAny("WebFirewall", name);
        }
        super(componentType("WebFirewall"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:WebFirewall"));
        const metric = (suffix: string) => ({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: `${name}-${suffix}`,
        });

        this.webAclArn = args.webAclArn
            ? pulumi.output(args.webAclArn)
            : new aws.wafv2.WebAcl(
                  name,
                  {
                      description: "ecs-platform load balancer: AWS managed rules and a per-IP rate limit",
                      scope: "REGIONAL",
                      defaultAction: { allow: {} },
                      rules: [
                          ...MANAGED_RULE_GROUPS.map((group, i) => ({
                              name: group,
                              priority: i,
                              overrideAction: { none: {} },
                              statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
                              visibilityConfig: metric(group),
                          })),
                          {
                              name: "rate-limit-per-ip",
                              priority: MANAGED_RULE_GROUPS.length,
                              action: { block: {} },
                              statement: { rateBasedStatement: { limit, aggregateKeyType: "IP" } },
                              visibilityConfig: metric("rate-limit-per-ip"),
                          },
                      ],
                      visibilityConfig: metric("web-acl"),
                      tags: mergeTags(args.tags),
                  },
                  { parent: this },
              ).arn;

        new aws.wafv2.WebAclAssociation(
            `${name}-association`,
            { resourceArn: args.loadBalancerArn, webAclArn: this.webAclArn },
            { parent: this },
        );
        this.registerOutputs({ webAclArn: this.webAclArn });
    }
}
