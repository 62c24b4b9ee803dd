import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";
import type { AccessLogsArgs } from "./access-log-bucket";
import type { DomainArgs, ResolvedDomain } from "./load-balancer-domain";
import {
    HealthCheckSettings,
    ResolvedRoute,
    ResolvedTestTraffic,
    ServiceRoute,
    TargetType,
    TestTrafficArgs,
} from "./load-balancer-routes";
import type { AlbQuotas } from "./routing";

export type { AccessLogsArgs } from "./access-log-bucket";
export type { DomainArgs } from "./load-balancer-domain";
export type { HealthCheckSettings, ServiceRoute, ServiceRouteOutputs, TestTrafficArgs } from "./load-balancer-routes";
export { TargetType } from "./load-balancer-routes";

/** How the ALB treats requests that may be read differently by it and the targets (HTTP desync). */
export const DesyncMitigationMode = {
    /** Blocks the most dangerous ambiguous requests, lets RFC-compliant ones through. */
    Defensive: "defensive",
    /** Blocks every request that is not RFC 7230 compliant. */
    Strictest: "strictest",
} as const;
export type DesyncMitigationMode = (typeof DesyncMitigationMode)[keyof typeof DesyncMitigationMode];

export interface LoadBalancerArgs {
    /** VPC of the target groups. Required. */
    vpcId: pulumi.Input<string>;
    /** Public subnets of the internet-facing ALB (at least two AZs). Required. */
    publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the ALB (from the networking layer). Required. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Serve IPv6 too (`ipAddressType: dualstack`; AAAA alias records for the domain): the subnets need IPv6 /64s
     * and `::/0` to the internet gateway (Networking `ipv6`). Default: false (IPv4 only, A records only).
     */
    dualStack?: boolean;
    /**
     * The names the ALB answers on: with no `certificateArn`, a DNS-validated ACM certificate for them; alias A
     * (and, with `dualStack`, AAAA) records to the ALB either way. Default: none (the ALB's own DNS name only).
     */
    domain?: DomainArgs;
    /**
     * A certificate of your own (an ACM ARN in the stack's region and account) for HTTPS:443. Default: the domain's
     * validated certificate; with neither, an HTTP-only ALB and a warning.
     */
    certificateArn?: pulumi.Input<string>;
    /** TLS policy of the HTTPS listener. Default: `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.3 and 1.2). */
    sslPolicy?: string;
    /** HTTP desync mitigation: `defensive` or `strictest`. Default: `defensive`. */
    desyncMitigationMode?: DesyncMitigationMode;
    /** Refuse deletion of the ALB through the API (turn on in prod). Default: false. */
    deletionProtection?: boolean;
    /** Idle connection timeout, in seconds (1–4000). Default: 60. */
    idleTimeoutSeconds?: number;
    /** Access logs. Default: disabled. */
    accessLogs?: AccessLogsArgs;
    /** Protect the access-log bucket and retain it on destroy (prod); otherwise it is emptied on destroy. Default: false. */
    protect?: boolean;
    /** Routes by service name; the service name keys every per-service child and output. Required (may be empty). */
    routes: Record<string, ServiceRoute>;
    /**
     * Who reaches the new tasks of a traffic-shifting deployment before production does. Default: nobody (no test
     * rules; ECS shifts production traffic without a test stage).
     */
    testTraffic?: TestTrafficArgs;
    /** The ALB's listener-rule and target-group quotas, if your account has them raised. Default: 100 each. */
    quotas?: Partial<AlbQuotas>;
    /**
     * Tags set on every taggable child; per-service children add `service=<name>`, the ALB adds `exposure=internet`
     * (the policy pack's declared-exposure tag). Default: none.
     */
    tags?: Tags;
}

const defaultHealthCheck: Required<HealthCheckSettings> = {
    matcher: "200",
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
};

/** The one place LoadBalancer defaults are applied. */
export function resolveLoadBalancerArgs(args: LoadBalancerArgs) {
    const accessLogs = args.accessLogs?.enabled
        ? { expireDays: args.accessLogs.expireDays ?? 90, prefix: args.accessLogs.prefix ?? "alb" }
        : undefined;
    const gate = args.testTraffic;
    const testTraffic: ResolvedTestTraffic | undefined =
        gate && (gate.headerValue !== undefined || (gate.sourceCidrs ?? []).length > 0)
            ? {
                  headerName: gate.headerName ?? "X-Blue-Green-Test",
                  headerValue: gate.headerValue,
                  sourceCidrs: gate.sourceCidrs ?? [],
              }
            : undefined;
    const domain: ResolvedDomain | undefined = args.domain && {
        names: [args.domain.name, ...(args.domain.alternativeNames ?? [])],
        hostedZone: args.domain.hostedZone,
        hostedZoneId: args.domain.hostedZoneId,
    };
    return {
        ...args,
        domain,
        sslPolicy: args.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
        desyncMitigationMode: args.desyncMitigationMode ?? DesyncMitigationMode.Defensive,
        deletionProtection: args.deletionProtection ?? false,
        dualStack: args.dualStack ?? false,
        idleTimeoutSeconds: args.idleTimeoutSeconds ?? 60,
        accessLogs,
        protect: args.protect ?? false,
        testTraffic,
        quotas: { rules: args.quotas?.rules ?? 100, targetGroups: args.quotas?.targetGroups ?? 100 },
        routes: Object.fromEntries(
            Object.entries(args.routes).map(([service, route]): [string, ResolvedRoute] => [
                service,
                {
                    ...route,
                    hosts: route.hosts ?? [],
                    targetType: route.targetType ?? TargetType.Ip,
                    blueGreen: route.blueGreen ?? false,
                    healthCheck: { ...defaultHealthCheck, ...route.healthCheck },
                    deregistrationDelaySeconds: route.deregistrationDelaySeconds ?? 30,
                },
            ]),
        ),
    };
}

export type LoadBalancerSettings = ReturnType<typeof resolveLoadBalancerArgs>;
