import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, mergeTags, Tags } from "../shared";
import { AccessLogsArgs, createAccessLogBucket } from "./access-log-bucket";
import {
    checkedCertificateArn,
    coveredByNames,
    createAliasRecords,
    createValidatedCertificate,
    DomainArgs,
    hostedZoneId,
    isDnsName,
    ResolvedDomain,
} from "./load-balancer-domain";
import {
    createBlueGreenRole,
    createServiceRoute,
    HealthCheckSettings,
    ResolvedRoute,
    ResolvedTestTraffic,
    ServiceRoute,
    ServiceRouteOutputs,
    testConditionValues,
    TestTrafficArgs,
} from "./load-balancer-routes";
import { cidrAllowlistProblems } from "../networking/networking-rules";
import { albCapacityProblems, AlbQuotas, findRouteConflicts } from "./routing";

export type { AccessLogsArgs } from "./access-log-bucket";
export { isDnsName, type DomainArgs } from "./load-balancer-domain";
export type { HealthCheckSettings, ServiceRoute, ServiceRouteOutputs, TestTrafficArgs } from "./load-balancer-routes";

export interface LoadBalancerArgs {
    /** VPC of the target groups. Required. */
    vpcId: pulumi.Input<string>;
    /** Public subnets of the internet-facing ALB (at least two AZs). Required. */
    publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Serve IPv6 too (`ipAddressType: dualstack`; AAAA alias records for the domain): the subnets need IPv6 /64s
     * and `::/0` to the internet gateway (Networking `ipv6`). Default: false (IPv4 only, A records only).
     */
    dualStack?: boolean;
    /** Security groups of the ALB (from the networking layer). Required. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The names the ALB answers on: with no {@link certificateArn}, a DNS-validated ACM certificate for them; alias
     * A/AAAA records to the ALB either way. Default: none (the ALB's own DNS name only).
     */
    domain?: DomainArgs;
    /**
     * A certificate of your own (an ACM ARN in the stack's region and account) for HTTPS:443. Default: the domain's
     * validated certificate; with neither, an HTTP-only ALB and a warning.
     */
    certificateArn?: pulumi.Input<string>;
    /** TLS policy of the HTTPS listener. Default: `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.3 and 1.2). */
    sslPolicy?: string;
    /** HTTP desync mitigation. Default: `defensive`. */
    desyncMitigationMode?: "defensive" | "strictest";
    /** Refuse deletion of the ALB through the API (turn on in prod). Default: false. */
    enableDeletionProtection?: boolean;
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
    /** Tags set on every taggable child. Default: none. */
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
function withDefaults(args: LoadBalancerArgs) {
    const accessLogs = args.accessLogs?.enabled
        ? { expirationDays: args.accessLogs.expirationDays ?? 90, prefix: args.accessLogs.prefix ?? "alb" }
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
    };
    return {
        ...args,
        domain,
        sslPolicy: args.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
        desyncMitigationMode: args.desyncMitigationMode ?? "defensive",
        enableDeletionProtection: args.enableDeletionProtection ?? false,
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
                    targetType: route.targetType ?? "ip",
                    blueGreen: route.blueGreen ?? false,
                    healthCheck: { ...defaultHealthCheck, ...route.healthCheck },
                    deregistrationDelaySeconds: route.deregistrationDelaySeconds ?? 30,
                },
            ]),
        ),
    };
}

type Settings = ReturnType<typeof withDefaults>;

const fixedNotFound = {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
};

/**
 * The platform's internet-facing Application Load Balancer: HTTPS with an HTTP→HTTPS redirect (or HTTP only, with a
 * warning, when there is no certificate), an optional domain (DNS-validated ACM certificate, alias records), optional
 * access logs in a hardened bucket, and per service a target group and a listener rule at a stable priority
 * (see `routing.ts`).
 *
 * Traffic-shifting services (ECS blue/green, canary, linear) also get an alternate target group and, when
 * {@link LoadBalancerArgs.testTraffic} names who may send test traffic, a test rule on the production listener just
 * before the production rule: a secret header token and/or a source allowlist, never a guessable fixed header.
 */
