import * as assert from "assert";
import { ConfigError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";

type Json = Record<string, unknown>;
const IMAGE = { source: "ecr", tag: "v1" };

/** A valid staging config with one workload of each kind; each test changes one service. */
function config(patch: Record<string, Json | undefined> = {}, environment = "staging"): Record<string, string> {
    const services: Record<string, Json | undefined> = {
        web: { image: IMAGE, route: { paths: ["/*"] }, calls: ["api"] },
        api: { kind: "backend", image: IMAGE },
        worker: { kind: "worker", image: IMAGE, minCount: environment === "prod" ? 3 : 0, maxCount: 3 },
        report: { kind: "job", image: IMAGE, schedule: { expression: "cron(0 2 * * ? *)" } },
        migrate: { kind: "task", image: IMAGE },
        ...patch,
    };
    for (const [name, service] of Object.entries(services)) if (service === undefined) delete services[name];
    const values: Record<string, string> = {
        "aws:region": "eu-west-1",
        "ecs-platform:environment": environment,
        "ecs-platform:owner": "team",
        "ecs-platform:services": JSON.stringify(services),
    };
    if (environment === "prod") {
        values["ecs-platform:loadBalancer"] = JSON.stringify({
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
        });
    }
    return values;
}

const parse = (values: Record<string, string>, stack = "staging") =>
    parseStackConfig({ stack, values, secretKeys: [] });

function problemAt(values: Record<string, string>, key: string, stack = "staging"): string {
    try {
        parse(values, stack);
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), String(err));
        const problem = err.problems.find(p => p.key === `ecs-platform:services.${key}`);
        assert.ok(problem, `no problem at ${key}: ${JSON.stringify(err.problems)}`);
        return problem.message;
    }
    return assert.fail(`expected a problem at ${key}`);
}

describe("infra/config: workload kinds", () => {
    it("accepts one workload of each kind, defaulting kind to web and each kind's settings", () => {
        const parsed = parse(config());
        const byName = Object.fromEntries(parsed.services.map(s => [s.name, s]));
        assert.deepStrictEqual(
            parsed.services.map(s => s.kind),
            ["web", "backend", "worker", "job", "task"],
        );
        assert.deepStrictEqual(byName.report.schedule, {
            expression: "cron(0 2 * * ? *)",
            timezone: "UTC",
            retryAttempts: 2,
            maximumEventAgeSeconds: 3600,
            enabled: true,
        });
        assert.deepStrictEqual(byName.api.calls, []);
        assert.deepStrictEqual(byName.worker.egress, []);
    });

    it("a web service needs a route; a backend, worker, job or task has none", () => {
        assert.match(problemAt(config({ web: { image: IMAGE } }), "web.route"), /required for a web service/);
        for (const name of ["api", "worker", "migrate"]) {
            const values = JSON.parse(config()["ecs-platform:services"]);
            values[name].route = { paths: ["/x/*"] };
            assert.match(
                problemAt({ ...config(), "ecs-platform:services": JSON.stringify(values) }, `${name}.route`),
                /is not behind the load balancer: remove route/,
            );
        }
    });

    it("a calls target must exist, must not be the caller, and must listen (not a worker, job or task)", () => {
        const calling = (calls: string[]) => config({ web: { image: IMAGE, route: { paths: ["/*"] }, calls } });
        assert.match(problemAt(calling(["nope"]), "web.calls.0"), /names no service; declared: web, api/);
        assert.match(problemAt(calling(["web"]), "web.calls.0"), /does not call itself/);
        for (const target of ["worker", "report", "migrate"]) {
            assert.match(problemAt(calling([target]), "web.calls.0"), /listens on no port: call a web or backend/);
        }
        assert.match(problemAt(calling(["api", "api"]), "web.calls.1"), /twice/);
    });

    it("jobs and one-off tasks cannot call over Service Connect, which serves ECS services only", () => {
        const job = { kind: "job", image: IMAGE, schedule: { expression: "rate(1 hour)" }, calls: ["api"] };
        assert.match(problemAt(config({ report: job }), "report.calls"), /Service Connect does not serve/);
    });

    it("a job needs a schedule in Scheduler's syntax; only a job has one, only a worker a queue", () => {
        assert.match(
            problemAt(config({ report: { kind: "job", image: IMAGE } }), "report.schedule"),
            /required for a job/,
        );
        assert.match(
            problemAt(
                config({ report: { kind: "job", image: IMAGE, schedule: { expression: "0 2 * * *" } } }),
                "report.schedule.expression",
            ),
            /cron\(<6 fields>\) or rate/,
        );
        assert.match(
            problemAt(
                config({ api: { kind: "backend", image: IMAGE, schedule: { expression: "rate(1 day)" } } }),
                "api.schedule",
            ),
            /only a job runs on a schedule/,
        );
        assert.match(
            problemAt(config({ api: { kind: "backend", image: IMAGE, queue: {} } }), "api.queue"),
            /only a worker/,
        );
    });

    it("queue settings stay within SQS's limits", () => {
        const worker = (queue: Json) => config({ worker: { kind: "worker", image: IMAGE, queue } });
        assert.match(problemAt(worker({ maxReceiveCount: 0 }), "worker.queue.maxReceiveCount"), /must be at least 1/);
        assert.match(
            problemAt(worker({ visibilityTimeoutSeconds: 50000 }), "worker.queue.visibilityTimeoutSeconds"),
            /at most 43200/,
        );
    });

    it("blue/green and request-count scaling are for web services only", () => {
        assert.match(
            problemAt(config({ api: { kind: "backend", image: IMAGE, blueGreen: true } }), "api.blueGreen"),
            /web services only/,
        );
    });

    it("a prod worker keeps at least one task; staging may scale it to zero", () => {
        assert.doesNotThrow(() =>
            parse(config({ worker: { kind: "worker", image: IMAGE, minCount: 0, maxCount: 2 } })),
        );
        const prod = config({ worker: { kind: "worker", image: IMAGE, minCount: 0, maxCount: 2 } }, "prod");
        const minCounts = (values: Record<string, string>) => {
            const services = JSON.parse(values["ecs-platform:services"]);
            for (const name of ["web", "api"]) services[name].minCount = 3;
            return { ...values, "ecs-platform:services": JSON.stringify(services) };
        };
        assert.match(problemAt(minCounts(prod), "worker.minCount", "prod"), /at least 1 for a prod worker/);
    });

    it("service names stay DNS labels: Service Connect publishes them", () => {
        const values = JSON.parse(config()["ecs-platform:services"]);
        values["api-"] = values.api;
        const bad = { ...config(), "ecs-platform:services": JSON.stringify(values) };
        try {
            parse(bad);
            assert.fail("expected a rejection");
        } catch (err) {
            assert.ok(ConfigError.isConfigError(err));
            assert.ok(
                err.problems.some(p => /single '-' between them/.test(p.message)),
                JSON.stringify(err.problems),
            );
        }
    });
});
