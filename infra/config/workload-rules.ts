import type { ConfigProblem } from "./errors";
import type { ServiceConfig, StackConfig } from "./resolve";
import type { WorkloadKind } from "./workload-schema";

const NS = "ecs-platform";

/** Kinds that run as an ECS service, and so can join Service Connect. */
const SERVICE_KINDS = new Set<WorkloadKind>(["web", "backend", "worker"]);
/** Kinds that publish a port over Service Connect, and so can be called. */
const CALLABLE_KINDS = new Set<WorkloadKind>(["web", "backend"]);

/** Whether a workload runs as an ECS service (web, backend, worker), not a task started by a schedule or by hand. */
export function runsAsService(service: ServiceConfig): boolean {
    return SERVICE_KINDS.has(service.kind);
}

/** Whether other services can call this one over Service Connect. */
export function isCallable(service: ServiceConfig): boolean {
    return CALLABLE_KINDS.has(service.kind);
}

/** The rules between a service's kind and its other keys, and between callers and the services they call. */
export function workloadProblems(config: StackConfig): ConfigProblem[] {
    const byName = new Map(config.services.map(s => [s.name, s]));
    return config.services.flatMap(service => {
        const problems: ConfigProblem[] = [];
        const add = (path: string, message: string) =>
            problems.push({ key: `${NS}:services.${service.name}.${path}`, message });
        const { kind } = service;

        if (kind === "web" && !service.route) {
            add("route", "is required for a web service (kind: web, the default): the ALB paths or hosts it serves");
        }
        if (kind !== "web" && service.route) {
            add("route", `a ${kind} is not behind the load balancer: remove route, or use kind: web`);
        }
        if (kind !== "web" && service.blueGreen) {
            add("blueGreen", `blue/green deployments switch load balancer traffic: web services only, not a ${kind}`);
        }
        if (kind !== "web" && service.autoscaling.requestsPerTarget !== undefined) {
            add("autoscaling.requestsPerTarget", `counts load balancer requests: web services only, not a ${kind}`);
        }
        if (kind !== "worker" && service.queue) {
            add("queue", `only a worker consumes a queue, not a ${kind}`);
        }
        if (kind === "job" && !service.schedule) {
            add("schedule", "is required for a job: e.g. { expression: cron(0 2 * * ? *), timezone: Europe/Dublin }");
        }
        if (kind !== "job" && service.schedule) {
            add("schedule", `only a job runs on a schedule, not a ${kind}`);
        }
        if (kind === "worker" && config.environment === "prod" && service.minCount < 1) {
            add("minCount", "must be at least 1 for a prod worker (0, scale to zero, is for staging)");
        }

        if (service.calls.length > 0 && !runsAsService(service)) {
            add(
                "calls",
                `a ${kind} runs as a standalone task, which Service Connect does not serve: call the service's own address or make it a worker`,
            );
        }
        service.calls.forEach((target, i) => {
            const callee = byName.get(target);
            if (target === service.name) {
                add(`calls.${i}`, "a service does not call itself over Service Connect");
            } else if (!callee) {
                add(`calls.${i}`, `names no service; declared: ${[...byName.keys()].join(", ")}`);
            } else if (!isCallable(callee)) {
                add(
                    `calls.${i}`,
                    `"${target}" is a ${callee.kind}, which listens on no port: call a web or backend service`,
                );
            }
            if (service.calls.indexOf(target) !== i) {
                add(`calls.${i}`, `lists "${target}" twice`);
            }
        });
        return problems;
    });
}
