import { monitoringProblems } from "../../components/ecs/alarms";
import { autoscalingProblems } from "../../components/ecs/autoscaling";
import { capacityStrategyProblems } from "../../components/ecs/cluster";
import { ec2CapacityProblems } from "../../components/ecs/ec2-capacity";
import { serviceBaseDefaults } from "../../components/ecs/service-base";
import { deploymentPercentProblem, serviceProblems } from "../../components/ecs/service-rules";
import { taskDefinitionDefaults } from "../../components/ecs/task-definition";
import { taskDefinitionProblems } from "../../components/ecs/task-definition-rules";
import { loggingProblems } from "../../components/logging/logging";
import { CidrPlanError, planSubnets } from "../../components/networking/cidr-plan";
import { cidrAllowlistProblems } from "../../components/networking/networking-rules";
import { registryProblems } from "../../components/registry/registry";
import {
    registryCredentialsProblem,
    SecretRotation,
    serviceSecretsProblems,
} from "../../components/secrets/service-secrets";
import type { ArgumentProblem } from "../../components/shared/errors";
import { imageSource } from "../layers/task";
import type { ConfigProblem } from "./errors";
import { secretNamePrefix, type ServiceConfig, type StackConfig } from "./resolve";
import { placement } from "./placement";

const NS = "ecs-platform";

/**
 * The components' own argument rules, run on the arguments the program will pass, before any resource exists.
 * Each component exports its pure check; here each argument path is mapped back to the stack-config key it comes
 * from, so a problem names `Pulumi.<stack>.yaml`'s key, not the component's argument.
 */
export function componentProblems(config: StackConfig): ConfigProblem[] {
    return [
        ...networkProblems(config),
        ...clusterProblems(config),
        ...loggingKeyProblems(config),
        ...registryKeyProblems(config),
        ...monitoringKeyProblems(config),
        ...deploymentKeyProblems(config),
        ...config.services.flatMap(s => [
            ...autoscalingKeyProblems(s),
            ...secretsKeyProblems(config, s),
            ...workloadKeyProblems(config, s),
        ]),
    ];
}

/** Maps argument problems to config keys; `keyOf` gets the argument path with indexes as segments (`a.0.b`). */
function mapped(problems: readonly ArgumentProblem[], keyOf: (argument: string) => string): ConfigProblem[] {
    return problems.map(p => ({
        key: `${NS}:${keyOf(p.argument.replace(/\[(\w+)\]/g, ".$1"))}`,
        message: p.message,
    }));
}

/** Renames the leading argument segments by `renames` (longest first), prefixing the result with `base`. */
function renamed(base: string, renames: Record<string, string>): (argument: string) => string {
    const entries = Object.entries(renames).sort(([a], [b]) => b.length - a.length);
    return argument => {
        for (const [from, to] of entries) {
            if (argument === from || argument.startsWith(`${from}.`)) {
                return `${base}${to}${argument.slice(from.length)}`;
            }
        }
        return `${base}${argument}`;
    };
}

function cidrProblems(run: () => unknown, keyOf: (argument: string) => string): ConfigProblem[] {
    try {
        run();
        return [];
    } catch (err) {
        if (err instanceof CidrPlanError) {
            return mapped(err.problems, keyOf);
        }
        throw err;
    }
}

function networkProblems(config: StackConfig): ConfigProblem[] {
    const ipv6 = { ipv6: config.network.ipv6, switch: "network.ipv6" };
    const ingress = [
        ...mapped(
            cidrAllowlistProblems("loadBalancerIngressCidrs", config.network.loadBalancerIngressCidrs ?? [], ipv6).list,
            argument => `network.${argument}`,
        ),
        ...mapped(
            cidrAllowlistProblems("sourceCidrs", config.loadBalancer.testTraffic.sourceCidrs, ipv6).list,
            argument => `loadBalancer.testTraffic.${argument}`,
        ),
    ];
    const plan = cidrProblems(
        () => planSubnets(config.network.vpcCidr, config.network.azCount),
        argument => `network.${argument}`,
    );
    return [...plan, ...ingress];
}

