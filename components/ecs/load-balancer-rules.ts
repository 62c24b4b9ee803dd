import { ArgumentProblems } from "../shared";
import type { LoadBalancerSettings } from "./load-balancer-args";
import { coveredByNames } from "./load-balancer-domain";
import { cidrAllowlistProblems } from "../networking/networking-rules";
import { testConditionValues } from "./load-balancer-routes";
import { albCapacityProblems, findRouteConflicts } from "./routing";

/** Every problem with the load balancer's arguments, raised together before anything is registered. */
export function validate(name: string, settings: LoadBalancerSettings): void {
    const problems = new ArgumentProblems();
    // Auto-naming appends 8 characters to the ALB's 32-character name; the log bucket name must be lowercase.
    if (!/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/.test(name)) {
        problems.add(
            "name",
            "the component name must be 1–24 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
        );
    }
    if (
        !Number.isInteger(settings.idleTimeoutSeconds) ||
        settings.idleTimeoutSeconds < 1 ||
        settings.idleTimeoutSeconds > 4000
    ) {
        problems.add("idleTimeoutSeconds", `must be an integer from 1 to 4000, got ${settings.idleTimeoutSeconds}`);
    }
    if (settings.accessLogs) {
        const { prefix, expireDays } = settings.accessLogs;
        if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) || prefix.includes("AWSLogs")) {
            problems.add(
                "accessLogs.prefix",
                `"${prefix}" must be S3 key segments without leading or trailing "/" and without "AWSLogs"`,
            );
        }
        if (!Number.isInteger(expireDays) || expireDays < 1) {
            problems.add("accessLogs.expireDays", `must be a positive integer, got ${expireDays}`);
        }
    }
    for (const [service, route] of Object.entries(settings.routes)) {
        if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
            problems.add(`routes.${service}.port`, `must be an integer from 1 to 65535, got ${route.port}`);
        }
        if (!route.healthCheckPath.startsWith("/")) {
            problems.add(`routes.${service}.healthCheckPath`, `must start with "/", got "${route.healthCheckPath}"`);
        }
        const delay = route.deregistrationDelaySeconds;
        if (!Number.isInteger(delay) || delay < 0 || delay > 3600) {
            problems.add(
                `routes.${service}.deregistrationDelaySeconds`,
                `must be an integer from 0 to 3600, got ${delay}`,
            );
        }
        if (route.healthCheck.timeoutSeconds >= route.healthCheck.intervalSeconds) {
            problems.add(`routes.${service}.healthCheck`, "the timeout must be shorter than the interval");
        }
        if (settings.domain && settings.certificateArn === undefined) {
            for (const host of route.hosts.filter(h => !coveredByNames(h, settings.domain!.names))) {
                problems.add(
                    `routes.${service}.hosts`,
                    `${host} is not among the domain's names (${settings.domain.names.join(", ")}): add it to domain.alternativeNames so the certificate covers it`,
                );
            }
        }
    }
    if (
        settings.domain &&
        (settings.domain.hostedZone === undefined) === (settings.domain.hostedZoneId === undefined)
    ) {
        problems.add(
            "domain.hostedZone",
            "set exactly one of domain.hostedZone (the zone's name) and domain.hostedZoneId",
        );
    }
    for (const [i, dnsName] of (settings.domain?.names ?? []).entries()) {
        if (!isDnsName(dnsName)) {
            problems.add(i === 0 ? "domain.name" : `domain.alternativeNames[${i - 1}]`, `${dnsName} is not a DNS name`);
        }
    }
    const sources = cidrAllowlistProblems("testTraffic.sourceCidrs", settings.testTraffic?.sourceCidrs ?? [], {
        ipv6: settings.dualStack,
        switch: "dualStack",
    });
    sources.list.forEach(p => problems.add(p.argument, p.message));
    const testValues = testConditionValues(settings.testTraffic);
    for (const conflict of findRouteConflicts(settings.routes, { testConditionValues: testValues })) {
        problems.add("routes", conflict);
    }
    for (const problem of albCapacityProblems(settings.routes, settings.quotas, settings.testTraffic !== undefined)) {
        problems.add("routes", problem);
    }
    problems.throwIfAny("LoadBalancer", name);
}

/** A hostname of up to 253 characters, optionally a leading `*.` wildcard (ACM and Route 53 accept both). */
export function isDnsName(value: string): boolean {
    const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    return value.length <= 253 && new RegExp(`^(\\*\\.)?(${label}\\.)+${label}$`, "i").test(value);
}
