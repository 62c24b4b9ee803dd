import * as assert from "assert";
import { AUTOSCALING_DEFAULTS } from "../../components/ecs/autoscaling";
import { backendDefaults } from "../../components/ecs/backend-service";
import { HEALTH_CHECK_DEFAULTS } from "../../components/ecs/container-definitions";
import { jobDefaults } from "../../components/ecs/scheduled-job";
import { webDefaults } from "../../components/ecs/service";
import { serviceBaseDefaults } from "../../components/ecs/service-base";
import { taskDefinitionDefaults } from "../../components/ecs/task-definition";
import { queueDefaults } from "../../components/ecs/worker-service";
import { resolveClusterArgs } from "../../components/ecs/cluster";
import { resolveEc2CapacityArgs } from "../../components/ecs/ec2-capacity";
import { resolveLoadBalancerArgs } from "../../components/ecs/load-balancer-args";
import { resolveMonitoringArgs } from "../../components/ecs/monitoring-args";
import { resolveNetworkingArgs } from "../../components/networking/networking-args";
import { argsTable, declarations, defaultOf } from "../../tools/args-docs";
import { baseArgs } from "./ecs/service-fixtures";

/**
 * Each default has one home, the component's resolver, and one statement, the TSDoc `Default:` the README's Args
 * table shows: for every Arg whose documented default is a value (a number, a boolean, a backticked literal), the
 * resolver must apply exactly that value when the Arg is left out. Top-level Args are checked on `minimal` args,
 * nested ones on `nested` args, which set each parent with its required fields only.
 */
interface Case {
    resolve: (args: any) => unknown;
    minimal: object;
    nested: object;
}

const EC2 = { instanceType: "m7g.large", minSize: 0, maxSize: 2, subnetIds: ["subnet-a"], securityGroupIds: ["sg-a"] };
const ROUTE = { pathPatterns: ["/*"], port: 8080, healthCheckPath: "/health" };
const LOAD_BALANCER = { vpcId: "vpc-a", publicSubnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-a"] };
const SERVICE = { clusterName: "c", serviceName: "api", minRunningTasks: 1 };

const CASES: Record<string, Case> = {
    Networking: {
        resolve: resolveNetworkingArgs,
        minimal: { vpcCidr: "10.0.0.0/16", flowLogs: { logGroupArn: "arn:log-group" } },
        nested: { vpcCidr: "10.0.0.0/16", flowLogs: { logGroupArn: "arn:log-group" } },
    },
    // The cluster hands `ec2` to its Ec2Capacity child, whose resolver applies those defaults.
    Cluster: {
        resolve: args => ({ ...resolveClusterArgs(args), ec2: args.ec2 && resolveEc2CapacityArgs(args.ec2) }),
        minimal: {},
        nested: { capacityStrategy: [{ provider: "FARGATE" }], ec2: EC2 },
    },
    Ec2Capacity: {
        resolve: resolveEc2CapacityArgs,
        minimal: { ...EC2, clusterName: "c" },
        nested: { ...EC2, clusterName: "c" },
    },
    LoadBalancer: {
        resolve: resolveLoadBalancerArgs,
        minimal: { ...LOAD_BALANCER, routes: {} },
        nested: {
            ...LOAD_BALANCER,
            routes: { api: ROUTE },
            accessLogs: { enabled: true },
            testTraffic: { headerValue: "token" },
        },
    },
    Monitoring: {
        resolve: args => resolveMonitoringArgs("monitoring", args),
        minimal: { kmsKeyArn: "arn:key", services: {} },
        nested: {
            kmsKeyArn: "arn:key",
            services: { api: SERVICE },
            queues: { api: { queueName: "q", deadLetterQueueName: "dlq" } },
        },
    },
};

/** A documented default as a value, or undefined when it is prose ("none", "the component name", ...). */
function documentedValue(text: string): { value: unknown } | undefined {
    if (/^\d+$/.test(text)) return { value: Number(text) };
    if (text === "true" || text === "false") return { value: text === "true" };
    const literal = /^`([^`]*)`$/.exec(text)?.[1];
    if (literal === undefined) return undefined;
    // `[...]` and `{...}` are JSON, object keys possibly unquoted; anything else is a string such as `perAz` or `200`.
    if (!/^[[{]/.test(literal)) return { value: literal };
    return { value: JSON.parse(literal.replace(/([{,]\s*)(\w+):/g, '$1"$2":')) };
}

const found = declarations();

/** The rows of a component's generated Args table: the Arg's path and its documented default. */
function documentedDefaults(component: string): { path: string; documented: string }[] {
    return argsTable(component, found)
        .split("\n")
        .slice(2)
        .map(row => row.split(/(?<!\\)\|/).map(cell => cell.trim()))
        .map(([, path, , documented]) => ({ path: path.replace(/`/g, ""), documented }));
}

/** The value at an Args path (`routes.<key>.healthCheck.matcher`, `capacityStrategy[].weight`) of resolved args. */
function valueAt(resolved: unknown, path: string): unknown {
    return path.split(".").reduce<any>((value, segment) => {
        if (value === undefined) return undefined;
        if (segment === "<key>") return Object.values(value)[0];
        return segment.endsWith("[]") ? value[segment.slice(0, -2)]?.[0] : value[segment];
    }, resolved);
}

