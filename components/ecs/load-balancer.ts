import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, mergeTags, statefulOptions, Tags } from "../shared";
import { findRouteConflicts, listenerRulePriority, RouteMatch, testListenerRulePriority } from "./routing";

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
    targetType?: "ip" | "instance";
    /** ECS native blue/green: adds an alternate target group and a header-matched test rule. Default: false. */
    blueGreen?: boolean;
    /** Health-check overrides. Default: see {@link HealthCheckSettings}. */
    healthCheck?: HealthCheckSettings;
    /** Seconds the ALB keeps draining a deregistered task (0–3600). Default: 30 (the AWS default of 300 slows every deploy). */
    deregistrationDelaySeconds?: number;
}

/** ALB access logs, written to a dedicated, hardened S3 bucket. */
export interface AccessLogsArgs {
    /** Create the bucket and turn access logging on. Required. */
    enabled: boolean;
    /** Days log objects are kept. Default: 90. */
    expirationDays?: number;
    /** Key prefix of the log objects (no leading or trailing `/`, must not contain `AWSLogs`). Default: `alb`. */
    prefix?: string;
}

/** The request header that sends a request to the green (test) target group during a blue/green deployment. */
export interface BlueGreenTestHeader {
    /** Header name. */
    name: string;
    /** Header value to match (ALB wildcards allowed). */
    value: string;
}

