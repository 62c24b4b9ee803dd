import * as assert from "assert";
import { ConfigError, ConfigProblem } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";

/** A prod stack's `ecs-platform:` keys with one load balancer setting changed; services as in the samples. */
function prodValues(loadBalancer: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const config: Record<string, unknown> = {
        environment: "prod",
        owner: "team",
        loadBalancer,
        services: {
            web: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"] } },
            api: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"], hosts: ["api.app.example.com"] } },
        },
        ...extra,
    };
    return Object.fromEntries([
        ["aws:region", "eu-west-1"],
        ...Object.entries(config).map(([k, v]) => [`ecs-platform:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    ]);
}

/** The problems of a configuration (empty when it is valid). */
function problemsOf(values: Record<string, string>, secretKeys: string[] = []): ConfigProblem[] {
    try {
        parseStackConfig({ stack: "prod", values, secretKeys });
        return [];
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), String(err));
        return err.problems;
    }
}

function assertProblem(problems: ConfigProblem[], key: string, expected: RegExp) {
    const problem = problems.find(p => p.key === `ecs-platform:${key}`);
    assert.ok(problem, `no problem at ${key}; got ${JSON.stringify(problems)}`);
    assert.match(problem.message, expected);
}

const DOMAIN = { domain: "app.example.com", alternativeNames: ["api.app.example.com"], hostedZone: "example.com" };

describe("infra/config: load balancer domain, certificate, test traffic and quotas", () => {
    it("accepts a domain with its zone by name or by id", () => {
        assert.deepStrictEqual(problemsOf(prodValues(DOMAIN)), []);
        const byId = { ...DOMAIN, hostedZone: undefined, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        assert.deepStrictEqual(problemsOf(prodValues(byId)), []);
    });

    it("asks for exactly one zone, names inside it, and a domain for the other keys", () => {
        assertProblem(problemsOf(prodValues({ domain: "app.example.com" })), "loadBalancer.hostedZone", /exactly one/);
        assertProblem(
            problemsOf(prodValues({ ...DOMAIN, hostedZone: "example.org" })),
            "loadBalancer.domain",
            /app.example.com is not in the hosted zone example.org/,
        );
        assertProblem(
            problemsOf(prodValues({ hostedZone: "example.com" })),
            "loadBalancer.hostedZone",
            /needs loadBalancer.domain/,
        );
        assertProblem(
            problemsOf(prodValues({ domain: "App.Example.com", hostedZone: "example.com" })),
            "loadBalancer.domain",
            /lowercase DNS name/,
        );
    });

    it("keeps host rules working: a route host must be one of the certificate's names", () => {
        const problems = problemsOf(prodValues({ ...DOMAIN, alternativeNames: [] }));
        assertProblem(
            problems,
            "services.api.route.hosts",
            /api.app.example.com is not covered .* add it to loadBalancer.alternativeNames/,
        );
        assert.deepStrictEqual(problemsOf(prodValues({ ...DOMAIN, alternativeNames: ["*.app.example.com"] })), []);
    });

    it("takes a certificate of your own only from the stack's region, and never the documentation placeholder", () => {
        const own = "arn:aws:acm:eu-west-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.deepStrictEqual(problemsOf(prodValues({ certificateArn: own })), []);
        assertProblem(
            problemsOf(prodValues({ certificateArn: own.replace("eu-west-1", "us-east-1") })),
            "loadBalancer.certificateArn",
            /is a certificate of us-east-1; an ALB in eu-west-1 needs one of its own region/,
        );
        assertProblem(
            problemsOf(
                prodValues({
                    certificateArn:
                        "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
                }),
            ),
            "loadBalancer.certificateArn",
            /documentation placeholder/,
        );
    });

    it("wants the test-traffic token as a secret, without ALB wildcards", () => {
        const token = { testTrafficToken: "t0ken-0123456789abcdef" };
        assertProblem(problemsOf(prodValues({}, token)), "testTrafficToken", /holds plaintext/);
        assert.deepStrictEqual(problemsOf(prodValues({}, token), ["ecs-platform:testTrafficToken"]), []);
        assertProblem(
            problemsOf(prodValues({}, { testTrafficToken: "qa-*-0123456789abcdef" }), [
                "ecs-platform:testTrafficToken",
            ]),
            "testTrafficToken",
            /no ALB wildcards/,
        );
    });

    it("rejects priority 1, which leaves no room for the test rule (schema and routing agree: 2–50000)", () => {
        const values = prodValues({});
        const services = JSON.parse(values["ecs-platform:services"]);
        services.web.route.priority = 1;
        values["ecs-platform:services"] = JSON.stringify(services);
        assertProblem(problemsOf(values), "services.web.route.priority", /at least 2/);
        services.web.route.priority = 2;
        values["ecs-platform:services"] = JSON.stringify(services);
        assert.deepStrictEqual(problemsOf(values), []);
    });

    it("refuses more services than the ALB's rule quota, naming the quota and what to do", () => {
        const values = prodValues({ quotas: { rules: 1 } });
        assertProblem(
            problemsOf(values),
            "services",
            /2 services need 2 listener rules on one load balancer, above its quota "Rules per Application Load Balancer" of 1: raise the quota in Service Quotas/,
        );
    });
});
