import { BUDGET_DEFAULTS } from "../../components/budget";
import { LOGGING_DEFAULTS } from "../../components/logging";
import { LIFECYCLE_DEFAULTS, REGISTRY_DEFAULTS } from "../../components/registry";
import {
    PLATFORM_KEY_DEFAULTS,
    REGISTRY_CREDENTIALS_DEFAULTS,
    SECRET_ROTATION_DEFAULTS,
    SERVICE_SECRETS_DEFAULTS,
} from "../../components/secrets";

/**
 * Where each Args interface's literal defaults live: the frozen `<NAME>_DEFAULTS` its component applies. The
 * defaults spec checks each value against the property's TSDoc `Default:`, and the config schema's spec checks the
 * stack-config keys that show a component's default against these same objects. To convert an interface, export
 * its constant, add it here and drop it from CHECKED_THROUGH_RESOLVERS.
 */
export const DEFAULTS_OF: Record<string, Readonly<Record<string, unknown>>> = {
    BudgetArgs: BUDGET_DEFAULTS,
    LoggingArgs: LOGGING_DEFAULTS,
    LifecycleRules: LIFECYCLE_DEFAULTS,
    RegistryArgs: REGISTRY_DEFAULTS,
    PlatformKeyArgs: PLATFORM_KEY_DEFAULTS,
    ServiceSecretsArgs: SERVICE_SECRETS_DEFAULTS,
    SecretRotation: SECRET_ROTATION_DEFAULTS,
    RegistryCredentialsDeclaration: REGISTRY_CREDENTIALS_DEFAULTS,
};

/**
 * Args interfaces whose defaults live in one resolver function instead (`resolve<Component>Args`, the task
 * definition's and services' defaults functions): test/components/documented-defaults.spec.ts checks what each
 * applies against its TSDoc. This spec skips them, and fails once one is also listed in DEFAULTS_OF.
 */
export const CHECKED_THROUGH_RESOLVERS = new Set([
    // Infrastructure components.
    "AccessLogsArgs",
    "AlarmThresholds",
    "MonitoredService",
    "MonitoredQueue",
    "CapacityStrategyItem",
    "FlowLogsArgs",
    "ClusterArgs",
    "Ec2CapacitySettings",
    "HealthCheckSettings",
    "ServiceRoute",
    "TestTrafficArgs",
    "LoadBalancerArgs",
    "WebFirewallArgs",
    "WorkloadNetworkArgs",
    "NetworkingArgs",
    // Task definition and services.
    "TaskArgs",
    "ServiceCoreArgs",
    "ServiceScalingArgs",
    "CanaryArgs",
    "LinearArgs",
    "TargetTrackingArgs",
    "ScheduledScalingArgs",
    "BackendServiceArgs",
    "ContainerHealthCheck",
    "JobScheduleArgs",
    "ScheduledJobArgs",
    "CapacityProviderShare",
    "ServiceConnectArgs",
    "ServiceBaseArgs",
    "BlueGreenArgs",
    "ServiceArgs",
    "TaskEfsArgs",
    "TaskDefinitionArgs",
    "ScratchInitArgs",
    "WorkerQueueArgs",
]);

/**
 * Defaults documented in backticks that are patterns of other arguments, not values a constant could hold, by
 * `Interface.property`.
 */
export const DERIVED_DEFAULTS = new Set([
    "PlatformKeyArgs.description", // `ecs-platform CMK (alias/<aliasName>)`
    "TaskEfsArgs.rootDirectory", // `/<name>`
    "TaskArgs.logStreamPrefix", // the task's `name`
]);

/**
 * The value a TSDoc `Default:` states, when it states a value: a number, `true`/`false`, or one backticked literal
 * (a string, or an array/object written as in TypeScript). Prose (`the component name`, `none`) is not a value.
 */
export function documentedValue(text: string): { value: unknown } | undefined {
    if (/^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text) };
    if (text === "true" || text === "false") return { value: text === "true" };
    const quoted = /^`([^`]*)`$/.exec(text)?.[1];
    if (quoted === undefined) return undefined;
    for (const candidate of [quoted, quoted.replace(/([{,]\s*)(\w+)\s*:/g, '$1"$2":')]) {
        try {
            return { value: JSON.parse(candidate) };
        } catch {
            // not JSON: try the next spelling, then take it as a string
        }
    }
    return { value: quoted };
}
