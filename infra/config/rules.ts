import { fargateSizeProblem } from "../../components/ecs/fargate-sizes";
import { coveredByNames } from "../../components/ecs/load-balancer-domain";
import { albCapacityProblems, findRouteConflicts } from "../../components/ecs/routing";
import { regionalArnProblem } from "./aws-formats";
import { componentProblems } from "./component-rules";
import type { ConfigProblem } from "./errors";
import type { ServiceConfig, StackConfig } from "./resolve";
import { workloadProblems } from "./workload-rules";

const NS = "ecs-platform";

/** Environment variable names that carry secrets and so belong in `secrets`, never in `environment`. */
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

/**
 * Rules that span several keys; the schema has already checked each value on its own. The components' own rules
 * run here too ({@link componentProblems}), so nothing a component would refuse gets past the config.
 */
export function crossFieldProblems(config: StackConfig): ConfigProblem[] {
    return [
        ...componentProblems(config),
        ...arnProblems(config),
        ...config.services.flatMap(s => serviceProblems(config, s)),
        ...strayServiceProblems(config),
        ...routeProblems(config),
        ...workloadProblems(config),
        ...loadBalancerProblems(config),
    ];
}

/** Test rules exist only when something gates test traffic: the secret token and/or a source allowlist. */
function testTrafficGated(config: StackConfig): boolean {
    return config.testTrafficToken !== undefined || config.loadBalancer.testTraffic.sourceCidrs.length > 0;
}

/** The extra condition values each test rule carries (ALB quota: 5 per rule, with the route's own). */
function testConditionValueCount(config: StackConfig): number {
    return (config.testTrafficToken !== undefined ? 1 : 0) + config.loadBalancer.testTraffic.sourceCidrs.length;
}

function loadBalancerProblems(config: StackConfig): ConfigProblem[] {
    const lb = config.loadBalancer;
    const problems: ConfigProblem[] = [];
    const add = (key: string, message: string) => problems.push({ key: `${NS}:${key}`, message });
    const zone = lb.hostedZone;
    if (lb.domain !== undefined) {
        if ((zone === undefined) === (lb.hostedZoneId === undefined)) {
            add("loadBalancer.hostedZone", "set exactly one of hostedZone (its name) or hostedZoneId with domain");
        }
        const names = [lb.domain, ...lb.alternativeNames];
        names.forEach((dnsName, i) => {
            const base = dnsName.replace(/^\*\./, "");
            if (zone !== undefined && base !== zone && !base.endsWith(`.${zone}`)) {
                add(
                    i === 0 ? "loadBalancer.domain" : `loadBalancer.alternativeNames.${i - 1}`,
                    `${dnsName} is not in the hosted zone ${zone}`,
                );
            }
            if (names.indexOf(dnsName) !== i) {
                add(`loadBalancer.alternativeNames.${i - 1}`, `repeats ${dnsName}`);
            }
        });
        if (lb.certificateArn === undefined) {
            for (const service of config.services) {
                for (const host of (service.route?.hosts ?? []).filter(h => !coveredByNames(h, names))) {
                    add(
                        `services.${service.name}.route.hosts`,
                        `${host} is not covered by the certificate's names (${names.join(", ")}): add it to loadBalancer.alternativeNames`,
                    );
                }
            }
        }
    } else {
        if (lb.alternativeNames.length > 0) {
            add("loadBalancer.alternativeNames", "needs loadBalancer.domain");
        }
        if (zone !== undefined || lb.hostedZoneId !== undefined) {
            add(
                zone !== undefined ? "loadBalancer.hostedZone" : "loadBalancer.hostedZoneId",
                "needs loadBalancer.domain",
            );
        }
    }
    const certificateRegion = lb.certificateArn?.split(":")[3];
    if (certificateRegion !== undefined && certificateRegion !== config.region) {
        add(
            "loadBalancer.certificateArn",
            `is a certificate of ${certificateRegion}; an ALB in ${config.region} needs one of its own region (or set domain to have one requested)`,
        );
    }
    const routes = Object.fromEntries(config.services.map(s => [s.name, { blueGreen: shiftsTraffic(s) }]));
    for (const message of albCapacityProblems(routes, lb.quotas, testTrafficGated(config))) {
        add("services", message);
    }
    return problems;
}

