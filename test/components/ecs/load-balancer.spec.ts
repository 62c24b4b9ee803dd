import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LoadBalancer, LoadBalancerArgs, ServiceRoute } from "../../../components/ecs/load-balancer";
import { listenerRulePriority, testListenerRulePriority } from "../../../components/ecs/routing";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
const TAGS = { env: "test", owner: "platform" };
const API: ServiceRoute = { port: 8080, healthCheckPath: "/health", pathPatterns: ["/api/*"] };
const WEB: ServiceRoute = { port: 3000, healthCheckPath: "/", pathPatterns: ["/*"] };

type Declared = Partial<LoadBalancerArgs>;

async function run(args: Declared = {}, options: { region?: string; preview?: boolean } = {}) {
    let component: LoadBalancer | undefined;
    const { resources, outputs } = await runProgram(
        () => {
            component = new LoadBalancer("edge", {
                vpcId: "vpc-123",
                publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
                securityGroupIds: ["sg-alb"],
                routes: { api: API, web: WEB },
                tags: TAGS,
                ...args,
            });
            return { dnsName: component.dnsName, arnSuffix: component.arnSuffix, services: component.services };
        },
        { stack: "test", config: { "aws:region": options.region ?? "eu-west-1" }, preview: options.preview },
    );
    // The harness resolves the returned Outputs; its type still names them as Outputs.
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs>, component: component! };
}

