import * as assert from "assert";
import { LoadBalancer, LoadBalancerArgs, ServiceRoute } from "../../../components/ecs/load-balancer";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const CERTIFICATE = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const API: ServiceRoute = {
    port: 8080,
    healthCheckPath: "/health",
    pathPatterns: ["/*"],
    hosts: ["api.app.example.com"],
};
const WEB: ServiceRoute = { port: 8080, healthCheckPath: "/health", pathPatterns: ["/*"] };
const DOMAIN = {
    name: "app.example.com",
    alternativeNames: ["api.app.example.com"],
    hostedZone: "example.com",
};

async function run(args: Partial<LoadBalancerArgs>, options: { preview?: boolean } = {}) {
    return runProgram(
        () => {
            const lb = new LoadBalancer("edge", {
                vpcId: "vpc-123",
                publicSubnetIds: ["subnet-a", "subnet-b"],
                securityGroupIds: ["sg-alb"],
                routes: { api: API, web: WEB },
                dualStack: true,
                ...args,
            });
            return { hostname: lb.hostname, certificateArn: lb.certificateArn, https: lb.httpsEnabled };
        },
        { stack: "test", config: { "aws:region": "eu-west-1" }, preview: options.preview },
    );
}

const named = (resources: CapturedResource[], name: string) => {
    const found = resources.find(r => r.name === name);
    assert.ok(found, `resource ${name} missing`);
    return found;
};

