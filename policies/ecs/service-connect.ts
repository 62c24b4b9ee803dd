/** In a stack that runs ECS Service Connect, every service joins it, so services reach each other by name. */
import { awsType, knownValue, types, validateStackOfTypes, type PlatformStackPolicy } from "../lib";

const namespaceTypes = [
    awsType("servicediscovery", "httpNamespace"),
    awsType("servicediscovery", "privateDnsNamespace"),
];

export const ecsServiceConnect: PlatformStackPolicy = {
    name: "ecs-service-connect",
    description:
        "Checks that every ECS service joins Service Connect in a stack with a Cloud Map namespace (names, retries and per-call metrics between services).",
    severity: "low",
    remediationSteps:
        "Set `serviceConnectConfiguration: { enabled: true, namespace: <the namespace ARN> }` (and `services` to publish a port); the platform's service kinds do this.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateStack: validateStackOfTypes(namespaceTypes, (_namespaces, args, report) => {
        for (const service of args.resources.filter(r => r.type === types.ecsService)) {
            if (knownValue(() => service.props.serviceConnectConfiguration?.enabled) !== true) {
                report(
                    `Service ${service.name} is not on Service Connect: other services cannot reach it by name, nor it them.`,
                    service.urn,
                );
            }
        }
    }),
};

export const serviceConnectPolicies = [ecsServiceConnect];
