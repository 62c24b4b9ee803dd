import { createHash } from "crypto";
import { ComponentArgumentError } from "../shared";

/**
 * Listener-rule priorities for the services behind the shared ALB, derived so that:
 * - a service's priority depends on its own name and route only (adding, removing or reordering other services never
 *   renumbers it, so no unrelated listener rule is ever replaced);
 * - more specific rules are evaluated first: deeper literal paths before shallower ones, exact hosts before wildcard
 *   hosts before "any host", so `/*` and host-only rules land in the last bands;
 * - every service owns a pair of adjacent priorities, `test = production - 1`, so the blue/green test rule (matched on
 *   a header) is evaluated just before its production rule and never collides with another service's rule.
 *
 * Inside a specificity band the slot comes from a hash of the service name; two services can still hash to the same
 * slot, which {@link findRouteConflicts} reports so the config layer can ask for an explicit `priority`.
 */

/** What a listener rule matches on: the fields of a service route that decide its priority and conflicts. */
export interface RouteMatch {
    /** Path patterns (ALB syntax: `*` and `?` wildcards, case-sensitive). Empty means any path (host-only rule). */
    pathPatterns: string[];
    /** Host headers (`api.example.com`, `*.example.com`). Default: any host. */
    hosts?: string[];
    /**
     * Explicit production-rule priority (2–50000); the test rule takes `priority - 1`. It wins over the derived one,
     * e.g. to settle a collision. Default: derived from the route's specificity and the service name.
     */
    priority?: number;
}

/** Highest priority an ALB listener rule accepts. */
export const MAX_RULE_PRIORITY = 50000;
/** ALB quota: condition values per rule, summed over all conditions. */
const MAX_CONDITION_VALUES = 5;
/** Paths deeper than this share the most specific band. */
const MAX_PATH_DEPTH = 4;
/** Host ranks: 0 exact hosts, 1 wildcard hosts, 2 any host. */
const HOST_RANKS = 3;
const BAND_COUNT = (MAX_PATH_DEPTH + 1) * HOST_RANKS;
const BAND_WIDTH = Math.floor(MAX_RULE_PRIORITY / BAND_COUNT);
/** Each slot is a (test, production) pair of adjacent priorities. */
const SLOTS_PER_BAND = Math.floor(BAND_WIDTH / 2);

/** Priority of the service's production listener rule (the one ECS shifts traffic on). */
export function listenerRulePriority(serviceName: string, route: RouteMatch): number {
    if (route.priority !== undefined) {
        assertExplicitPriority(serviceName, route.priority);
        return route.priority;
    }
    const band = specificityBand(route);
    const slot = nameHash(serviceName) % SLOTS_PER_BAND;
    return band * BAND_WIDTH + 2 * slot + 2;
}

/** Priority of the service's blue/green test listener rule: reserved for every service, evaluated just before production. */
export function testListenerRulePriority(serviceName: string, route: RouteMatch): number {
    return listenerRulePriority(serviceName, route) - 1;
}

/**
 * Config errors in a set of routes, as sentences for the config layer to report (empty when the set is valid):
 * two services claiming the same path on overlapping hosts, two rules on one priority, an explicit priority out of
 * range, a route with no condition, and a rule over the ALB's condition-value quota (blue/green test rules add a header value).
 */
export function findRouteConflicts(
    routes: Record<string, RouteMatch & { blueGreen?: boolean }>,
    options: { testConditionValues?: number } = {},
): string[] {
    const conflicts: string[] = [];
    const services = Object.keys(routes).sort();
    const usable: string[] = [];
    const testValues = options.testConditionValues ?? 0;

    for (const service of services) {
        const problem = routeProblem(service, routes[service], testValues);
        if (problem) {
            conflicts.push(problem);
        } else {
            usable.push(service);
        }
    }

    for (const [i, a] of usable.entries()) {
        for (const b of usable.slice(i + 1)) {
            const claim = sharedClaim(routes[a], routes[b]);
            if (claim) {
                conflicts.push(`services "${a}" and "${b}" both claim ${claim}`);
            }
        }
    }

    const owners = new Map<number, string[]>();
    for (const service of usable) {
        const production = listenerRulePriority(service, routes[service]);
        for (const [priority, rule] of [
            [production - 1, "test"],
            [production, "production"],
        ] as const) {
            owners.set(priority, [...(owners.get(priority) ?? []), `"${service}" (${rule} rule)`]);
        }
    }
    for (const [priority, claimants] of [...owners.entries()].sort(([p], [q]) => p - q)) {
        if (claimants.length > 1) {
            conflicts.push(
                `listener rule priority ${priority} is used by ${claimants.join(" and ")}: set an explicit "priority" on one of them`,
            );
        }
    }
    return conflicts;
}

