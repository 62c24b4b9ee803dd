import * as assert from "assert";
import type { z } from "zod";
import { stackConfigSchema } from "../../infra/config/schema";
import { declarations, defaultOf } from "../../tools/args-docs";
import { DEFAULTS_OF, documentedValue } from "../components/defaults";

/**
 * Who owns each default of the stack config. A component's default belongs to the component (the public package):
 * the schema only shows it, for the config reference, by importing the component's constant. The schema owns what
 * only the program decides: its vocabulary (kinds, capacity names, opt-in flags) and, in `environmentDefaults`,
 * what differs between staging and prod. Keys are schema paths (`*` any service or secret, `[]` any list item).
 */
const COMPONENT_OWNED: Record<string, [argsInterface: string, property: string]> = {
    "registry.lifecycle.untaggedExpireDays": ["LifecycleRules", "untaggedExpireDays"],
    "registry.lifecycle.releaseTagPrefixes": ["LifecycleRules", "releaseTagPrefixes"],
    "registry.lifecycle.keepReleaseImages": ["LifecycleRules", "keepReleaseImages"],
    "registry.lifecycle.otherTaggedExpireDays": ["LifecycleRules", "otherTaggedExpireDays"],
    "network.ipv6": ["NetworkingArgs", "ipv6"],
    "alarms.cpuHighPercent": ["AlarmThresholds", "cpuHighPercent"],
    "alarms.memoryHighPercent": ["AlarmThresholds", "memoryHighPercent"],
    "alarms.target5xxPerMinute": ["AlarmThresholds", "target5xxPerMinute"],
    "cluster.containerInsights": ["ClusterArgs", "containerInsights"],
    "cluster.capacityStrategy[].base": ["CapacityStrategyItem", "base"],
    "cluster.capacityStrategy[].weight": ["CapacityStrategyItem", "weight"],
    "cluster.ec2.architecture": ["Ec2CapacitySettings", "architecture"],
    "cluster.ec2.targetCapacityPercent": ["Ec2CapacitySettings", "targetCapacityPercent"],
    "loadBalancer.sslPolicy": ["LoadBalancerArgs", "sslPolicy"],
    "loadBalancer.desyncMitigationMode": ["LoadBalancerArgs", "desyncMitigationMode"],
    "loadBalancer.idleTimeoutSeconds": ["LoadBalancerArgs", "idleTimeoutSeconds"],
    "loadBalancer.wafRequestsPerFiveMinutesPerIp": ["WebFirewallArgs", "requestsPerFiveMinutesPerIp"],
    "loadBalancer.accessLogs.expireDays": ["AccessLogsArgs", "expireDays"],
    "loadBalancer.testTraffic.headerName": ["TestTrafficArgs", "headerName"],
    "loadBalancer.quotas.rules": ["LoadBalancerArgs", "quotas"],
    "loadBalancer.quotas.targetGroups": ["LoadBalancerArgs", "quotas"],
    "deployment.maximumPercent": ["ServiceCoreArgs", "deploymentMaximumPercent"],
    "deployment.healthCheckGracePeriodSeconds": ["ServiceArgs", "healthCheckGracePeriodSeconds"],
    "deployment.waitForSteadyState": ["ServiceCoreArgs", "waitForSteadyState"],
    "deployment.timeoutMinutes": ["ServiceCoreArgs", "deploymentTimeoutMinutes"],
    "services.*.cpu": ["TaskArgs", "cpu"],
    "services.*.memory": ["TaskArgs", "memory"],
    "services.*.architecture": ["TaskArgs", "architecture"],
    "services.*.networkMode": ["TaskArgs", "networkMode"],
    "services.*.readonlyRootFilesystem": ["TaskArgs", "readonlyRootFilesystem"],
    "services.*.writableTmp": ["TaskArgs", "writableTmp"],
    "services.*.user": ["TaskArgs", "user"],
    "services.*.port": ["ServiceArgs", "port"],
    "services.*.healthCheckPath": ["ServiceArgs", "healthCheckPath"],
    "services.*.queue.visibilityTimeoutSeconds": ["WorkerQueueArgs", "visibilityTimeoutSeconds"],
    "services.*.queue.maxReceiveCount": ["WorkerQueueArgs", "maxReceiveCount"],
    "services.*.queue.retentionDays": ["WorkerQueueArgs", "retentionSeconds"],
    "services.*.queue.messagesPerTask": ["WorkerQueueArgs", "messagesPerTask"],
    "services.*.schedule.timezone": ["JobScheduleArgs", "timezone"],
    "services.*.schedule.retryAttempts": ["JobScheduleArgs", "retryAttempts"],
    "services.*.schedule.maximumEventAgeSeconds": ["JobScheduleArgs", "maximumEventAgeSeconds"],
    "services.*.schedule.enabled": ["JobScheduleArgs", "enabled"],
    "services.*.deployment.bakeTimeMinutes": ["BlueGreenArgs", "bakeTimeMinutes"],
    "services.*.deployment.canary.percent": ["CanaryArgs", "percent"],
    "services.*.deployment.canary.bakeTimeMinutes": ["CanaryArgs", "bakeTimeMinutes"],
    "services.*.deployment.linear.stepPercent": ["LinearArgs", "stepPercent"],
    "services.*.deployment.linear.stepBakeTimeMinutes": ["LinearArgs", "stepBakeTimeMinutes"],
    "services.*.autoscaling.cpuTargetPercent": ["ServiceAutoscalingArgs", "cpu"],
    "services.*.autoscaling.memoryTargetPercent": ["ServiceAutoscalingArgs", "memory"],
};

