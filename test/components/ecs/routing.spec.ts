import * as assert from "assert";
import * as fc from "fast-check";
import { ComponentArgumentError } from "../../../components/shared";
import {
    albCapacityProblems,
    findRouteConflicts,
    listenerRulePriority,
    MAX_RULE_PRIORITY,
    RouteMatch,
    testListenerRulePriority,
} from "../../../components/ecs/routing";

const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const pathPattern = fc
    .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 5 })
    .chain(segments =>
        fc.constantFrom(`/${segments.join("/")}`, `/${segments.join("/")}/*`, `/${segments.join("/")}*`),
    );
const route: fc.Arbitrary<RouteMatch> = fc.record({
    pathPatterns: fc.array(pathPattern, { minLength: 1, maxLength: 3 }),
    hosts: fc.option(
        fc.array(fc.constantFrom("api.example.com", "*.example.com", "example.com"), { minLength: 1, maxLength: 2 }),
        {
            nil: undefined,
        },
    ),
});

describe("ecs/routing", () => {
    describe("listenerRulePriority", () => {
        it("stays the same when other services are added, removed or reordered", () => {
            fc.assert(
                fc.property(
                    fc.dictionary(serviceName, route, { minKeys: 1, maxKeys: 12 }),
                    serviceName,
                    route,
                    (routes, extra, extraRoute) => {
                        const before = Object.fromEntries(
                            Object.entries(routes).map(([name, r]) => [name, listenerRulePriority(name, r)]),
                        );
                        const grown = { [extra]: extraRoute, ...routes };
                        const reordered = Object.fromEntries(Object.entries(grown).reverse());
                        for (const [name, r] of Object.entries(reordered)) {
                            if (name in before) {
                                assert.strictEqual(listenerRulePriority(name, r), before[name]);
                            }
                        }
                    },
                ),
            );
        });

        it("keeps the numbers deployed stacks already use (changing the scheme would move every rule)", () => {
            assert.strictEqual(listenerRulePriority("api", { pathPatterns: ["/api/*"] }), 37641);
            assert.strictEqual(listenerRulePriority("web", { pathPatterns: ["/*"] }), 46852);
            assert.strictEqual(
                listenerRulePriority("admin", { pathPatterns: ["/admin/*"], hosts: ["admin.example.com"] }),
                32577,
            );
        });

        it("stays within 2..50000 and leaves room for the test rule just before it", () => {
            fc.assert(
                fc.property(serviceName, route, (name, r) => {
                    const production = listenerRulePriority(name, r);
                    assert.ok(production >= 2 && production <= MAX_RULE_PRIORITY, `priority ${production}`);
                    assert.strictEqual(testListenerRulePriority(name, r), production - 1);
                }),
            );
        });

        it("evaluates deeper paths before shallower ones and the catch-all last, whatever the service names", () => {
            fc.assert(
                fc.property(fc.uniqueArray(serviceName, { minLength: 4, maxLength: 4 }), ([a, b, c, d]) => {
                    const deep = listenerRulePriority(a, { pathPatterns: ["/api/admin/*"] });
                    const shallow = listenerRulePriority(b, { pathPatterns: ["/api/*"] });
                    const hostOnly = listenerRulePriority(c, { pathPatterns: [], hosts: ["api.example.com"] });
                    const catchAll = listenerRulePriority(d, { pathPatterns: ["/*"] });
                    assert.ok(deep < shallow, `deep ${deep} < shallow ${shallow}`);
                    assert.ok(shallow < hostOnly, `path rule ${shallow} < host-only rule ${hostOnly}`);
                    assert.ok(hostOnly < catchAll, `host-only rule ${hostOnly} < catch-all ${catchAll}`);
                }),
            );
        });

        it("evaluates exact hosts before wildcard hosts before any host on the same path", () => {
            fc.assert(
                fc.property(fc.uniqueArray(serviceName, { minLength: 3, maxLength: 3 }), ([a, b, c]) => {
                    const exact = listenerRulePriority(a, { pathPatterns: ["/v1/*"], hosts: ["api.example.com"] });
                    const wildcard = listenerRulePriority(b, { pathPatterns: ["/v1/*"], hosts: ["*.example.com"] });
                    const anyHost = listenerRulePriority(c, { pathPatterns: ["/v1/*"] });
                    assert.ok(exact < wildcard && wildcard < anyHost, `${exact} < ${wildcard} < ${anyHost}`);
                }),
            );
        });

        it("ranks a rule by its broadest path pattern, which is the one that could shadow others", () => {
            const mixed = listenerRulePriority("mixed", { pathPatterns: ["/a/b/c/*", "/*"] });
            const specific = listenerRulePriority("other", { pathPatterns: ["/x/*"] });
            assert.ok(mixed > specific, `mixed ${mixed} > specific ${specific}`);
        });

        it("uses an explicit priority as given", () => {
            const r = { pathPatterns: ["/*"], priority: 42 };
            assert.strictEqual(listenerRulePriority("web", r), 42);
            assert.strictEqual(testListenerRulePriority("web", r), 41);
        });

        it("rejects an explicit priority that leaves no room for the test rule or exceeds the ALB maximum", () => {
            for (const priority of [1, 0, 50001, 2.5]) {
                assert.throws(
                    () => listenerRulePriority("web", { pathPatterns: ["/*"], priority }),
                    (err: unknown) =>
                        ComponentArgumentError.isComponentArgumentError(err) && err.problems[0].argument === "priority",
                );
            }
        });
    });

    describe("findRouteConflicts", () => {
        it("accepts distinct routes", () => {
            assert.deepStrictEqual(
                findRouteConflicts({
                    api: { pathPatterns: ["/api/*"] },
                    admin: { pathPatterns: ["/api/*"], hosts: ["admin.example.com"] },
                    web: { pathPatterns: ["/*"] },
                }),
                [],
            );
        });

        it("reports two services claiming the same path on any host", () => {
            const conflicts = findRouteConflicts({
                a: { pathPatterns: ["/x/*", "/shared/*"] },
                b: { pathPatterns: ["/shared/*"] },
            });
            assert.deepStrictEqual(conflicts, ['services "a" and "b" both claim path "/shared/*" on any host']);
        });

        it("reports the same path on a common host, comparing hosts case-insensitively", () => {
            const conflicts = findRouteConflicts({
                a: { pathPatterns: ["/v1/*"], hosts: ["API.example.com", "a.example.com"] },
                b: { pathPatterns: ["/v1/*"], hosts: ["api.example.com"] },
            });
            assert.deepStrictEqual(conflicts, [
                'services "a" and "b" both claim path "/v1/*" on host "api.example.com"',
            ]);
        });

        it("reports two host-only routes on the same host", () => {
            const conflicts = findRouteConflicts({
                a: { pathPatterns: [], hosts: ["x.example.com"] },
                b: { pathPatterns: [], hosts: ["x.example.com"] },
            });
            assert.deepStrictEqual(conflicts, ['services "a" and "b" both claim every path on host "x.example.com"']);
        });

        it("does not report the same path on different hosts", () => {
            assert.deepStrictEqual(
                findRouteConflicts({
                    a: { pathPatterns: ["/*"], hosts: ["a.example.com"] },
                    b: { pathPatterns: ["/*"], hosts: ["b.example.com"] },
                }),
                [],
            );
        });

        it("reports a priority collision, including one with another service's test rule", () => {
            const web = { pathPatterns: ["/*"] };
            const production = listenerRulePriority("web", web);
            const conflicts = findRouteConflicts({
                web,
                clash: { pathPatterns: ["/clash/*"], priority: production },
                neighbour: { pathPatterns: ["/n/*"], priority: production + 1 },
            });
            assert.deepStrictEqual(conflicts, [
                `listener rule priority ${production - 1} is used by "clash" (test rule) and "web" (test rule): set an explicit "priority" on one of them`,
                `listener rule priority ${production} is used by "clash" (production rule) and "neighbour" (test rule) and "web" (production rule): set an explicit "priority" on one of them`,
            ]);
        });

        it("reports a hash collision between derived priorities", () => {
            const names = Array.from({ length: 3000 }, (_v, i) => `svc-${i}`);
            const seen = new Map<number, string>();
            const pair = names
                .map(name => {
                    const p = listenerRulePriority(name, { pathPatterns: ["/*"] });
                    const other = seen.get(p);
                    seen.set(p, name);
                    return other ? [other, name] : undefined;
                })
                .find(found => found !== undefined);
            assert.ok(pair, "3000 names in one band of 1666 slots must collide");
            const [first, second] = pair;
            // Different hosts never match the same request, but a listener still needs a distinct priority per rule.
            const conflicts = findRouteConflicts({
                [first]: { pathPatterns: ["/*"], hosts: ["a.example.com"] },
                [second]: { pathPatterns: ["/*"], hosts: ["b.example.com"] },
            });
            assert.strictEqual(conflicts.length, 2, "production and test priorities both collide");
            for (const conflict of conflicts) {
                assert.match(
                    conflict,
                    new RegExp(`^listener rule priority \\d+ is used by "${first}" .* and "${second}" `),
                );
            }
            const settled = findRouteConflicts({
                [first]: { pathPatterns: ["/*"], hosts: ["a.example.com"] },
                [second]: { pathPatterns: ["/*"], hosts: ["b.example.com"], priority: 10 },
            });
            assert.deepStrictEqual(settled, []);
        });

        it("reports invalid routes and leaves them out of the pairwise checks", () => {
            const conflicts = findRouteConflicts(
                {
                    empty: { pathPatterns: [] },
                    low: { pathPatterns: ["/*"], priority: 1 },
                    wide: {
                        pathPatterns: ["/a", "/b", "/c"],
                        hosts: ["x.example.com", "y.example.com"],
                        blueGreen: true,
                    },
                },
                { testConditionValues: 1 },
            );
            assert.deepStrictEqual(conflicts, [
                'service "empty" has a route with neither path patterns nor hosts: an ALB rule needs at least one condition',
                'service "low" has priority 1: it must be an integer from 2 to 50000 (the test rule takes priority - 1)',
                'service "wide" has 6 condition values (including the test-traffic header and source addresses): an ALB rule allows 5',
            ]);
        });

        it("counts the test rule's gate (token header, source CIDRs) only for traffic-shifting routes", () => {
            const route = { pathPatterns: ["/a", "/b"], hosts: ["x.example.com"], blueGreen: true };
            assert.deepStrictEqual(findRouteConflicts({ route }, { testConditionValues: 2 }), []);
            assert.match(findRouteConflicts({ route }, { testConditionValues: 3 })[0], /has 6 condition values/);
            assert.deepStrictEqual(
                findRouteConflicts({ route: { ...route, blueGreen: false } }, { testConditionValues: 3 }),
                [],
            );
        });

        it("allows five condition values without blue/green", () => {
            assert.deepStrictEqual(
                findRouteConflicts({
                    wide: { pathPatterns: ["/a", "/b", "/c"], hosts: ["x.example.com", "y.example.com"] },
                }),
                [],
            );
        });
    });
});

describe("ecs/routing albCapacityProblems", () => {
    const many = (n: number, blueGreen = false) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, { blueGreen }]));

    it("fits 100 services on one ALB, and refuses the 101st naming the rule quota", () => {
        assert.deepStrictEqual(albCapacityProblems(many(100)), []);
        const [problem] = albCapacityProblems(many(101));
        assert.match(
            problem,
            /^101 services need 101 listener rules .* "Rules per Application Load Balancer" of 100: raise the quota/,
        );
    });

    it("counts the alternate target group and the gated test rule of traffic-shifting services", () => {
        assert.match(albCapacityProblems(many(51, true)).join("\n"), /need 102 target groups .* of 100/);
        assert.deepStrictEqual(albCapacityProblems(many(51, true), { rules: 100, targetGroups: 200 }), []);
        assert.match(
            albCapacityProblems(many(51, true), { rules: 100, targetGroups: 200 }, true)[0],
            /need 102 listener rules/,
        );
    });
});