function strayServiceProblems(config: StackConfig): ConfigProblem[] {
    const names = new Set(config.services.map(s => s.name));
    return Object.keys(config.secretValues)
        .filter(service => !names.has(service))
        .map(service => ({
            key: `${NS}:secretValues.${service}`,
            message: `names no service; declared services: ${describeList([...names])}`,
        }));
}

/** Whether a service's tasks run on Fargate (and so must use a Fargate cpu/memory pair). */
function runsOnFargate(config: StackConfig, service: ServiceConfig): boolean {
    switch (service.capacity) {
        case "ec2":
            return false;
        case "cluster-default":
            return config.cluster.capacityStrategy.some(s => s.provider !== "EC2");
        default:
            return true;
    }
}

function serviceProblems(config: StackConfig, service: ServiceConfig): ConfigProblem[] {
    const key = (path: string) => `${NS}:services.${service.name}.${path}`;
    const problems: ConfigProblem[] = [];
    const add = (path: string, message: string) => problems.push({ key: key(path), message });

    const sizeProblem = runsOnFargate(config, service) ? fargateSizeProblem(service.cpu, service.memory) : undefined;
    if (sizeProblem) {
        add(sizeProblem.startsWith("Fargate has no task cpu") ? "cpu" : "memory", sizeProblem);
    }
    if (service.capacity === "ec2" && !config.cluster.ec2) {
        add("capacity", "is ec2, but cluster.ec2 is not configured");
    }
    if (service.networkMode === "bridge" && service.capacity !== "ec2") {
        add("networkMode", "bridge needs capacity: ec2 (Fargate supports awsvpc only)");
    }

    if (config.environment === "prod" && (service.kind === "web" || service.kind === "backend")) {
        const floor = Math.max(2, config.network.azCount);
        if (service.minCount < floor) {
            add(
                "minCount",
                `must be at least ${floor} in prod, so tasks run in every one of the ${config.network.azCount} AZs (got ${service.minCount})`,
            );
        }
    }
    deploymentStrategyProblems(config, service).forEach(([path, message]) => add(path, message));
    if (shiftsTraffic(service) && service.autoscaling.requestsPerTarget !== undefined) {
        // The request-count metric names one target group; blue/green moves traffic to the other at every deployment.
        add(
            "autoscaling.requestsPerTarget",
            "cannot be combined with a traffic-shifting deployment (blueGreen, CANARY, LINEAR): after a shift the tracked target group gets no traffic; scale on CPU or memory",
        );
    }
    if (service.image.source === "ecr" && (service.image.tag === undefined) === (service.image.digest === undefined)) {
        add("image", "an ecr image needs exactly one of tag or digest");
    }
    if (service.image.source === "external" && service.image.credentialsSecret !== undefined) {
        const secret = service.secrets[service.image.credentialsSecret];
        if (secret?.store !== "secretsmanager") {
            add(
                "image.credentialsSecret",
                `must name one of this service's Secrets Manager secrets (declared: ${describeList(Object.keys(service.secrets)) || "none"})`,
            );
        }
    }

    for (const name of Object.keys(service.environment)) {
        if (SECRET_LIKE_NAME.test(name)) {
            add(
                `environment.${name}`,
                "looks like a secret: declare it under secrets (injected through valueFrom), never as a plain environment variable",
            );
        }
        if (name in service.secrets) {
            add(`environment.${name}`, "is also declared under secrets; keep one");
        }
    }
    const values = config.secretValues[service.name] ?? {};
    for (const [name, secret] of Object.entries(service.secrets)) {
        if (secret.source === "config" && values[name] === undefined) {
            problems.push({
                key: `${NS}:secretValues.${service.name}.${name}`,
                message:
                    "is required because the secret's source is config: `pulumi config set --secret --path` it, provide it from an ESC environment, or use source: external",
            });
        }
    }
    for (const name of Object.keys(values)) {
        if (service.secrets[name]?.source !== "config") {
            problems.push({
                key: `${NS}:secretValues.${service.name}.${name}`,
                message: `has no matching secret with source: config under services.${service.name}.secrets`,
            });
        }
    }
    return problems;
}

