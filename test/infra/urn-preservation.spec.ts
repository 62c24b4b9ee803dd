import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { main } from "../../infra/program";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";
import { engineIdentities } from "../../testing/urns";

/**
 * Stacks created by an earlier version must update in place. Each fixture folder holds both stack files as they were
 * at one commit and the URNs that program registered for them; the program of today, run on those same files, must
 * register every old URN again, either unchanged or as an alias of exactly one new resource.
 *
 * - before-workloads (b118e05): before the workload refactor (task core and per-workload security groups).
 * - before-package (1de349d): before the remaining components moved to ecs-platform:index:<Type> tokens.
 */
const FIXTURES = path.join(__dirname, "fixtures");

/**
 * Resources the workload refactor removes on purpose (by logical name within their stack), each with the reason a
 * stack can lose it. The shared services group gives way to one group per workload: the engine creates the new
 * groups, updates each service onto its own (a new deployment), and deletes the old group and its rules last
 * (docs/UPGRADE.md).
 */
const REPLACED_BY_WORKLOAD_GROUPS = "the shared services group, replaced by one group per workload";
const REMOVED_ON_PURPOSE: Record<string, Record<string, string>> = {
    "before-workloads": {
        "network-services": REPLACED_BY_WORKLOAD_GROUPS,
        "network-services-in-8080": REPLACED_BY_WORKLOAD_GROUPS,
        "network-services-out-https": REPLACED_BY_WORKLOAD_GROUPS,
        "network-lb-out-8080": REPLACED_BY_WORKLOAD_GROUPS,
    },
    "before-package": {},
};

/** The logical name of a URN, without the stack's prefix. */
const logicalName = (stack: string, urn: string) =>
    urn
        .split("::")
        .pop()!
        .slice(stack.length + 1);

interface Registered {
    oldUrns: string[];
    current: Set<string>;
    claims: Map<string, string[]>;
}

/** Runs today's program on a fixture's stack file; the old URNs, today's URNs, and which new URNs alias each old one. */
function registerFixture(fixture: string, stack: string): () => Registered {
    const registered: Registered = { oldUrns: [], current: new Set(), claims: new Map() };
    before(async () => {
        const dir = path.join(FIXTURES, fixture);
        registered.oldUrns = JSON.parse(readFileSync(path.join(dir, `urns-${stack}.json`), "utf8"));
        const file = readStackFile(stack, { dir });
        const { resources } = await runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
        const identities = [...engineIdentities(resources).values()];
        registered.current = new Set(identities.map(i => i.urn));
        for (const { urn, aliases } of identities) {
            for (const alias of aliases) registered.claims.set(alias, [...(registered.claims.get(alias) ?? []), urn]);
        }
    });
    return () => registered;
}

for (const fixture of Object.keys(REMOVED_ON_PURPOSE)) {
    for (const stack of ["staging", "prod"]) {
        describe(`URNs of a ${stack} stack created ${fixture.replace("-", " the ")} change`, function () {
            this.timeout(60000);
            const registered = registerFixture(fixture, stack);
            const removedOnPurpose = (urn: string) => logicalName(stack, urn) in REMOVED_ON_PURPOSE[fixture];

            it("keeps every old resource, unchanged or through an alias", () => {
                const { oldUrns, current, claims } = registered();
                const lost = oldUrns.filter(urn => !removedOnPurpose(urn) && !current.has(urn) && !claims.has(urn));
                assert.deepStrictEqual(lost, []);
            });

            it("aliases an old URN to one new resource only, and never one that still exists", () => {
                const { oldUrns, current, claims } = registered();
                for (const urn of oldUrns) {
                    const claimedBy = claims.get(urn) ?? [];
                    assert.ok(claimedBy.length <= 1, `${urn} is claimed by ${claimedBy.join(", ")}`);
                    assert.ok(!(current.has(urn) && claimedBy.length > 0), `${urn} exists and is also an alias`);
                }
            });

            it("removes on purpose only what the list names, and every listed resource did exist", () => {
                const { oldUrns, current, claims } = registered();
                const removed = oldUrns.filter(urn => !current.has(urn) && !claims.has(urn));
                assert.deepStrictEqual(
                    removed.map(urn => logicalName(stack, urn)).sort(),
                    Object.keys(REMOVED_ON_PURPOSE[fixture]).sort(),
                );
            });
        });
    }
}