function clusterProblems(config: StackConfig): ConfigProblem[] {
    const { capacityStrategy, ec2 } = config.cluster;
    const strategy = capacityStrategyProblems(capacityStrategy, ec2 !== undefined);
    return [
        ...mapped(strategy.list, () => "cluster.capacityStrategy"),
        ...(ec2 ? mapped(ec2CapacityProblems(ec2).list, argument => `cluster.ec2.${argument}`) : []),
    ];
}

function loggingKeyProblems(config: StackConfig): ConfigProblem[] {
    const names = config.services.map(s => s.name);
    const problems = loggingProblems({
        environment: config.environment,
        services: names,
        retentionInDays: config.logging.retentionDays,
    });
    return mapped(problems.list, argument => {
        const service = /^services\.(\d+)$/.exec(argument);
        return service ? `services.${names[Number(service[1])]}` : `logging.${argument}`;
    });
}

/** The repository a service's image lives in (what the program passes to Registry), or undefined. */
export function repositoryOf(config: StackConfig, service: ServiceConfig): string | undefined {
    if (service.image.source === "external") {
        return undefined;
    }
    return config.registry.sharedRepository ?? `${config.environment}/${service.name}`;
}

function registryKeyProblems(config: StackConfig): ConfigProblem[] {
    const owners = new Map<string, string>();
    for (const service of config.services) {
        const repository = repositoryOf(config, service);
        if (repository !== undefined && !owners.has(repository)) {
            owners.set(repository, service.name);
        }
    }
    if (owners.size === 0) {
        return [];
    }
    const repositories = [...owners.keys()];
    const problems = registryProblems({
        repositories,
        pullAccountIds: config.registry.pullAccountIds,
        lifecycle: config.registry.lifecycle,
    });
    return mapped(problems.list, argument => {
        const repository = /^repositories\.(\d+)$/.exec(argument);
        if (!repository) {
            return `registry.${argument}`;
        }
        return config.registry.sharedRepository !== undefined
            ? "registry.sharedRepository"
            : `services.${owners.get(repositories[Number(repository[1])])}`;
    });
}

/** Every service deploys with the stack's `deployment` percents (the Service's rule). */
function deploymentKeyProblems(config: StackConfig): ConfigProblem[] {
    const problem = deploymentPercentProblem(config.deployment.minimumHealthyPercent, config.deployment.maximumPercent);
    return problem ? [{ key: `${NS}:deployment.maximumPercent`, message: problem }] : [];
}

function monitoringKeyProblems(config: StackConfig): ConfigProblem[] {
    const problems = monitoringProblems(`${config.environment}-monitoring`, {
        kmsKeyArn: "",
        emails: config.alarms.emails,
        services: {},
        dashboardName: `ecs-platform-${config.environment}`,
    });
    return mapped(problems.list, argument => `alarms.${argument}`);
}

function autoscalingKeyProblems(service: ServiceConfig): ConfigProblem[] {
    const scaling = service.autoscaling;
    if (!scaling.enabled) {
        return [];
    }
    const problems = autoscalingProblems(
        {
            minCount: service.minCount,
            maxCount: service.maxCount,
            cpu: { targetValue: scaling.cpuTargetPercent },
            memory: { targetValue: scaling.memoryTargetPercent },
            requestsPerTarget:
                scaling.requestsPerTarget === undefined ? undefined : { targetValue: scaling.requestsPerTarget },
            scheduledActions: scaling.scheduledActions.map(a => ({
                name: a.name,
                schedule: a.schedule,
                minCount: a.minCount,
                maxCount: a.maxCount,
                timezone: a.timezone,
            })),
        },
        service.desiredCount,
    );
    return mapped(problems.list, argument =>
        renamed(`services.${service.name}.`, {
            "autoscaling.minCount": "minCount",
            "autoscaling.maxCount": "maxCount",
            "autoscaling.cpu.targetValue": "autoscaling.cpuTargetPercent",
            "autoscaling.memory.targetValue": "autoscaling.memoryTargetPercent",
            "autoscaling.requestsPerTarget.targetValue": "autoscaling.requestsPerTarget",
        })(argument),
    );
}