function only(resources: CapturedResource[], type: string): CapturedResource {
    const found = ofType(resources, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

function named(resources: CapturedResource[], name: string): CapturedResource {
    const found = resources.find(r => r.name === name);
    assert.ok(found, `resource ${name} missing`);
    return found;
}

describe("ecs/LoadBalancer", () => {
    describe("load balancer", () => {
        it("is an internet-facing ALB with hardened defaults, its exposure declared in a tag", async () => {
            const { resources } = await run();
            const alb = only(resources, ALB);
            assert.deepStrictEqual(alb.inputs, {
                loadBalancerType: "application",
                internal: false,
                subnets: ["subnet-public-a", "subnet-public-b"],
                securityGroups: ["sg-alb"],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: false,
                idleTimeout: 60,
                tags: { ...TAGS, exposure: "internet" },
            });
        });

        it("takes deletion protection, the strictest desync mode and an idle timeout", async () => {
            const alb = only(
                (
                    await run({
                        deletionProtection: true,
                        desyncMitigationMode: "strictest",
                        idleTimeoutSeconds: 120,
                    })
                ).resources,
                ALB,
            );
            assert.strictEqual(alb.inputs.enableDeletionProtection, true);
            assert.strictEqual(alb.inputs.desyncMitigationMode, "strictest");
            assert.strictEqual(alb.inputs.idleTimeout, 120);
        });

        it("outputs DNS name and ARN suffix", async () => {
            const { resources, outputs } = await run();
            const alb = only(resources, ALB);
            assert.strictEqual(outputs.dnsName, alb.state.dnsName);
            assert.strictEqual(outputs.arnSuffix, alb.state.arnSuffix);
        });

        it("rejects a name the 32-character ALB name cannot hold", async () => {
            await assert.rejects(
                runProgram(
                    () =>
                        new LoadBalancer("an-alb-name-that-is-far-too-long", {
                            vpcId: "v",
                            publicSubnetIds: [],
                            securityGroupIds: [],
                            routes: {},
                        }),
                    { stack: "test" },
                ),
                /1–24 lowercase letters/,
            );
        });
    });

    describe("listeners", () => {
        it("with a certificate: HTTPS:443 with the TLS 1.3 policy and a 404 default, and HTTP:80 redirecting to it", async () => {
            const { resources, component } = await run({ certificateArn: CERT });
            const alb = only(resources, ALB);
            const https = named(resources, "edge-https");
            assert.deepStrictEqual(https.inputs, {
                loadBalancerArn: alb.state.arn,
                port: 443,
                protocol: "HTTPS",
                certificateArn: CERT,
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                defaultActions: [
                    {
                        type: "fixed-response",
                        fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
                    },
                ],
                tags: TAGS,
            });
            const http = named(resources, "edge-http");
            assert.deepStrictEqual(http.inputs.defaultActions, [
                { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ]);
            assert.strictEqual(http.inputs.port, 80);
            assert.strictEqual(component.httpsEnabled, true);
            assert.deepStrictEqual(component.warnings, []);
            for (const rule of ofType(resources, RULE)) {
                assert.strictEqual(
                    rule.inputs.listenerArn,
                    https.state.arn,
                    "service rules live on the HTTPS listener",
                );
            }
        });

        it("takes another TLS policy", async () => {
            const { resources } = await run({ certificateArn: CERT, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
            assert.strictEqual(named(resources, "edge-https").inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-3-2021-06");
        });

        it("without a certificate: one HTTP:80 listener serving the rules, and a warning", async () => {
            const { resources, component } = await run();
            const listener = only(resources, LISTENER);
            assert.strictEqual(listener.inputs.port, 80);
            assert.strictEqual(listener.inputs.protocol, "HTTP");
            assert.strictEqual(listener.inputs.certificateArn, undefined);
            assert.deepStrictEqual(listener.inputs.defaultActions, [
                {
                    type: "fixed-response",
                    fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
                },
            ]);
            assert.strictEqual(component.httpsEnabled, false);
            assert.strictEqual(component.warnings.length, 1);
            assert.match(component.warnings[0], /no certificate: HTTP only/);
            for (const rule of ofType(resources, RULE)) {
                assert.strictEqual(rule.inputs.listenerArn, listener.state.arn);
            }
        });
    });

    describe("service routes", () => {
        it("creates an ip target group per service with a 30 s deregistration delay and the health check", async () => {
            const { resources } = await run();
            const api = named(resources, "edge-tg-api");
            assert.deepStrictEqual(api.inputs, {
                namePrefix: "api-",
                vpcId: "vpc-123",
                targetType: "ip",
                protocol: "HTTP",
                protocolVersion: "HTTP1",
                port: 8080,
                deregistrationDelay: 30,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: "/health",
                    matcher: "200",
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 3,
                    unhealthyThreshold: 3,
                },
                tags: { ...TAGS, service: "api" },
            });
            assert.strictEqual(named(resources, "edge-tg-web").inputs.port, 3000);
            assert.strictEqual(ofType(resources, TARGET_GROUP).length, 2);
        });

        it("takes the target type, deregistration delay and health-check overrides per route", async () => {
            const { resources } = await run({
                routes: {
                    "legacy-app": {
                        ...API,
                        targetType: "instance",
                        deregistrationDelaySeconds: 120,
                        healthCheck: { matcher: "200-299", intervalSeconds: 30, unhealthyThreshold: 5 },
                    },
                },
            });
            const tg = only(resources, TARGET_GROUP);
            assert.strictEqual(tg.inputs.namePrefix, "legac-");
            assert.strictEqual(tg.inputs.targetType, "instance");
            assert.strictEqual(tg.inputs.deregistrationDelay, 120);
            assert.deepStrictEqual(
                {
                    matcher: tg.inputs.healthCheck.matcher,
                    interval: tg.inputs.healthCheck.interval,
                    unhealthy: tg.inputs.healthCheck.unhealthyThreshold,
                    timeout: tg.inputs.healthCheck.timeout,
                },
                { matcher: "200-299", interval: 30, unhealthy: 5, timeout: 5 },
            );
        });

        it("forwards each service's path and host conditions to its target group at its stable priority", async () => {
            const admin: ServiceRoute = {
                port: 9000,
                healthCheckPath: "/ping",
                pathPatterns: ["/admin/*"],
                hosts: ["admin.example.com"],
            };
            const { resources } = await run({ routes: { api: API, admin, web: WEB } });
            const rules = ofType(resources, RULE);
            assert.strictEqual(rules.length, 3);
            for (const [service, route] of Object.entries({ api: API, admin, web: WEB })) {
                const rule = named(resources, `edge-rule-${service}`);
                assert.strictEqual(rule.inputs.priority, listenerRulePriority(service, route));
                assert.deepStrictEqual(rule.inputs.actions, [
                    { type: "forward", targetGroupArn: named(resources, `edge-tg-${service}`).state.arn },
                ]);
                assert.deepStrictEqual(rule.options.ignoreChanges, [], "Pulumi owns rolling-deployment rules");
            }
            assert.deepStrictEqual(named(resources, "edge-rule-admin").inputs.conditions, [
                { pathPattern: { values: ["/admin/*"] } },
                { hostHeader: { values: ["admin.example.com"] } },
            ]);
            assert.deepStrictEqual(named(resources, "edge-rule-web").inputs.conditions, [
                { pathPattern: { values: ["/*"] } },
            ]);
            const priority = (service: string) => named(resources, `edge-rule-${service}`).inputs.priority as number;
            assert.ok(
                priority("admin") < priority("api") && priority("api") < priority("web"),
                "specific rules first, catch-all last",
            );
        });

        it("keeps a service's rule priority when other services are added", async () => {
            const alone = named((await run({ routes: { api: API } })).resources, "edge-rule-api").inputs.priority;
            const crowded = named(
                (
                    await run({
                        routes: {
                            zeta: { ...WEB, pathPatterns: ["/z/*"] },
                            api: API,
                            alpha: { ...WEB, pathPatterns: ["/a/*"] },
                        },
                    })
                ).resources,
                "edge-rule-api",
            ).inputs.priority;
            assert.strictEqual(crowded, alone);
        });

        it("uses an explicit priority", async () => {
            const { resources } = await run({ routes: { web: { ...WEB, priority: 100 } } });
            assert.strictEqual(named(resources, "edge-rule-web").inputs.priority, 100);
        });

        it("refuses routes that conflict, before creating anything", async () => {
            await assert.rejects(
                run({ routes: { a: API, b: { ...API, port: 9999 } } }),
                /services "a" and "b" both claim path "\/api\/\*" on any host/,
            );
        });

        it("outputs per service the target group (after its rule exists), its ARN suffix and the rule", async () => {
            const { resources, outputs } = await run();
            const tg = named(resources, "edge-tg-api");
            const rule = named(resources, "edge-rule-api");
            assert.deepStrictEqual(outputs.services.api, {
                targetGroupArn: tg.state.arn,
                targetGroupArnSuffix: tg.state.arnSuffix,
                listenerRuleArn: rule.state.arn,
            });
        });

        it("makes a consumer of the target group wait for the listener rule (ECS rejects an unattached target group)", async () => {
            const { resources } = await runProgram(
                () => {
                    const lb = new LoadBalancer("edge", {
                        vpcId: "v",
                        publicSubnetIds: ["a", "b"],
                        securityGroupIds: ["sg"],
                        routes: { api: API },
                    });
                    new aws.ssm.Parameter("consumer", { type: "String", value: lb.services.api.targetGroupArn });
                },
                { stack: "test" },
            );
            assert.ok(named(resources, "consumer").dependencies.includes(named(resources, "edge-rule-api").urn));
        });
    });

    describe("blue/green", () => {
        const blueGreen = { routes: { api: { ...API, blueGreen: true }, web: WEB }, certificateArn: CERT };

        it("adds an alternate target group with the same settings", async () => {
            const { resources } = await run(blueGreen);
            const primary = named(resources, "edge-tg-api");
            const alternate = named(resources, "edge-alt-tg-api");
            assert.deepStrictEqual(alternate.inputs, primary.inputs);
            assert.strictEqual(ofType(resources, TARGET_GROUP).length, 3);
        });

        it("forwards production to both groups (100/0) and lets ECS own the rule's actions", async () => {
            const { resources } = await run(blueGreen);
            const rule = named(resources, "edge-rule-api");
            assert.deepStrictEqual(rule.inputs.actions, [
                {
                    type: "forward",
                    forward: {
                        targetGroups: [
                            { arn: named(resources, "edge-tg-api").state.arn, weight: 100 },
                            { arn: named(resources, "edge-alt-tg-api").state.arn, weight: 0 },
                        ],
                    },
                },
            ]);
            assert.deepStrictEqual(rule.options.ignoreChanges, ["actions"]);
        });

        const TOKEN = "t0ken-from-esc-0123456789";
        const gated = { ...blueGreen, testTraffic: { headerValue: pulumi.secret(TOKEN) } };

        it("adds a test rule gated on the secret token, on the production listener just before the production rule", async () => {
            const { resources, component } = await run(gated);
            const test = named(resources, "edge-test-rule-api");
            assert.strictEqual(test.inputs.listenerArn, named(resources, "edge-https").state.arn);
            assert.strictEqual(test.inputs.priority, testListenerRulePriority("api", API));
            assert.strictEqual(test.inputs.priority, named(resources, "edge-rule-api").inputs.priority - 1);
            assert.deepStrictEqual(test.inputs.conditions, [
                { pathPattern: { values: ["/api/*"] } },
                { httpHeader: { httpHeaderName: "X-Blue-Green-Test", values: [TOKEN] } },
            ]);
            assert.ok(!JSON.stringify(test.maskedInputs).includes(TOKEN), "the token stays a secret in state");
            assert.deepStrictEqual(test.inputs.actions, [
                { type: "forward", targetGroupArn: named(resources, "edge-alt-tg-api").state.arn },
            ]);
            assert.deepStrictEqual(test.options.ignoreChanges, ["actions"]);
            assert.deepStrictEqual(component.warnings, []);
            assert.strictEqual(ofType(resources, RULE).length, 3, "no test rule for the rolling service");
        });

        it("gates on a source allowlist, alone or with the token under another header name", async () => {
            const cidrs = { ...blueGreen, testTraffic: { sourceCidrs: ["203.0.113.0/24"] } };
            assert.deepStrictEqual(named((await run(cidrs)).resources, "edge-test-rule-api").inputs.conditions, [
                { pathPattern: { values: ["/api/*"] } },
                { sourceIp: { values: ["203.0.113.0/24"] } },
            ]);
            const both = {
                ...blueGreen,
                testTraffic: { headerName: "X-Canary", headerValue: TOKEN, sourceCidrs: ["198.51.100.7/32"] },
            };
            assert.deepStrictEqual(
                named((await run(both)).resources, "edge-test-rule-api").inputs.conditions.slice(1),
                [
                    { httpHeader: { httpHeaderName: "X-Canary", values: [TOKEN] } },
                    { sourceIp: { values: ["198.51.100.7/32"] } },
                ],
            );
        });

        it("creates no test rule when nothing gates test traffic (no guessable fixed header), and says so", async () => {
            for (const testTraffic of [undefined, { headerName: "X-Blue-Green-Test" }]) {
                const { resources, component, outputs } = await run({ ...blueGreen, testTraffic });
                assert.ok(!resources.some(r => r.name.includes("test-rule")));
                assert.strictEqual(outputs.services.api.testListenerRuleArn, undefined);
                assert.strictEqual(component.warnings.length, 1);
                assert.match(component.warnings[0], /no test-traffic gate/);
            }
        });

        it("creates one role ECS can assume with the managed load-balancer policy", async () => {
            const { resources } = await run({
                ...blueGreen,
                routes: { ...blueGreen.routes, web: { ...WEB, blueGreen: true } },
            });
            const role = only(resources, "aws:iam/role:Role");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
                {
                    Sid: "AllowAccessToECSForInfrastructureManagement",
                    Effect: "Allow",
                    Principal: { Service: "ecs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ]);
            const attachment = only(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.strictEqual(attachment.inputs.role, role.state.name);
            assert.strictEqual(
                attachment.inputs.policyArn,
                "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
            );
            assert.deepStrictEqual(role.inputs.tags, TAGS);
        });

        it("outputs what the service's advancedConfiguration needs", async () => {
            const { resources, outputs } = await run(gated);
            assert.deepStrictEqual(outputs.services.api, {
                targetGroupArn: named(resources, "edge-tg-api").state.arn,
                targetGroupArnSuffix: named(resources, "edge-tg-api").state.arnSuffix,
                listenerRuleArn: named(resources, "edge-rule-api").state.arn,
                alternateTargetGroupArn: named(resources, "edge-alt-tg-api").state.arn,
                alternateTargetGroupArnSuffix: named(resources, "edge-alt-tg-api").state.arnSuffix,
                testListenerRuleArn: named(resources, "edge-test-rule-api").state.arn,
                blueGreenRoleArn: only(resources, "aws:iam/role:Role").state.arn,
            });
            assert.deepStrictEqual(Object.keys(outputs.services.web).sort(), [
                "listenerRuleArn",
                "targetGroupArn",
                "targetGroupArnSuffix",
            ]);
        });

        it("creates no role, alternate group or test rule without blue/green", async () => {
            const { resources, component } = await run({ certificateArn: CERT, testTraffic: { headerValue: TOKEN } });
            assert.strictEqual(ofType(resources, "aws:iam/role:Role").length, 0);
            assert.ok(!resources.some(r => r.name.includes("alt-tg") || r.name.includes("test-rule")));
            assert.deepStrictEqual(component.warnings, []);
        });

        it("refuses a blue/green route whose test rule would exceed the ALB's condition values", async () => {
            const wide = {
                ...API,
                blueGreen: true,
                pathPatterns: ["/a/*", "/b/*", "/c/*"],
                hosts: ["x.example.com", "y.example.com"],
            };
            await assert.rejects(
                run({ routes: { wide }, testTraffic: { headerValue: TOKEN } }),
                /6 condition values \(including the test-traffic header and source addresses\)/,
            );
            await run({ routes: { wide }, testTraffic: {} });
        });
    });

    describe("access logs", () => {
        const logs = { accessLogs: { enabled: true } };

        it("are off by default: no bucket, no accessLogs block", async () => {
            const { resources } = await run();
            assert.strictEqual(ofType(resources, "aws:s3/bucket:Bucket").length, 0);
            assert.strictEqual(only(resources, ALB).inputs.accessLogs, undefined);
        });

        it("write to a dedicated bucket under the prefix, once the bucket policy is in place", async () => {
            const { resources } = await run(logs);
            const bucket = only(resources, "aws:s3/bucket:Bucket");
            const alb = only(resources, ALB);
            assert.deepStrictEqual(alb.inputs.accessLogs, {
                enabled: true,
                bucket: bucket.state.bucket,
                prefix: "alb",
            });
            assert.ok(alb.options.dependsOn.includes(only(resources, "aws:s3/bucketPolicy:BucketPolicy").urn));
        });

        it("harden the bucket: public access blocked, SSE-S3, owner-enforced, expiring after 90 days", async () => {
            const { resources } = await run(logs);
            const bucket = only(resources, "aws:s3/bucket:Bucket");
            assert.deepStrictEqual(bucket.inputs, { forceDestroy: true, tags: TAGS });
            assert.deepStrictEqual(only(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs, {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(
                only(
                    resources,
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                ).inputs,
                {
                    bucket: bucket.id,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                },
            );
            assert.deepStrictEqual(only(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs, {
                bucket: bucket.id,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            });
            assert.deepStrictEqual(
                only(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire-access-logs",
                            status: "Enabled",
                            filter: { prefix: "alb/" },
                            expiration: { days: 90 },
                        },
                    ],
                },
            );
        });

        it("let only ELB log delivery write under the prefix, and only over TLS", async () => {
            const { resources } = await run(logs, { region: "eu-south-2" });
            const bucket = only(resources, "aws:s3/bucket:Bucket");
            const policy = JSON.parse(only(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
            assert.deepStrictEqual(policy.Statement, [
                {
                    Sid: "AllowAlbLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucket.state.arn}/alb/AWSLogs/123456789012/*`,
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [bucket.state.arn, `${bucket.state.arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        });

        it("also grant the regional ELB account the provider knows (aws.elb.getServiceAccount) in older regions", async () => {
            const { resources } = await run(logs, { region: "eu-west-1" });
            const statements = JSON.parse(only(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement;
            const regional = statements.find((s: { Sid: string }) => s.Sid === "AllowAlbLogDeliveryRegionalAccount");
            const elbAccount = await aws.elb.getServiceAccount({});
            assert.match(elbAccount.arn, /^arn:aws:iam::\d{12}:root$/);
            assert.deepStrictEqual(regional.Principal, { AWS: elbAccount.arn });
            assert.strictEqual(regional.Action, "s3:PutObject");
            assert.match(regional.Resource, /\/alb\/AWSLogs\/123456789012\/\*$/);
        });

        it("take a prefix and retention, and protect the bucket in prod", async () => {
            const { resources } = await run({
                accessLogs: { enabled: true, prefix: "edge/prod", expireDays: 400 },
                protect: true,
            });
            const bucket = only(resources, "aws:s3/bucket:Bucket");
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.strictEqual(bucket.options.protect, true);
            assert.strictEqual(bucket.options.retainOnDelete, true);
            assert.deepStrictEqual(only(resources, ALB).inputs.accessLogs.prefix, "edge/prod");
            const lifecycle = only(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
            assert.deepStrictEqual(lifecycle.inputs.rules[0].expiration, { days: 400 });
            assert.deepStrictEqual(lifecycle.inputs.rules[0].filter, { prefix: "edge/prod/" });
        });

        it("reject a prefix ELB cannot use", async () => {
            await assert.rejects(run({ accessLogs: { enabled: true, prefix: "/AWSLogs/" } }), /accessLogs.prefix/);
        });
    });

    it("tags every taggable child and parents it to the component", async () => {
        const { resources } = await run({
            certificateArn: CERT,
            accessLogs: { enabled: true },
            routes: { api: { ...API, blueGreen: true } },
        });
        const component = only(resources, "ecs-platform:index:LoadBalancer");
        const untaggable = new Set([
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketPolicy:BucketPolicy",
        ]);
        for (const child of resources.filter(r => r.custom)) {
            assert.strictEqual(child.parent, component.urn, child.name);
            if (!untaggable.has(child.type)) {
                for (const [key, value] of Object.entries(TAGS)) {
                    assert.strictEqual(child.inputs.tags?.[key], value, `${child.name} tag ${key}`);
                }
            }
        }
    });

    it("registers the same resources in a first preview", async () => {
        const { resources } = await run(
            { certificateArn: CERT, accessLogs: { enabled: true }, routes: { api: { ...API, blueGreen: true } } },
            { preview: true },
        );
        assert.strictEqual(ofType(resources, RULE).length, 1, "no test rule without a test-traffic gate");
        assert.strictEqual(ofType(resources, "aws:s3/bucketPolicy:BucketPolicy").length, 1);
    });
});