export class LoadBalancer extends pulumi.ComponentResource {
    /** DNS name of the ALB (target of the Route 53 alias). */
    public readonly dnsName: pulumi.Output<string>;
    /** Hosted zone of the ALB's DNS name (for Route 53 alias records). */
    public readonly zoneId: pulumi.Output<string>;
    /** ALB ARN. */
    public readonly arn: pulumi.Output<string>;
    /** `app/<name>/<id>`, the CloudWatch `LoadBalancer` dimension. */
    public readonly arnSuffix: pulumi.Output<string>;
    /** Whether the ALB terminates HTTPS (a certificate was given or requested). */
    public readonly httpsEnabled: boolean;
    /** The primary name the ALB answers on (the domain), or its own DNS name. */
    public readonly hostname: pulumi.Output<string>;
    /** Configuration warnings for the preview to print (e.g. HTTP only). */
    public readonly warnings: string[];
    /** The listener carrying the service rules: HTTPS:443, or HTTP:80 without a certificate. */
    public readonly productionListenerArn: pulumi.Output<string>;
    /** The ACM certificate the HTTPS listener uses, once issued (undefined without HTTPS). */
    public readonly certificateArn?: pulumi.Output<string>;
    /** Access-log bucket name, when access logs are enabled. */
    public readonly accessLogsBucket?: pulumi.Output<string>;
    /** Per service (keys of `routes`): target groups and rules for the ECS service and its alarms. */
    public readonly services: Record<string, ServiceRouteOutputs>;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = withDefaults(args);
        validate(name, settings);
        super("ecs-platform:ecs:LoadBalancer", name, {}, opts);
        const tags = mergeTags(settings.tags);
        const usesBlueGreen = Object.values(settings.routes).some(route => route.blueGreen);

        const logs = settings.accessLogs
            ? createAccessLogBucket(name, this, settings.accessLogs, settings.protect, tags)
            : undefined;
        const alb = new aws.lb.LoadBalancer(
            name,
            {
                loadBalancerType: "application",
                internal: false,
                // Unset when IPv4 only, as before dual-stack existed; switching is an update (SetIpAddressType).
                ...(settings.dualStack ? { ipAddressType: "dualstack" } : {}),
                subnets: settings.publicSubnetIds,
                securityGroups: settings.securityGroupIds,
                dropInvalidHeaderFields: true,
                desyncMitigationMode: settings.desyncMitigationMode,
                enableDeletionProtection: settings.enableDeletionProtection,
                idleTimeout: settings.idleTimeoutSeconds,
                accessLogs: logs ? { enabled: true, bucket: logs.bucket.bucket, prefix: logs.prefix } : undefined,
                // Declares the exposure the policy pack asks of internet-facing load balancers: this one is the public entry point.
                tags: mergeTags(tags, { exposure: "internet" }),
            },
            // ELB checks it can write to the bucket when logging is turned on: the policy must exist first.
            { parent: this, dependsOn: logs?.ready },
        );

        const zoneId = settings.domain && hostedZoneId(settings.domain, this);
        const certificateArn =
            settings.certificateArn !== undefined
                ? checkedCertificateArn(this, settings.certificateArn)
                : settings.domain && createValidatedCertificate(name, this, settings.domain, zoneId!, tags);
        const production = certificateArn
            ? this.httpsListeners(name, alb, certificateArn, settings.sslPolicy, tags)
            : new aws.lb.Listener(
                  `${name}-http`,
                  { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: [fixedNotFound], tags },
                  { parent: this },
              );
        if (settings.domain) {
            const target = { dnsName: alb.dnsName, zoneId: alb.zoneId };
            createAliasRecords(name, this, settings.domain, zoneId!, target, settings.dualStack);
        }

        const blueGreenRoleArn = usesBlueGreen ? createBlueGreenRole(name, this, tags) : undefined;
        const context = {
            name,
            parent: this,
            vpcId: settings.vpcId,
            listener: production,
            testTraffic: settings.testTraffic,
            blueGreenRoleArn,
            tags,
        };
        this.services = Object.fromEntries(
            Object.entries(settings.routes).map(([service, route]) => [
                service,
                createServiceRoute(context, service, route),
            ]),
        );

