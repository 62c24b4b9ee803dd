import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, mergeTags, Tags } from "../shared";
import { listenerRulePriority, RouteMatch, testListenerRulePriority } from "./routing";

/** How a target group registers a service's tasks. */
export const TargetType = {
    /** By ENI IP address: awsvpc tasks (Fargate, EC2 awsvpc). */
    Ip: "ip",
    /** By instance and host port: bridge- or host-mode tasks on EC2. */
    Instance: "instance",
} as const;
export type TargetType = (typeof TargetType)[keyof typeof TargetType];

/** Target-group health check settings a route may override. */
export interface HealthCheckSettings {
    /** HTTP codes that count as healthy. Default: `200`. */
    matcher?: string;
    /** Seconds between checks (5–300). Default: 15. */
    intervalSeconds?: number;
    /** Seconds before a check times out (2–120, below the interval). Default: 5. */
    timeoutSeconds?: number;
    /** Consecutive successes before a target is healthy (2–10). Default: 3. */
    healthyThreshold?: number;
    /** Consecutive failures before a target is unhealthy (2–10). Default: 3. */
    unhealthyThreshold?: number;
}

/** How the ALB reaches one service: its rule conditions and its target group. */
export interface ServiceRoute extends RouteMatch {
    /** Container port the target group sends traffic to. Required. */
    port: number;
    /** Path of the health-check endpoint, e.g. `/health`. Required. */
    healthCheckPath: string;
    /** `ip` for awsvpc tasks (Fargate, EC2 awsvpc), `instance` for bridge/host tasks on EC2. Default: `ip`. */
    targetType?: TargetType;
    /**
     * ECS-managed traffic shifting (the `BLUE_GREEN`, `CANARY` and `LINEAR` strategies): adds an alternate target
     * group and, when the load balancer's `testTraffic` gates it, a test rule. Default: false.
     */
    blueGreen?: boolean;
    /** Health-check overrides. Default: matcher `200`, every 15 s, timeout 5 s, 3 healthy and 3 unhealthy checks. */
    healthCheck?: HealthCheckSettings;
    /** Seconds the ALB keeps draining a deregistered task (0–3600). Default: 30 (the AWS default of 300 slows every deploy). */
    deregistrationDelaySeconds?: number;
}

/**
 * Who may reach the new (green) tasks before production traffic shifts: a secret header value, a source-address
 * allowlist, or both (a request must then match both). Without either, no test rule is created and green is not
 * reachable until ECS shifts production traffic.
 */
export interface TestTrafficArgs {
    /** Header carrying the token. Default: `X-Blue-Green-Test`. */
    headerName?: string;
    /**
     * The token the header must carry, as a Pulumi secret (ESC or `pulumi config set --secret`). ALB matches it as a
     * pattern, so it must not contain `*` or `?`. Default: none (no header condition).
     */
    headerValue?: pulumi.Input<string>;
    /** Client CIDRs allowed to reach green (`source-ip` condition; each counts as a condition value). Default: none. */
    sourceCidrs?: string[];
}

/** What a service's ECS `loadBalancers` entry (and its alarms) need from the ALB. */
export interface ServiceRouteOutputs {
    /** Primary target group; resolves once the production rule forwards to it (ECS rejects an unattached group). */
    targetGroupArn: pulumi.Output<string>;
    /** `targetgroup/<name>/<id>`, the CloudWatch `TargetGroup` dimension. */
    targetGroupArnSuffix: pulumi.Output<string>;
    /** The production listener rule (`advancedConfiguration.productionListenerRule` for traffic shifting). */
    listenerRuleArn: pulumi.Output<string>;
    /** Traffic shifting only: the alternate (green) target group. */
    alternateTargetGroupArn?: pulumi.Output<string>;
    /** Traffic shifting only: the alternate target group's CloudWatch dimension, so alarms follow traffic after a swap. */
    alternateTargetGroupArnSuffix?: pulumi.Output<string>;
    /** Traffic shifting with a test-traffic gate only: the test rule (`advancedConfiguration.testListenerRule`). */
    testListenerRuleArn?: pulumi.Output<string>;
    /** Traffic shifting only: the role ECS assumes to shift the rules (`advancedConfiguration.roleArn`); resolves once its policy is attached. */
    blueGreenRoleArn?: pulumi.Output<string>;
}

/** A route with its defaults applied (see `resolveLoadBalancerArgs`). */
export type ResolvedRoute = Required<Omit<ServiceRoute, "priority" | "healthCheck">> & {
    priority?: number;
    healthCheck: Required<HealthCheckSettings>;
};

/** A test-traffic gate with its defaults applied; undefined when nothing gates test traffic. */
export interface ResolvedTestTraffic {
    headerName: string;
    headerValue?: pulumi.Input<string>;
    sourceCidrs: string[];
}

/** Condition values a test rule adds to its route's own (ALB quota: 5 per rule). */
export function testConditionValues(gate: ResolvedTestTraffic | undefined): number {
    return gate ? (gate.headerValue !== undefined ? 1 : 0) + gate.sourceCidrs.length : 0;
}

/** What every service route shares. */
export interface RouteContext {
    name: string;
    parent: pulumi.Resource;
    vpcId: pulumi.Input<string>;
    listener: aws.lb.Listener;
    testTraffic?: ResolvedTestTraffic;
    blueGreenRoleArn?: pulumi.Output<string>;
    tags: Tags;
}

