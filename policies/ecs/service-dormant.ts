/**
 * Dormant services: a service whose image or secret values do not exist yet starts with zero tasks and the tag
 * `dormant` naming what it waits for (`image=<repository>:<tag> secret=<name> parameter=<name>`), instead of failing
 * its first deployment. The availability policies exempt exactly such a service; this one says what to do about it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { knownValue, types, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import type { ServiceProps } from "./common";

/** The tag a dormant service carries; its value lists what the service waits for. */
export const DORMANT_TAG = "dormant";

/** What a service's dormant tag says it waits for; undefined when it has none. */
export function dormantMarker(props: { tags?: unknown }): string | undefined {
    const tags = knownValue(() => props.tags) as Record<string, unknown> | undefined;
    const value = tags?.[DORMANT_TAG];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Dormant: the marker, and zero tasks (the provider's default `desiredCount` is 0). Nothing broader. */
export function isDormant(service: PolicyResource): boolean {
    return dormantMarker(service.props) !== undefined && (knownValue(() => service.props.desiredCount) ?? 0) === 0;
}

/** One entry of the marker as the step that ends the wait. */
function remedy(entry: string): string {
    const [kind, ...rest] = entry.split("=");
    const what = rest.join("=");
    switch (kind) {
        case "image":
            return `push the image ${what}`;
        case "secret":
            return `write the secret (aws secretsmanager put-secret-value --secret-id ${what} --secret-string …)`;
        case "parameter":
            return `write the parameter (aws ssm put-parameter --name ${what} --type SecureString --overwrite --value …)`;
        default:
            return `provide ${entry}`;
    }
}

export const ecsServiceDormant: PlatformResourcePolicy = {
    name: "ecs-service-dormant",
    description:
        "Checks that no ECS service waits unnoticed: a service at zero tasks until its image or a secret value exists (tag `dormant`) is reported with what to do.",
    severity: "low",
    remediationSteps:
        "Do what the message says (push the image, write the secret value), then run `pulumi up` again: the service starts its tasks and the tag goes away.",
    enforcementLevel: "advisory",
    tags: ["family:ecs"],
    validateResource: validateResourceOfTypes<ServiceProps>(types.ecsService, (service, _args, report) => {
        const marker = dormantMarker(service);
        if (marker === undefined) {
            return;
        }
        const desired = service.desiredCount ?? 0;
        if (desired > 0) {
            report(`is tagged ${DORMANT_TAG} (${marker}) but asks for ${desired} tasks: remove the tag.`);
            return;
        }
        const entries = marker.split(/\s+/).filter(e => !/^\+\d+$|^more$/.test(e));
        report(
            `waits for ${marker} and runs no tasks until then: ${entries.map(remedy).join("; ")}; then run \`pulumi up\` again.`,
        );
    }),
};

export const serviceDormantPolicies = [ecsServiceDormant];