for (const stack of ["staging", "prod"]) {
    describe(`the workload refactor's moves in a ${stack} stack`, function () {
        this.timeout(60000);
        const registered = registerFixture("before-workloads", stack);
        it("moves the task core under its own component (the aliases are needed, not decoration)", () => {
            const { oldUrns, current, claims } = registered();
            const moved = oldUrns.filter(
                urn => !current.has(urn) && claims.has(urn) && urn.includes("ecs-platform:ecs:Service$"),
            );
            const claimantType = (urn: string) => claims.get(urn)![0].split("::")[2];
            const taskCore = moved.filter(urn => claimantType(urn).includes("ecs-platform:index:TaskDefinition$"));
            assert.ok(taskCore.some(urn => urn.includes("$aws:ecs/taskDefinition:TaskDefinition::")));
            assert.ok(taskCore.some(urn => urn.includes("$aws:iam/role:Role::")));
            for (const urn of moved.filter(urn => !taskCore.includes(urn))) {
                // The rest stays the service's own, under its ecs-platform:index token since the package.
                assert.match(claimantType(urn), /^ecs-platform:index:Service\$[^$]+$/, urn);
            }
        });

        it("moves the packaged components to ecs-platform:index:<Type>, children along", () => {
            const { oldUrns, current, claims } = registered();
            const underFormerToken = oldUrns.filter(urn =>
                /ecs-platform:(secrets|logging|registry):/.test(urn.split("::")[2]),
            );
            assert.ok(underFormerToken.length > 10);
            for (const urn of underFormerToken) {
                assert.ok(!current.has(urn), `${urn} is still registered under its former token`);
                assert.match(claims.get(urn)?.[0] ?? "unclaimed", /::ecs-platform:index:/, urn);
            }
        });
    });
}

/** The workload components' tokens before the package: each kind, and the task core they are built on. */
const WORKLOAD_TOKENS = /ecs-platform:ecs:(TaskDefinition|Service|BackendService|WorkerService|ScheduledJob)(\$|$)/;

for (const stack of ["staging", "prod"]) {
    describe(`the workload components' move to ecs-platform:index in a ${stack} stack`, function () {
        this.timeout(60000);
        const registered = registerFixture("before-package", stack);
        it("moves every workload component and everything below it, through aliases", () => {
            const { oldUrns, current, claims } = registered();
            const underFormerToken = oldUrns.filter(urn => WORKLOAD_TOKENS.test(urn.split("::")[2]));
            const kinds = new Set(underFormerToken.map(urn => urn.split("::")[2].split("$").pop()));
            for (const kind of ["TaskDefinition", "Service", "BackendService", "WorkerService", "ScheduledJob"]) {
                assert.ok(kinds.has(`ecs-platform:ecs:${kind}`), `the fixture has a ${kind}`);
            }
            for (const urn of underFormerToken) {
                assert.ok(!current.has(urn), `${urn} is still registered under its former token`);
                const claimedBy = claims.get(urn)?.[0] ?? "unclaimed";
                assert.doesNotMatch(claimedBy.split("::")[2], WORKLOAD_TOKENS, urn);
                assert.strictEqual(claimedBy.split("::").pop(), urn.split("::").pop(), "same logical name");
            }
        });
    });
}

/** The infrastructure components moved to ecs-platform:index:<Type> after 1de349d, by their former token. */
const INFRASTRUCTURE_MOVES = [
    "ecs-platform:networking:Networking",
    "ecs-platform:networking:WorkloadSecurityGroups",
    "ecs-platform:ecs:Cluster",
    "ecs-platform:ecs:LoadBalancer",
    "ecs-platform:ecs:WebFirewall",
    "ecs-platform:ecs:Monitoring",
];

for (const stack of ["staging", "prod"]) {
    describe(`the infrastructure components' token change in a ${stack} stack`, function () {
        this.timeout(60000);
        const registered = registerFixture("before-package", stack);
        const typeChain = (urn: string) => urn.split("::")[2].split("$");

        for (const former of INFRASTRUCTURE_MOVES) {
            const type = former.split(":")[2];
            it(`${type}: every resource under ${former} is claimed under ecs-platform:index:${type}`, function () {
                const { oldUrns, current, claims } = registered();
                const underFormerToken = oldUrns.filter(urn => typeChain(urn).includes(former));
                if (type === "WebFirewall" && stack === "staging") {
                    assert.deepStrictEqual(underFormerToken, [], "staging has no WAF");
                    return;
                }
                assert.ok(underFormerToken.length > 0, `the fixture has resources under ${former}`);
                for (const urn of underFormerToken) {
                    assert.ok(!current.has(urn), `${urn} is still registered under its former token`);
                    const claimedBy = claims.get(urn)?.[0] ?? "unclaimed";
                    assert.ok(typeChain(claimedBy).includes(`ecs-platform:index:${type}`), `${urn} → ${claimedBy}`);
                    assert.strictEqual(claimedBy.split("::").pop(), urn.split("::").pop(), "same logical name");
                }
            });
        }
    });
}