        this.dnsName = alb.dnsName;
        this.zoneId = alb.zoneId;
        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.httpsEnabled = certificateArn !== undefined;
        this.hostname = settings.domain ? pulumi.output(settings.domain.names[0]) : alb.dnsName;
        this.certificateArn = certificateArn;
        this.warnings = [
            ...(this.httpsEnabled
                ? []
                : [
                      `${name}: no certificate: HTTP only (port 80 serves traffic in clear text; set a domain or certificateArn for HTTPS)`,
                  ]),
            ...(usesBlueGreen && !settings.testTraffic
                ? [
                      `${name}: no test-traffic gate (testTraffic.headerValue or sourceCidrs): traffic-shifting deployments have no test stage; green is reachable only once ECS shifts production traffic`,
                  ]
                : []),
        ];
        this.productionListenerArn = production.arn;
        this.accessLogsBucket = logs?.bucket.bucket;
        this.registerOutputs({
            dnsName: this.dnsName,
            zoneId: this.zoneId,
            arn: this.arn,
            arnSuffix: this.arnSuffix,
            httpsEnabled: this.httpsEnabled,
            hostname: this.hostname,
            warnings: this.warnings,
            productionListenerArn: this.productionListenerArn,
            certificateArn: this.certificateArn,
            accessLogsBucket: this.accessLogsBucket,
            services: this.services,
        });
    }

    /** HTTPS:443 (TLS policy, 404 by default) plus HTTP:80 that only redirects to it; returns the HTTPS listener. */
    private httpsListeners(
        name: string,
        alb: aws.lb.LoadBalancer,
        certificateArn: pulumi.Input<string>,
        sslPolicy: string,
        tags: Tags,
    ): aws.lb.Listener {
        const https = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                certificateArn,
                sslPolicy,
                defaultActions: [fixedNotFound],
                tags,
            },
            { parent: this },
        );
        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
                ],
                tags,
            },
            { parent: this },
        );
        return https;
    }
}

function validate(name: string, settings: Settings): void {
    const problems = new ArgumentProblems();
    // Auto-naming appends 8 characters to the ALB's 32-character name; the log bucket name must be lowercase.
    if (!/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/.test(name)) {
        problems.add(
            "name",
            "the component name must be 1–24 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
        );
    }
    if (
        !Number.isInteger(settings.idleTimeoutSeconds) ||
        settings.idleTimeoutSeconds < 1 ||
        settings.idleTimeoutSeconds > 4000
    ) {
        problems.add("idleTimeoutSeconds", `must be an integer from 1 to 4000, got ${settings.idleTimeoutSeconds}`);
    }
    if (settings.accessLogs) {
        const { prefix, expirationDays } = settings.accessLogs;
        if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) || prefix.includes("AWSLogs")) {
            problems.add(
                "accessLogs.prefix",
                `"${prefix}" must be S3 key segments without leading or trailing "/" and without "AWSLogs"`,
            );
        }
        if (!Number.isInteger(expirationDays) || expirationDays < 1) {
            problems.add("accessLogs.expirationDays", `must be a positive integer, got ${expirationDays}`);
        }
    }
    for (const [service, route] of Object.entries(settings.routes)) {
        if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
            problems.add(`routes.${service}.port`, `must be an integer from 1 to 65535, got ${route.port}`);
        }
        if (!route.healthCheckPath.startsWith("/")) {
            problems.add(`routes.${service}.healthCheckPath`, `must start with "/", got "${route.healthCheckPath}"`);
        }
        const delay = route.deregistrationDelaySeconds;
        if (!Number.isInteger(delay) || delay < 0 || delay > 3600) {
            problems.add(
                `routes.${service}.deregistrationDelaySeconds`,
                `must be an integer from 0 to 3600, got ${delay}`,
            );
        }
        if (route.healthCheck.timeoutSeconds >= route.healthCheck.intervalSeconds) {
            problems.add(`routes.${service}.healthCheck`, "the timeout must be shorter than the interval");
        }
        if (settings.domain && settings.certificateArn === undefined) {
            for (const host of route.hosts.filter(h => !coveredByNames(h, settings.domain!.names))) {
                problems.add(
                    `routes.${service}.hosts`,
                    `${host} is not among the domain's names (${settings.domain.names.join(", ")}): add it to domain.alternativeNames so the certificate covers it`,
                );
            }
        }
    }
    for (const [i, dnsName] of (settings.domain?.names ?? []).entries()) {
        if (!isDnsName(dnsName)) {
            problems.add(i === 0 ? "domain.name" : `domain.alternativeNames[${i - 1}]`, `${dnsName} is not a DNS name`);
        }
    }
    const sources = cidrAllowlistProblems("testTraffic.sourceCidrs", settings.testTraffic?.sourceCidrs ?? [], {
        ipv6: settings.dualStack,
        switch: "dualStack",
    });
    sources.list.forEach(p => problems.add(p.argument, p.message));
    const testValues = testConditionValues(settings.testTraffic);
    for (const conflict of findRouteConflicts(settings.routes, { testConditionValues: testValues })) {
        problems.add("routes", conflict);
    }
    for (const problem of albCapacityProblems(settings.routes, settings.quotas, settings.testTraffic !== undefined)) {
        problems.add("routes", problem);
    }
    problems.throwIfAny("LoadBalancer", name);
}