function routeProblems(config: StackConfig): ConfigProblem[] {
    const routes = Object.fromEntries(
        config.services.flatMap(s =>
            s.route
                ? [
                      [
                          s.name,
                          {
                              pathPatterns: s.route.paths,
                              hosts: s.route.hosts,
                              priority: s.route.priority,
                              blueGreen: shiftsTraffic(s),
                          },
                      ],
                  ]
                : [],
        ),
    );
    // Each conflict sentence names the services involved, quoted; the first one locates the problem.
    return findRouteConflicts(routes, { testConditionValues: testConditionValueCount(config) }).map(message => ({
        key: `${NS}:services.${/"([^"]+)"/.exec(message)?.[1] ?? "<service>"}.route`,
        message,
    }));
}

function describeList(values: readonly (string | number)[]): string {
    return values.join(", ");
}

/** The ARNs a stack names, each with the service and what it must be: all must be in the stack's Region. */
export function namedArns(config: StackConfig): { key: string; arn: string; service: string; what: string }[] {
    const lb = config.loadBalancer;
    return [
        ...(lb.certificateArn
            ? [
                  {
                      key: "loadBalancer.certificateArn",
                      arn: lb.certificateArn,
                      service: "acm",
                      what: "an ACM certificate",
                  },
              ]
            : []),
        ...(lb.wafWebAclArn
            ? [{ key: "loadBalancer.wafWebAclArn", arn: lb.wafWebAclArn, service: "wafv2", what: "a WAFv2 web ACL" }]
            : []),
        ...config.services.flatMap(service =>
            Object.entries(service.secrets).flatMap(([name, secret]) =>
                typeof secret.rotation === "object"
                    ? [
                          {
                              key: `services.${service.name}.secrets.${name}.rotation.lambdaArn`,
                              arn: secret.rotation.lambdaArn,
                              service: "lambda",
                              what: "a Lambda function",
                          },
                      ]
                    : [],
            ),
        ),
    ];
}

function arnProblems(config: StackConfig): ConfigProblem[] {
    // The certificate's Region is checked with the other load balancer rules.
    const arns = namedArns(config).filter(({ key }) => key !== "loadBalancer.certificateArn");
    return arns.flatMap(({ key, arn, service, what }) => {
        const problem = regionalArnProblem(arn, service, config.region, what);
        return problem ? [{ key: `${NS}:${key}`, message: problem }] : [];
    });
}

/** The service's deployment strategy: `blueGreen: true` is shorthand for `deployment.strategy: BLUE_GREEN`. */
export function deploymentStrategyOf(service: ServiceConfig): "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR" {
    return service.blueGreen ? "BLUE_GREEN" : (service.deployment?.strategy ?? "ROLLING");
}

/** Whether ECS shifts the service's traffic between two target groups (blue/green, canary, linear). */
export function shiftsTraffic(service: ServiceConfig): boolean {
    return deploymentStrategyOf(service) !== "ROLLING";
}

/** Combinations `CreateService`/`UpdateService` reject, as [key path under the service, message]. */
function deploymentStrategyProblems(config: StackConfig, service: ServiceConfig): [string, string][] {
    const deployment = service.deployment;
    if (!deployment) {
        return [];
    }
    const problems: [string, string][] = [];
    const strategy = deploymentStrategyOf(service);
    if (service.blueGreen && !["ROLLING", "BLUE_GREEN"].includes(deployment.strategy)) {
        problems.push(["blueGreen", `contradicts deployment.strategy ${deployment.strategy}: keep one`]);
    }
    if (deployment.canary && strategy !== "CANARY") {
        problems.push(["deployment.canary", `applies to strategy CANARY only (this service uses ${strategy})`]);
    }
    if (deployment.linear && strategy !== "LINEAR") {
        problems.push(["deployment.linear", `applies to strategy LINEAR only (this service uses ${strategy})`]);
    }
    if (deployment.lifecycleHooks.length > 0 && strategy === "ROLLING") {
        problems.push([
            "deployment.lifecycleHooks",
            "run at the stages of a traffic shift: use strategy BLUE_GREEN, CANARY or LINEAR",
        ]);
    }
    deployment.lifecycleHooks.forEach((hook, i) => {
        const region = hook.lambdaArn.split(":")[3];
        if (region !== config.region) {
            problems.push([
                `deployment.lifecycleHooks.${i}.lambdaArn`,
                `is a function of ${region}; ECS invokes hooks in the service's region ${config.region}`,
            ]);
        }
    });
    return problems;
}