describe("ecs/LoadBalancer domain", () => {
    for (const [label, zone] of [
        ["neither", {}],
        ["both", { hostedZone: "example.com", hostedZoneId: "Z0ABC" }],
    ] as const) {
        it(`rejects a domain with ${label} of hostedZone and hostedZoneId, before registering anything`, async () => {
            let registered = 0;
            await assert.rejects(
                runProgram(
                    () => {
                        new LoadBalancer("edge", {
                            vpcId: "vpc-123",
                            publicSubnetIds: ["subnet-a", "subnet-b"],
                            securityGroupIds: ["sg-alb"],
                            routes: {},
                            domain: { name: "app.example.com", ...zone },
                        });
                        registered++;
                    },
                    { stack: "test", config: { "aws:region": "eu-west-1" } },
                ),
                /domain\.hostedZone: set exactly one of domain\.hostedZone .* and domain\.hostedZoneId/,
            );
            assert.strictEqual(registered, 0);
        });
    }

    it("requests a DNS-validated certificate for the names and writes its validation records in the zone", async () => {
        const { resources } = await run({ domain: DOMAIN });
        const [certificate] = ofType(resources, CERTIFICATE);
        assert.deepStrictEqual(
            {
                domainName: certificate.inputs.domainName,
                subjectAlternativeNames: certificate.inputs.subjectAlternativeNames,
                validationMethod: certificate.inputs.validationMethod,
            },
            {
                domainName: "app.example.com",
                subjectAlternativeNames: ["api.app.example.com"],
                validationMethod: "DNS",
            },
        );
        const validationRecords = ofType(resources, RECORD).filter(r => r.name.includes("-validation-"));
        assert.deepStrictEqual(
            validationRecords.map(r => r.name),
            ["edge-validation-app-example-com", "edge-validation-api-app-example-com"],
        );
        const zone = named(resources, "edge-validation-app-example-com").inputs.zoneId;
        assert.match(zone, /^Z[A-Z0-9]+$/, "the zone id from the lookup by name");
        for (const record of validationRecords) {
            const option = certificate.state.domainValidationOptions.find(
                (o: { resourceRecordName: string }) => o.resourceRecordName === record.inputs.name,
            );
            assert.ok(option, `${record.name} writes one of ACM's validation records`);
            assert.deepStrictEqual(record.inputs.records, [option.resourceRecordValue]);
            assert.strictEqual(record.inputs.type, "CNAME");
            assert.strictEqual(record.inputs.zoneId, zone);
        }
        const [validation] = ofType(resources, VALIDATION);
        assert.strictEqual(validation.inputs.certificateArn, certificate.state.arn);
        assert.deepStrictEqual(
            validation.inputs.validationRecordFqdns,
            validationRecords.map(r => r.state.fqdn),
        );
    });

    it("makes the HTTPS listener wait for the validation, and redirects HTTP to it", async () => {
        const { resources, outputs } = await run({ domain: DOMAIN });
        const https = named(resources, "edge-https");
        const [validation] = ofType(resources, VALIDATION);
        assert.strictEqual(https.inputs.certificateArn, ofType(resources, CERTIFICATE)[0].state.arn);
        assert.ok(
            https.propertyDependencies.certificateArn.includes(validation.urn),
            "certificateArn comes through the validation",
        );
        assert.strictEqual(named(resources, "edge-http").inputs.defaultActions[0].type, "redirect");
        assert.deepStrictEqual(outputs, {
            hostname: "app.example.com",
            certificateArn: https.inputs.certificateArn,
            https: true,
        });
    });

    it("writes alias A and AAAA records from every name to the dual-stack load balancer", async () => {
        const { resources } = await run({ domain: DOMAIN });
        const alb = ofType(resources, "aws:lb/loadBalancer:LoadBalancer")[0];
        assert.strictEqual(alb.inputs.ipAddressType, "dualstack");
        const aliases = ofType(resources, RECORD).filter(r => r.name.includes("-alias-"));
        assert.deepStrictEqual(
            aliases.map(r => [r.inputs.name, r.inputs.type]),
            [
                ["app.example.com", "A"],
                ["app.example.com", "AAAA"],
                ["api.app.example.com", "A"],
                ["api.app.example.com", "AAAA"],
            ],
        );
        for (const alias of aliases) {
            assert.deepStrictEqual(alias.inputs.aliases, [
                { name: alb.state.dnsName, zoneId: alb.state.zoneId, evaluateTargetHealth: true },
            ]);
        }
    });

    it("IPv4 only: no ipAddressType (as before dual-stack), and A records only, since AAAA would answer nothing", async () => {
        const { resources } = await run({ domain: DOMAIN, dualStack: false });
        const alb = ofType(resources, "aws:lb/loadBalancer:LoadBalancer")[0];
        assert.ok(!("ipAddressType" in alb.inputs), "the ALB's inputs are unchanged");
        const aliases = ofType(resources, RECORD).filter(r => r.name.includes("-alias-"));
        assert.deepStrictEqual(
            aliases.map(r => r.name),
            ["edge-alias-app-example-com-a", "edge-alias-api-app-example-com-a"],
        );
    });

    it("gates test traffic by IPv6 sources only on a dual-stack load balancer", async () => {
        const testTraffic = { sourceCidrs: ["2001:db8::/32"] };
        const { resources } = await run({ testTraffic, routes: { web: { ...WEB, blueGreen: true } } });
        const conditions = ofType(resources, "aws:lb/listenerRule:ListenerRule").flatMap(r => r.inputs.conditions);
        assert.ok(
            conditions.some(c => c.sourceIp?.values.includes("2001:db8::/32")),
            "the test rule admits the IPv6 source",
        );
        await assert.rejects(
            run({ testTraffic, dualStack: false }),
            /testTraffic\.sourceCidrs\[0\]: 2001:db8::\/32 is an IPv6 block, but the load balancer is IPv4-only: turn on dualStack/,
        );
        await assert.rejects(run({ testTraffic: { sourceCidrs: ["2001:DB8::/32"] } }), /use 2001:db8::\/32/);
    });

    it("writes one validation record for a name and its wildcard, and takes the zone by id without a lookup", async () => {
        const { resources } = await run({
            domain: { name: "app.example.com", alternativeNames: ["*.app.example.com"], hostedZoneId: "Z0ABC" },
        });
        const validationRecords = ofType(resources, RECORD).filter(r => r.name.includes("-validation-"));
        assert.deepStrictEqual(
            validationRecords.map(r => r.name),
            ["edge-validation-app-example-com"],
        );
        assert.ok(ofType(resources, RECORD).every(r => r.inputs.zoneId === "Z0ABC"));
        assert.ok(named(resources, "edge-alias-wildcard-app-example-com-a"));
    });

    it("registers the same resources in a first preview, when ACM's records are not known yet", async () => {
        const { resources } = await run({ domain: DOMAIN }, { preview: true });
        assert.strictEqual(ofType(resources, RECORD).length, 6);
        assert.strictEqual(ofType(resources, VALIDATION).length, 1);
    });

    it("uses a certificate of your own with the domain's alias records, checked against region and account", async () => {
        const own = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
        const { resources } = await run({ domain: DOMAIN, certificateArn: own });
        assert.strictEqual(ofType(resources, CERTIFICATE).length, 0);
        assert.strictEqual(named(resources, "edge-https").inputs.certificateArn, own);
        assert.strictEqual(ofType(resources, RECORD).length, 4, "alias records only");
        await assert.rejects(
            run({ certificateArn: own.replace("eu-west-1", "us-east-1") }),
            /must be an ACM certificate of this stack's region eu-west-1 and account 123456789012/,
        );
        await assert.rejects(
            run({ certificateArn: own.replace("123456789012", "210987654321") }),
            /region eu-west-1 and account 123456789012/,
        );
    });

    it("refuses a host rule the certificate does not cover, and names that are not DNS names", async () => {
        await assert.rejects(
            run({ domain: { ...DOMAIN, alternativeNames: [] } }),
            /routes.api.hosts: api.app.example.com is not among the domain's names \(app.example.com\)/,
        );
        await run({ domain: { ...DOMAIN, alternativeNames: ["*.app.example.com"] } });
        await assert.rejects(
            run({ domain: { ...DOMAIN, name: "app_example" } }),
            /domain.name: app_example is not a DNS name/,
        );
    });

    it("refuses more services than one load balancer's rule quota holds, naming the quota", async () => {
        const routes = Object.fromEntries(
            Array.from({ length: 101 }, (_, i) => [
                `svc${i}`,
                { ...WEB, pathPatterns: [`/s${i}/*`], priority: 2 * i + 2 },
            ]),
        );
        await assert.rejects(
            run({ routes }),
            /101 services need 101 listener rules on one load balancer, above its quota "Rules per Application Load Balancer" of 100/,
        );
        await run({ routes, quotas: { rules: 200, targetGroups: 200 } });
    });
});
