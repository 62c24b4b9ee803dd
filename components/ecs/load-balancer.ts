import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentType, mergeTags, Tags, withFormerTypes } from "../shared";
import { createAccessLogBucket } from "./access-log-bucket";
import { LoadBalancerArgs, resolveLoadBalancerArgs } from "./load-balancer-args";
import { createAliasRecords, createValidatedCertificate, hostedZoneId } from "./load-balancer-domain";
import { createBlueGreenRole, createServiceRoute, ServiceRouteOutputs } from "./load-balancer-routes";
import { validate } from "./load-balancer-rules";

export * from "./load-balancer-args";
export { isDnsName } from "./load-balancer-rules";

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
 * `testTraffic` names who may send test traffic, a test rule on the production listener just
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
        const settings = resolveLoadBalancerArgs(args);
        validate(name, settings);
        super(componentType("LoadBalancer"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:LoadBalancer"));
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
                enableDeletionProtection: settings.deletionProtection,
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

const ACM_ARN = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):(\d{12}):certificate\/[A-Za-z0-9-]+$/;

/**
 * A bring-your-own certificate ARN, checked against the stack's region and account once they are known: a
 * certificate of another region or account cannot be attached, and `CreateListener` would fail late.
 */
function checkedCertificateArn(parent: pulumi.Resource, certificateArn: pulumi.Input<string>): pulumi.Output<string> {
    const region = aws.getRegionOutput({}, { parent }).region;
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    return pulumi.all([certificateArn, region, account]).apply(([arn, regionName, accountId]) => {
        const match = ACM_ARN.exec(arn);
        if (!match || match[2] !== regionName || match[3] !== accountId) {
            throw new pulumi.RunError(
                `certificateArn ${arn} must be an ACM certificate of this stack's region ${regionName} and account ${accountId}`,
            );
        }
        return arn;
    });
}