/** Defaults only the program has: its own vocabulary and choices, with why no component holds them. */
const SCHEMA_OWNED: Record<string, string> = {
    "network.vpcCidr":
        "a VPC needs a CIDR (Networking requires one); this is the program's pick for a stack naming none",
    "cluster.ec2.minSize": "Ec2Capacity requires both bounds; the program starts EC2 capacity empty",
    "loadBalancer.accessLogs.enabled": "access logs are an opt-in of the stack (AccessLogsArgs.enabled is required)",
    "services.*.kind": "the config's workload vocabulary: which component a service becomes",
    "services.*.capacity": "the config's capacity vocabulary, mapped onto capacity provider strategies",
    "services.*.exec": "ECS Exec is opt-in per service in config; the component takes exec settings, not a flag",
    "services.*.blueGreen": "the config's shorthand for deployment.strategy BLUE_GREEN",
    "services.*.deployment.strategy": "ROLLING = no BlueGreenArgs passed at all",
    "services.*.autoscaling.enabled":
        "autoscaling on unless turned off: the program passes ServiceAutoscalingArgs or none",
    "services.*.secrets.*.store": "the config's default store; SecretDeclaration.store is required",
    "services.*.secrets.*.source": "where the program takes a value from (config or out of band): no component arg",
    "services.*.sidecars[].cpu": "the config's sidecar reservation; SidecarArgs leaves cpu unset (no reservation)",
};

/**
 * Component-owned defaults whose component does not state the value yet (prose, another unit, or no constant with
 * the config's shape): each moves to a compared entry as its component is converted; the spec fails once one
 * becomes comparable, so the list only shrinks.
 */
const NOT_YET_COMPARABLE = new Set([
    // The schema imports these from the component (DEFAULT_ALB_QUOTAS, AUTOSCALING_DEFAULTS): one home already, but
    // the TSDoc states them in prose.
    "loadBalancer.quotas.rules", // LoadBalancerArgs.quotas: "100 each"
    "loadBalancer.quotas.targetGroups",
    "services.*.autoscaling.cpuTargetPercent", // ServiceAutoscalingArgs.cpu: "on, target 60 %"
    "services.*.autoscaling.memoryTargetPercent", // ServiceAutoscalingArgs.memory: "off (target 75 % when given)"
]);