describe("documented defaults are the applied defaults", () => {
    for (const [component, { resolve, minimal, nested }] of Object.entries(CASES)) {
        it(`${component}: every Default the TSDoc states is what its resolver applies`, () => {
            const checked = documentedDefaults(component).flatMap(({ path, documented }) => {
                const expected = documentedValue(documented);
                if (!expected) return [];
                const resolved = resolve(structuredClone(path.includes(".") ? nested : minimal));
                assert.deepStrictEqual(valueAt(resolved, path), expected.value, `${component} ${path}`);
                return [path];
            });
            assert.ok(checked.length >= 2, `${component}: only ${checked.join(", ")} checked`);
        });
    }

    it("Monitoring: each service's thresholds default to what AlarmThresholds documents", () => {
        const documented = found.interfaces.get("AlarmThresholds")!.properties;
        const resolved = resolveMonitoringArgs("monitoring", CASES.Monitoring.nested as any);
        assert.deepStrictEqual(
            resolved.services.api.thresholds,
            Object.fromEntries(documented.map(p => [p.name, documentedValue(defaultOf(p))!.value])),
        );
    });

    it("reads documented values as numbers, booleans, JSON and string literals, and skips prose", () => {
        assert.deepStrictEqual(documentedValue("30"), { value: 30 });
        assert.deepStrictEqual(documentedValue("false"), { value: false });
        assert.deepStrictEqual(documentedValue('`["0.0.0.0/0"]`'), { value: ["0.0.0.0/0"] });
        assert.deepStrictEqual(documentedValue('`[{ provider: "FARGATE", base: 1 }]`'), {
            value: [{ provider: "FARGATE", base: 1 }],
        });
        assert.deepStrictEqual(documentedValue("`perAz`"), { value: "perAz" });
        assert.deepStrictEqual(documentedValue("`200`"), { value: "200" });
        assert.strictEqual(documentedValue("none"), undefined);
        assert.strictEqual(documentedValue("the component name"), undefined);
    });
});

/** The interface's own documented literal defaults, by property. */
function documented(interfaceName: string): Record<string, unknown> {
    const declared = found.interfaces.get(interfaceName);
    assert.ok(declared, `no interface ${interfaceName}`);
    const defaults: Record<string, unknown> = {};
    for (const property of declared.properties) {
        const documented = documentedValue(defaultOf(property));
        // A template such as `/<name>` names no one value.
        if (documented && !String(documented.value).includes("<")) defaults[property.name] = documented.value;
    }
    return defaults;
}

/** Asserts the applied settings carry every documented literal default; returns how many were compared. */
function agree(interfaceName: string, applied: Record<string, unknown>): number {
    const defaults = documented(interfaceName);
    for (const [property, value] of Object.entries(defaults)) {
        assert.deepStrictEqual(applied[property], value, `${interfaceName}.${property}: TSDoc and code disagree`);
    }
    return Object.keys(defaults).length;
}

/**
 * The workload components apply their defaults in layers (task, service base, kind) and some nested ones where they
 * are used (cooldowns, health check timings), so they are checked per Args interface against the defaults each
 * layer applies.
 */
describe("workload components: each Args interface's documented defaults are the applied ones", () => {
    const args = baseArgs();

    it("TaskDefinition (TaskArgs)", () => {
        const settings = taskDefinitionDefaults({ ...args, name: "api" });
        assert.ok(agree("TaskArgs", settings) >= 8);
        assert.ok(agree("ContainerHealthCheck", HEALTH_CHECK_DEFAULTS) === 4);
        const efs = { containerPath: "/data", kmsKeyArn: "k", securityGroupId: "sg", subnetIds: ["s"] };
        assert.ok(agree("TaskEfsArgs", taskDefinitionDefaults({ ...args, name: "api", efs }).efs!) >= 1);
    });

    it("the service base and the web kind", () => {
        assert.ok(agree("ServiceCoreArgs", serviceBaseDefaults(args)) >= 4);
        assert.ok(agree("ServiceScalingArgs", serviceBaseDefaults(args)) >= 1);
        assert.ok(agree("ServiceArgs", webDefaults(args)) >= 3);
        const shifted = (strategy?: "CANARY" | "LINEAR") =>
            webDefaults({
                ...args,
                blueGreen: { alternateTargetGroupArn: "tg", productionListenerRuleArn: "rule", roleArn: "r", strategy },
            }).blueGreen!;
        assert.ok(agree("BlueGreenArgs", shifted()) >= 2);
        assert.ok(agree("CanaryArgs", shifted("CANARY").canary!) === 2);
        assert.ok(agree("LinearArgs", shifted("LINEAR").linear!) === 2);
        assert.ok(
            agree("TargetTrackingArgs", {
                enabled: true,
                targetValue: AUTOSCALING_DEFAULTS.cpuTarget,
                scaleOutCooldown: AUTOSCALING_DEFAULTS.scaleOutCooldown,
                scaleInCooldown: AUTOSCALING_DEFAULTS.scaleInCooldown,
            }) >= 2,
        );
    });

    it("the backend, worker and job kinds", () => {
        const { autoscaling: _, ...placement } = args;
        const backend = backendDefaults({ ...placement, serviceConnect: { namespaceArn: "ns" } });
        assert.ok(agree("BackendServiceArgs", backend) === 2);
        assert.ok(agree("WorkerQueueArgs", queueDefaults({ kmsKeyArn: "k" })) >= 5);
        const job = jobDefaults({
            ...placement,
            subnetIds: ["subnet-a"],
            securityGroupIds: ["sg-tasks"],
            jobName: "report",
            schedule: { expression: "rate(1 day)" },
            kmsKeyArn: "k",
        });
        assert.ok(agree("JobScheduleArgs", job.schedule) >= 4);
    });

    it("catches a TSDoc default the code does not apply", () => {
        assert.throws(
            () => agree("TaskArgs", { ...taskDefinitionDefaults({ ...args, name: "api" }), cpu: 512 }),
            /cpu/,
        );
    });
});