function secretsKeyProblems(config: StackConfig, service: ServiceConfig): ConfigProblem[] {
    const declared = Object.entries(service.secrets);
    if (declared.length === 0) {
        return [];
    }
    const problems = serviceSecretsProblems({
        namePrefix: secretNamePrefix(config, service),
        secrets: Object.fromEntries(
            declared.map(([name, s]) => [name, { store: s.store, rotation: componentRotation(s.rotation) }]),
        ),
        recoveryWindowInDays: config.protectStatefulResources ? 30 : 0,
    });
    const credentials = service.image.source === "external" ? service.image.credentialsSecret : undefined;
    const credentialsValue = credentials === undefined ? undefined : config.secretValues[service.name]?.[credentials];
    const credentialsProblem =
        credentialsValue === undefined ? undefined : registryCredentialsProblem(credentialsValue);
    return [
        ...mapped(problems.list, argument =>
            argument === "namePrefix" ? `services.${service.name}` : `services.${service.name}.${argument}`,
        ),
        ...(credentialsProblem
            ? [{ key: `${NS}:secretValues.${service.name}.${credentials}`, message: credentialsProblem }]
            : []),
    ];
}

/** A stack file's `rotation` (`out-of-band`, or a Lambda and period) as the ServiceSecrets component takes it. */
export function componentRotation(
    configured: ServiceConfig["secrets"][string]["rotation"],
): SecretRotation | undefined {
    return configured === "out-of-band" ? { outOfBand: true } : configured;
}

/** Stands in for a value only known once resources exist (ARNs, ids): the rules check only that it is given. */
const PENDING = "pending";

/**
 * Checked per key elsewhere: Fargate sizes in rules.ts (cpu or memory), percents and scaling above, and the image's
 * one source by the schema (`image.source` with its own fields).
 */
const CHECKED_ELSEWHERE = new Set(["cpu", "deploymentMaximumPercent", "image"]);

/**
 * The TaskDefinition's and the services' own rules, on the task and placement the program builds for this workload
 * (see `infra/layers/task.ts`); values that only exist once resources do are {@link PENDING}.
 */
function workloadKeyProblems(config: StackConfig, service: ServiceConfig): ConfigProblem[] {
    const credentials = service.image.source === "external" ? service.image.credentialsSecret : undefined;
    const secretNames = Object.keys(service.secrets).filter(name => name !== credentials);
    const task = {
        environment: config.environment,
        ...placement(config, service, PENDING),
        cpu: service.cpu,
        memory: service.memory,
        architecture: service.architecture,
        user: service.user,
        port: "port" in service ? service.port : undefined,
        environmentVariables: service.environment,
        secrets: Object.fromEntries(secretNames.map(name => [name, PENDING])),
        secretsPolicy: secretNames.length > 0 || credentials !== undefined ? PENDING : undefined,
        logGroupName: PENDING,
        logGroupArn: PENDING,
        sidecars: service.sidecars.map(s => ({ ...s, environmentVariables: s.environment })),
        efs: service.efs && {
            containerPath: service.efs.containerPath,
            kmsKeyArn: PENDING,
            securityGroupId: PENDING,
            subnetIds: Array.from({ length: config.network.azCount }, () => PENDING),
        },
        image: imageSource(service, { url: PENDING, arn: PENDING }, credentials && PENDING),
    };
    const problems =
        service.kind === "job" || service.kind === "task"
            ? taskDefinitionProblems(taskDefinitionDefaults({ ...task, name: service.name }))
            : serviceProblems(
                  serviceBaseDefaults({
                      ...task,
                      serviceName: service.name,
                      clusterArn: PENDING,
                      clusterName: PENDING,
                      subnetIds: [PENDING],
                      securityGroupIds: [PENDING],
                      desiredCount: service.desiredCount,
                      deploymentMinimumHealthyPercent: config.deployment.minimumHealthyPercent,
                      deploymentMaximumPercent: config.deployment.maximumPercent,
                      deploymentTimeoutMinutes: config.deployment.timeoutMinutes,
                  }),
              );
    const inService = renamed(`services.${service.name}.`, {
        environmentVariables: "environment",
        capacityProviderStrategy: "capacity",
        "image.external": "image.name",
    });
    return mapped(
        problems.list.filter(p => !CHECKED_ELSEWHERE.has(p.argument)),
        argument => {
            if (argument === "name" || argument === "serviceName") return `services.${service.name}`;
            if (argument === "environment") return "environment";
            if (argument.startsWith("deployment")) return `deployment.timeoutMinutes`;
            return inService(argument.replace(/^(sidecars\.\d+\.)environmentVariables$/, "$1environment"));
        },
    );
}