/** One service's target group(s) and listener rule(s), children of `context.parent`. */
export function createServiceRoute(context: RouteContext, service: string, route: ResolvedRoute): ServiceRouteOutputs {
    const { name, parent, listener } = context;
    const serviceTags = mergeTags(context.tags, { service });
    const primary = createTargetGroup(`${name}-tg-${service}`, parent, service, route, context.vpcId, serviceTags);
    const conditions = [
        ...(route.pathPatterns.length > 0 ? [{ pathPattern: { values: route.pathPatterns } }] : []),
        ...(route.hosts.length > 0 ? [{ hostHeader: { values: route.hosts } }] : []),
    ];

    if (!route.blueGreen) {
        const rule = new aws.lb.ListenerRule(
            `${name}-rule-${service}`,
            {
                listenerArn: listener.arn,
                priority: listenerRulePriority(service, route),
                conditions,
                actions: [{ type: "forward", targetGroupArn: primary.arn }],
                tags: serviceTags,
            },
            { parent },
        );
        return {
            targetGroupArn: after(primary.arn, rule.arn),
            targetGroupArnSuffix: primary.arnSuffix,
            listenerRuleArn: rule.arn,
        };
    }

    const alternate = createTargetGroup(
        `${name}-alt-tg-${service}`,
        parent,
        service,
        route,
        context.vpcId,
        serviceTags,
    );
    // ECS moves the forward weights (production) and the target group (test) at every deployment, so the state
    // after a deployment is ECS's to own: without ignoreChanges, the next `pulumi up` would shift traffic back to
    // whichever target group this program started with, possibly one with no tasks.
    const ownedByEcs = { parent, ignoreChanges: ["actions"] };
    const rule = new aws.lb.ListenerRule(
        `${name}-rule-${service}`,
        {
            listenerArn: listener.arn,
            priority: listenerRulePriority(service, route),
            conditions,
            actions: [
                {
                    type: "forward",
                    forward: {
                        targetGroups: [
                            { arn: primary.arn, weight: 100 },
                            { arn: alternate.arn, weight: 0 },
                        ],
                    },
                },
            ],
            tags: serviceTags,
        },
        ownedByEcs,
    );
    const gate = context.testTraffic;
    const testRule =
        gate &&
        new aws.lb.ListenerRule(
            `${name}-test-rule-${service}`,
            {
                listenerArn: listener.arn,
                priority: testListenerRulePriority(service, route),
                conditions: [...conditions, ...testConditions(gate)],
                actions: [{ type: "forward", targetGroupArn: alternate.arn }],
                tags: serviceTags,
            },
            ownedByEcs,
        );
    return {
        targetGroupArn: after(primary.arn, rule.arn),
        targetGroupArnSuffix: primary.arnSuffix,
        listenerRuleArn: rule.arn,
        alternateTargetGroupArn: after(alternate.arn, rule.arn, ...(testRule ? [testRule.arn] : [])),
        alternateTargetGroupArnSuffix: alternate.arnSuffix,
        testListenerRuleArn: testRule?.arn,
        blueGreenRoleArn: context.blueGreenRoleArn,
    };
}

/** The gate's conditions: the secret header (kept secret in state) and the source allowlist. */
function testConditions(gate: ResolvedTestTraffic): aws.types.input.lb.ListenerRuleCondition[] {
    return [
        ...(gate.headerValue !== undefined
            ? [{ httpHeader: { httpHeaderName: gate.headerName, values: [pulumi.secret(gate.headerValue)] } }]
            : []),
        ...(gate.sourceCidrs.length > 0 ? [{ sourceIp: { values: gate.sourceCidrs } }] : []),
    ];
}

/** The role ECS assumes to shift listener rules (shared by the ALB's traffic-shifting services). */
export function createBlueGreenRole(name: string, parent: pulumi.Resource, tags: Tags): pulumi.Output<string> {
    const role = new aws.iam.Role(
        `${name}-blue-green`,
        {
            description: "ECS native blue/green: lets ECS move listener rules between target groups",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowAccessToECSForInfrastructureManagement",
                        Effect: "Allow",
                        Principal: { Service: "ecs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
            tags,
        },
        { parent },
    );
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-blue-green-policy`,
        {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
        },
        { parent },
    );
    // A service must not use the role before ECS is allowed to do anything with it.
    return after(role.arn, attachment.id);
}

/**
 * A target group named from a short prefix plus a provider-generated suffix: target group names are capped at 32
 * characters, and a generated name lets a replacement (new port or target type) be created before the old one goes.
 */
function createTargetGroup(
    resourceName: string,
    parent: pulumi.Resource,
    service: string,
    route: ResolvedRoute,
    vpcId: pulumi.Input<string>,
    tags: Tags,
): aws.lb.TargetGroup {
    const check = route.healthCheck;
    return new aws.lb.TargetGroup(
        resourceName,
        {
            namePrefix: `${service.replace(/[^A-Za-z0-9]/g, "").slice(0, 5) || "svc"}-`,
            vpcId,
            targetType: route.targetType,
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            port: route.port,
            deregistrationDelay: route.deregistrationDelaySeconds,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: route.healthCheckPath,
                matcher: check.matcher,
                interval: check.intervalSeconds,
                timeout: check.timeoutSeconds,
                healthyThreshold: check.healthyThreshold,
                unhealthyThreshold: check.unhealthyThreshold,
            },
            tags,
        },
        { parent },
    );
}