export interface LoadBalancerArgs {
    /** VPC of the target groups. Required. */
    vpcId: pulumi.Input<string>;
    /** Public subnets of the internet-facing ALB (at least two AZs). Required. */
    publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the ALB (from the networking layer). Required. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** ACM certificate for HTTPS:443. Default: none, which leaves an HTTP-only ALB and a warning. */
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
    /** Header of the blue/green test rules. Default: `X-Blue-Green-Test: true`. */
    blueGreenTestHeader?: BlueGreenTestHeader;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

/** What a service's ECS `loadBalancers` entry (and its alarms) need from the ALB. */
export interface ServiceRouteOutputs {
    /** Primary target group; resolves once the production rule forwards to it (ECS rejects an unattached group). */
    targetGroupArn: pulumi.Output<string>;
    /** `targetgroup/<name>/<id>`, the CloudWatch `TargetGroup` dimension. */
    targetGroupArnSuffix: pulumi.Output<string>;
    /** The production listener rule (`advancedConfiguration.productionListenerRule` for blue/green). */
    listenerRuleArn: pulumi.Output<string>;
    /** Blue/green only: the alternate (green) target group. */
    alternateTargetGroupArn?: pulumi.Output<string>;
    /** Blue/green only: the alternate target group's CloudWatch dimension, so alarms follow traffic after a swap. */
    alternateTargetGroupArnSuffix?: pulumi.Output<string>;
    /** Blue/green only: the header-matched test rule (`advancedConfiguration.testListenerRule`). */
    testListenerRuleArn?: pulumi.Output<string>;
    /** Blue/green only: the role ECS assumes to shift the rules (`advancedConfiguration.roleArn`); resolves once its policy is attached. */
    blueGreenRoleArn?: pulumi.Output<string>;
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
    return {
        ...args,
        sslPolicy: args.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
        desyncMitigationMode: args.desyncMitigationMode ?? "defensive",
        enableDeletionProtection: args.enableDeletionProtection ?? false,
        idleTimeoutSeconds: args.idleTimeoutSeconds ?? 60,
        accessLogs,
        protect: args.protect ?? false,
        blueGreenTestHeader: args.blueGreenTestHeader ?? { name: "X-Blue-Green-Test", value: "true" },
        routes: Object.fromEntries(
            Object.entries(args.routes).map(([service, route]) => [
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
type ResolvedRoute = Settings["routes"][string];

/**
 * Regions opened before August 2022 deliver ALB access logs as a regional ELB account rather than as the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal; the bucket policy grants both.
 */
const legacyElbLogAccounts: Record<string, string> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
};

const fixedNotFound = {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
};

/**
 * The platform's internet-facing Application Load Balancer: HTTPS with an HTTP→HTTPS redirect (or HTTP only, with a
 * warning, when no certificate is given), optional access logs in a hardened bucket, and per service a target group
 * and a listener rule at a stable priority (see `routing.ts`).
 *
 * Blue/green services (ECS native blue/green) also get an alternate target group and a test rule on the production
 * listener, matched on {@link LoadBalancerArgs.blueGreenTestHeader}, so green can be exercised through the same
 * hostname and port before production traffic shifts: no extra listener port to open in the networking layer's
 * security group. Anyone who sends the header reaches green during a deployment; green is the revision about to
 * become production, so it is held to the same standard.
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
    /** Whether the ALB terminates HTTPS (a certificate was given). */
    public readonly httpsEnabled: boolean;
    /** Configuration warnings for the preview to print (e.g. HTTP only). */
    public readonly warnings: string[];
    /** The listener carrying the service rules: HTTPS:443, or HTTP:80 without a certificate. */
    public readonly productionListenerArn: pulumi.Output<string>;
    /** Header that routes a request to green during a blue/green deployment (only when a route uses blue/green). */
    public readonly blueGreenTestHeader?: BlueGreenTestHeader;
    /** Access-log bucket name, when access logs are enabled. */
    public readonly accessLogsBucket?: pulumi.Output<string>;
    /** Per service (keys of `routes`): target groups and rules for the ECS service and its alarms. */
    public readonly services: Record<string, ServiceRouteOutputs>;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-platform:ecs:LoadBalancer", name, {}, opts);
        const settings = withDefaults(args);
        validate(name, settings);
        const tags = mergeTags(settings.tags);
        const usesBlueGreen = Object.values(settings.routes).some(route => route.blueGreen);

        const logs = settings.accessLogs
            ? this.accessLogBucket(name, settings.accessLogs, settings.protect, tags)
            : undefined;
        const alb = new aws.lb.LoadBalancer(
            name,
            {
                loadBalancerType: "application",
                internal: false,
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

        const production = settings.certificateArn
            ? this.httpsListeners(name, alb, settings.certificateArn, settings.sslPolicy, tags)
            : new aws.lb.Listener(
                  `${name}-http`,
                  { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: [fixedNotFound], tags },
                  { parent: this },
              );

        const blueGreenRoleArn = usesBlueGreen ? this.blueGreenRole(name, tags) : undefined;
        this.services = Object.fromEntries(
            Object.entries(settings.routes).map(([service, route]) => [
                service,
                this.serviceRoute(name, service, route, settings, production, blueGreenRoleArn, tags),
            ]),
        );

        this.dnsName = alb.dnsName;
        this.zoneId = alb.zoneId;
        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.httpsEnabled = settings.certificateArn !== undefined;
        this.warnings = this.httpsEnabled
            ? []
            : [
                  `${name}: no certificate: HTTP only (port 80 serves traffic in clear text; set certificateArn for HTTPS)`,
              ];
        this.productionListenerArn = production.arn;
        this.blueGreenTestHeader = usesBlueGreen ? settings.blueGreenTestHeader : undefined;
        this.accessLogsBucket = logs?.bucket.bucket;
        this.registerOutputs({
            dnsName: this.dnsName,
            zoneId: this.zoneId,
            arn: this.arn,
            arnSuffix: this.arnSuffix,
            httpsEnabled: this.httpsEnabled,
            warnings: this.warnings,
            productionListenerArn: this.productionListenerArn,
            blueGreenTestHeader: this.blueGreenTestHeader,
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

    /**
     * The access-log bucket: private, SSE-S3 (ALB log delivery supports no other server-side encryption, so no KMS key),
     * bucket-owner-enforced, expiring, writable by ELB log delivery under the prefix only, TLS-only.
     */
    private accessLogBucket(
        name: string,
        logs: { expirationDays: number; prefix: string },
        protect: boolean,
        tags: Tags,
    ): { bucket: aws.s3.Bucket; prefix: string; ready: pulumi.Resource[] } {
        const bucket = new aws.s3.Bucket(
            `${name}-logs`,
            { forceDestroy: !protect, tags },
            statefulOptions(this, protect),
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-logs-public-access`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-logs-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-logs-encryption`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-logs-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: { prefix: `${logs.prefix}/` },
                        expiration: { days: logs.expirationDays },
                    },
                ],
            },
            { parent: this },
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-logs-policy`,
            { bucket: bucket.id, policy: accessLogBucketPolicy(this, bucket.arn, logs.prefix) },
            // S3 rejects a policy change while the public access block is being applied to the same bucket.
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        return { bucket, prefix: logs.prefix, ready: [policy, encryption, ownership] };
    }

    /** The role ECS assumes to shift blue/green listener rules (shared by the ALB's blue/green services). */
    private blueGreenRole(name: string, tags: Tags): pulumi.Output<string> {
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
            { parent: this },
        );
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-blue-green-policy`,
            {
                role: role.name,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
            },
            { parent: this },
        );
        // A service must not use the role before ECS is allowed to do anything with it.
        return after(role.arn, attachment.id);
    }

    private serviceRoute(
        name: string,
        service: string,
        route: ResolvedRoute,
        settings: Settings,
        listener: aws.lb.Listener,
        blueGreenRoleArn: pulumi.Output<string> | undefined,
        tags: Tags,
    ): ServiceRouteOutputs {
        const serviceTags = mergeTags(tags, { service });
        const primary = this.targetGroup(`${name}-tg-${service}`, service, route, settings.vpcId, serviceTags);
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
                { parent: this },
            );
            return {
                targetGroupArn: after(primary.arn, rule.arn),
                targetGroupArnSuffix: primary.arnSuffix,
                listenerRuleArn: rule.arn,
            };
        }

        const alternate = this.targetGroup(`${name}-alt-tg-${service}`, service, route, settings.vpcId, serviceTags);
        // ECS moves the forward weights (production) and the target group (test) at every deployment, so the state
        // after a deployment is ECS's to own: without ignoreChanges, the next `pulumi up` would shift traffic back to
        // whichever target group this program started with, possibly one with no tasks.
        const ownedByEcs = { parent: this, ignoreChanges: ["actions"] };
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
        const testRule = new aws.lb.ListenerRule(
            `${name}-test-rule-${service}`,
            {
                listenerArn: listener.arn,
                priority: testListenerRulePriority(service, route),
                conditions: [
                    ...conditions,
                    {
                        httpHeader: {
                            httpHeaderName: settings.blueGreenTestHeader.name,
                            values: [settings.blueGreenTestHeader.value],
                        },
                    },
                ],
                actions: [{ type: "forward", targetGroupArn: alternate.arn }],
                tags: serviceTags,
            },
            ownedByEcs,
        );
        return {
            targetGroupArn: after(primary.arn, rule.arn),
            targetGroupArnSuffix: primary.arnSuffix,
            listenerRuleArn: rule.arn,
            alternateTargetGroupArn: after(alternate.arn, rule.arn, testRule.arn),
            alternateTargetGroupArnSuffix: alternate.arnSuffix,
            testListenerRuleArn: testRule.arn,
            blueGreenRoleArn,
        };
    }

    /**
     * A target group named from a short prefix plus a provider-generated suffix: target group names are capped at 32
     * characters, and a generated name lets a replacement (new port or target type) be created before the old one goes.
     */
    private targetGroup(
        resourceName: string,
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
            { parent: this },
        );
    }
}

/** ELB log delivery may write under `<prefix>/AWSLogs/<account>/` only; every request must use TLS. */
function accessLogBucketPolicy(
    parent: pulumi.Resource,
    bucketArn: pulumi.Output<string>,
    prefix: string,
): pulumi.Output<string> {
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const region = aws.getRegionOutput({}, { parent }).region;
    return pulumi.all([bucketArn, account, partition, region]).apply(([arn, accountId, partitionName, regionName]) => {
        const logObjects = `${arn}/${prefix}/AWSLogs/${accountId}/*`;
        const legacyAccount = legacyElbLogAccounts[regionName];
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowAlbLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: logObjects,
                },
                ...(legacyAccount
                    ? [
                          {
                              Sid: "AllowAlbLogDeliveryRegionalAccount",
                              Effect: "Allow",
                              Principal: { AWS: `arn:${partitionName}:iam::${legacyAccount}:root` },
                              Action: "s3:PutObject",
                              Resource: logObjects,
                          },
                      ]
                    : []),
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });
}

function validate(name: string, settings: Settings): void {
    const problems: string[] = [];
    // Auto-naming appends 8 characters to the ALB's 32-character name; the log bucket name must be lowercase.
    if (!/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/.test(name)) {
        problems.push(
            "the component name must be 1–24 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
        );
    }
    if (
        !Number.isInteger(settings.idleTimeoutSeconds) ||
        settings.idleTimeoutSeconds < 1 ||
        settings.idleTimeoutSeconds > 4000
    ) {
        problems.push(`idleTimeoutSeconds must be an integer from 1 to 4000, got ${settings.idleTimeoutSeconds}`);
    }
    if (settings.accessLogs) {
        const { prefix, expirationDays } = settings.accessLogs;
        if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) || prefix.includes("AWSLogs")) {
            problems.push(
                `accessLogs.prefix "${prefix}" must be S3 key segments without leading or trailing "/" and without "AWSLogs"`,
            );
        }
        if (!Number.isInteger(expirationDays) || expirationDays < 1) {
            problems.push(`accessLogs.expirationDays must be a positive integer, got ${expirationDays}`);
        }
    }
    for (const [service, route] of Object.entries(settings.routes)) {
        if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
            problems.push(`route "${service}": port must be an integer from 1 to 65535, got ${route.port}`);
        }
        if (!route.healthCheckPath.startsWith("/")) {
            problems.push(`route "${service}": healthCheckPath must start with "/", got "${route.healthCheckPath}"`);
        }
        const delay = route.deregistrationDelaySeconds;
        if (!Number.isInteger(delay) || delay < 0 || delay > 3600) {
            problems.push(
                `route "${service}": deregistrationDelaySeconds must be an integer from 0 to 3600, got ${delay}`,
            );
        }
        if (route.healthCheck.timeoutSeconds >= route.healthCheck.intervalSeconds) {
            problems.push(`route "${service}": the health check timeout must be shorter than its interval`);
        }
    }
    problems.push(...findRouteConflicts(settings.routes));
    if (problems.length > 0) {
        throw new Error(`LoadBalancer "${name}":\n  - ${problems.join("\n  - ")}`);
    }
}
