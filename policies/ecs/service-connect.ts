/** ECS services call each other through Service Connect, not through addresses wired by hand. */
import { types, knownValue, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import type { ServiceProps } from "./common";

export const ecsServiceConnect: PlatformResourcePolicy = {
    name: "ecs-service-connect",
    description:
        "Checks that ECS services join ECS Service Connect, so service-to-service calls get names, retries and per-call metrics.",
    severity: "low",
    remediationSteps:
        "Set `serviceConnectConfiguration: { enabled: true, namespace: <Cloud Map namespace ARN> }` (and `services` to publish a port); the platform's service kinds do this.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, _args, report) => {
        if (knownValue(() => service.serviceConnectConfiguration?.enabled) !== true) {
            report("The service is not on Service Connect: other services cannot reach it by name, nor it them.");
        }
    }),
};

export const serviceConnectPolicies = [ecsServiceConnect];