function routeProblem(
    service: string,
    route: RouteMatch & { blueGreen?: boolean },
    testValues: number,
): string | undefined {
    const hosts = route.hosts ?? [];
    if (route.pathPatterns.length === 0 && hosts.length === 0) {
        return `service "${service}" has a route with neither path patterns nor hosts: an ALB rule needs at least one condition`;
    }
    if (route.priority !== undefined && !isValidExplicitPriority(route.priority)) {
        return `service "${service}" has priority ${route.priority}: it must be an integer from 2 to ${MAX_RULE_PRIORITY} (the test rule takes priority - 1)`;
    }
    const extra = route.blueGreen ? testValues : 0;
    const values = route.pathPatterns.length + hosts.length + extra;
    if (values > MAX_CONDITION_VALUES) {
        return `service "${service}" has ${values} condition values${extra ? " (including the test-traffic header and source addresses)" : ""}: an ALB rule allows ${MAX_CONDITION_VALUES}`;
    }
    return undefined;
}

/** Per-ALB quotas (Service Quotas, Elastic Load Balancing): both 100 by default, raisable on request. */
export interface AlbQuotas {
    /** "Rules per Application Load Balancer" (default rules not counted). */
    rules: number;
    /** "Target groups per Application Load Balancer" (counted when a rule forwards to them). */
    targetGroups: number;
}

/** The default ALB quotas of a new account. */
export const DEFAULT_ALB_QUOTAS: AlbQuotas = { rules: 100, targetGroups: 100 };

/**
 * What one ALB cannot hold: each service takes one listener rule and one target group; a traffic-shifting service
 * takes a second target group and, with a test-traffic gate, a test rule. Sentences for the config layer (empty when
 * the routes fit).
 */
export function albCapacityProblems(
    routes: Record<string, { blueGreen?: boolean }>,
    quotas: AlbQuotas = DEFAULT_ALB_QUOTAS,
    testRules = false,
): string[] {
    const list = Object.values(routes);
    const shifting = list.filter(r => r.blueGreen).length;
    const rules = list.length + (testRules ? shifting : 0);
    const targetGroups = list.length + shifting;
    const advice =
        "raise the quota in Service Quotas (Elastic Load Balancing) and set it in loadBalancer.quotas, or move services to another stack's load balancer";
    return [
        ...(rules > quotas.rules
            ? [
                  `${list.length} services need ${rules} listener rules on one load balancer, above its quota "Rules per Application Load Balancer" of ${quotas.rules}: ${advice}`,
              ]
            : []),
        ...(targetGroups > quotas.targetGroups
            ? [
                  `${list.length} services need ${targetGroups} target groups on one load balancer, above its quota "Target groups per Application Load Balancer" of ${quotas.targetGroups}: ${advice}`,
              ]
            : []),
    ];
}

/** The path both routes claim on hosts both accept, described for a message; undefined when they do not overlap. */
function sharedClaim(a: RouteMatch, b: RouteMatch): string | undefined {
    const hostsA = normalizedHosts(a);
    const hostsB = normalizedHosts(b);
    const anyHost = hostsA.length === 0 && hostsB.length === 0;
    const commonHosts = hostsA.filter(h => hostsB.includes(h));
    if (!anyHost && commonHosts.length === 0) {
        return undefined;
    }
    const where = anyHost ? "any host" : `host ${commonHosts.map(h => `"${h}"`).join(", ")}`;
    if (a.pathPatterns.length === 0 && b.pathPatterns.length === 0) {
        return `every path on ${where}`;
    }
    const commonPaths = a.pathPatterns.filter(p => b.pathPatterns.includes(p));
    return commonPaths.length > 0 ? `path ${commonPaths.map(p => `"${p}"`).join(", ")} on ${where}` : undefined;
}

/** Host headers are case-insensitive on the ALB. */
function normalizedHosts(route: RouteMatch): string[] {
    return (route.hosts ?? []).map(h => h.toLowerCase());
}

/** 0 for the most specific rules, {@link BAND_COUNT} - 1 for the catch-all `/*` on any host. */
function specificityBand(route: RouteMatch): number {
    const depth = route.pathPatterns.length === 0 ? 0 : Math.min(...route.pathPatterns.map(pathDepth));
    return (MAX_PATH_DEPTH - depth) * HOST_RANKS + hostRank(route.hosts ?? []);
}

/**
 * Path segments fixed before the first wildcard, plus one for an exact path; a rule with several patterns counts as
 * its broadest one, because that is the one that could shadow other rules.
 */
function pathDepth(pattern: string): number {
    const wildcard = pattern.search(/[*?]/);
    const literal = wildcard === -1 ? pattern : pattern.slice(0, wildcard);
    const segments = literal.split("/").filter(s => s.length > 0).length;
    return Math.min(MAX_PATH_DEPTH, segments + (wildcard === -1 ? 1 : 0));
}

function hostRank(hosts: string[]): number {
    if (hosts.length === 0) {
        return 2;
    }
    return hosts.some(h => /[*?]/.test(h)) ? 1 : 0;
}

function nameHash(name: string): number {
    return createHash("sha256").update(name).digest().readUInt32BE(0);
}

function isValidExplicitPriority(priority: number): boolean {
    return Number.isInteger(priority) && priority >= 2 && priority <= MAX_RULE_PRIORITY;
}

function assertExplicitPriority(serviceName: string, priority: number): void {
    if (!isValidExplicitPriority(priority)) {
        throw new ComponentArgumentError("listenerRulePriority", serviceName, [
            {
                argument: "priority",
                message: `listener rule priority ${priority} must be an integer from 2 to ${MAX_RULE_PRIORITY} (the test rule takes priority - 1).`,
            },
        ]);
    }
}