/** Keys the config states in another unit than the component: the schema's value in the component's unit. */
const IN_COMPONENT_UNITS: Record<string, (value: any) => unknown> = {
    "services.*.queue.retentionDays": (days: number) => days * 24 * 3600, // WorkerQueueArgs.retentionSeconds
};

type AnySchema = z.ZodType & { def: any };

/** Every default the schema applies to a single value (empty lists and maps, and whole sections, aside). */
function schemaDefaults(schema: AnySchema, path = "", found = new Map<string, unknown>()): Map<string, unknown> {
    const { type } = schema.def;
    if (type === "default") {
        const value = schema.def.defaultValue;
        const empty = typeof value === "object" && value !== null && Object.keys(value).length === 0;
        if (!empty && (typeof value !== "object" || Array.isArray(value))) found.set(path, value);
        return schemaDefaults(schema.def.innerType, path, found);
    }
    if (type === "optional" || type === "nullable") return schemaDefaults(schema.def.innerType, path, found);
    if (type === "pipe") return schemaDefaults(schema.def.in, path, found);
    if (type === "object") {
        for (const [key, value] of Object.entries(schema.def.shape)) {
            schemaDefaults(value as AnySchema, path ? `${path}.${key}` : key, found);
        }
    }
    if (type === "record") schemaDefaults(schema.def.valueType, `${path}.*`, found);
    if (type === "array") schemaDefaults(schema.def.element, `${path}[]`, found);
    return found;
}

describe("one home per default (stack config schema and components)", () => {
    const found = declarations();
    const inSchema = schemaDefaults(stackConfigSchema as unknown as AnySchema);
    /** The component's default: its constant once converted, else the value its TSDoc states. */
    const componentDefault = (argsInterface: string, property: string): { value: unknown } | undefined => {
        const constant = DEFAULTS_OF[argsInterface];
        if (constant && property in constant) return { value: constant[property] };
        const declared = found.interfaces.get(argsInterface)?.properties.find(p => p.name === property);
        return declared && documentedValue(defaultOf(declared));
    };

    it("gives every default in the schema an owner", () => {
        const unowned = [...inSchema.keys()].filter(key => !(key in COMPONENT_OWNED) && !(key in SCHEMA_OWNED));
        assert.deepStrictEqual(unowned, [], "name the component that owns it, or say why only the program has it");
        const gone = [...Object.keys(COMPONENT_OWNED), ...Object.keys(SCHEMA_OWNED)].filter(key => !inSchema.has(key));
        assert.deepStrictEqual(gone, [], "these keys no longer have a schema default: drop them from the lists");
    });

    for (const [key, [argsInterface, property]] of Object.entries(COMPONENT_OWNED)) {
        if (NOT_YET_COMPARABLE.has(key)) continue;
        it(`ecs-platform:${key} shows what ${argsInterface}.${property} applies and documents`, () => {
            const declared = found.interfaces.get(argsInterface);
            assert.ok(declared, `no interface ${argsInterface} under components/`);
            const owned = componentDefault(argsInterface, property);
            assert.ok(owned, `${argsInterface}.${property} states no value default`);
            const inComponentUnits = IN_COMPONENT_UNITS[key] ?? ((value: unknown) => value);
            assert.deepStrictEqual(inComponentUnits(inSchema.get(key)), owned.value);
        });
    }

    it("compares every component-owned default whose component states one", () => {
        const comparable = [...NOT_YET_COMPARABLE].filter(key => {
            const [argsInterface, property] = COMPONENT_OWNED[key];
            return componentDefault(argsInterface, property) !== undefined;
        });
        assert.deepStrictEqual(comparable, [], "their components now state a value: drop them from NOT_YET_COMPARABLE");
    });
});
