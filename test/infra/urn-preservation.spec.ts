import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { main } from "../../infra/program";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";
import { engineIdentities } from "../../testing/urns";

/**
 * Stacks created before the workload refactor must update in place. The fixtures hold both stack files as they
 * were at commit b118e05 and the URNs that program registered for them; the program of today, run on those same
 * files, must register every old URN again, either unchanged or as an alias of exactly one new resource.
 */
const FIXTURES = path.join(__dirname, "fixtures", "before-workloads");

/** Resources the refactor removes on purpose, each with the reason a stack can lose it. */
const REMOVED_ON_PURPOSE: Record<string, string> = {};

for (const stack of ["staging", "prod"]) {
    describe(`URNs of a ${stack} stack created before the workload refactor`, function () {
        this.timeout(60000);
        const oldUrns: string[] = JSON.parse(readFileSync(path.join(FIXTURES, `urns-${stack}.json`), "utf8"));
        let claims: Map<string, string[]>;
        let current: Set<string>;

        before(async () => {
            const file = readStackFile(stack, { dir: FIXTURES });
            const { resources } = await runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
            const identities = [...engineIdentities(resources).values()];
            current = new Set(identities.map(i => i.urn));
            claims = new Map();
            for (const { urn, aliases } of identities) {
                for (const alias of aliases) claims.set(alias, [...(claims.get(alias) ?? []), urn]);
            }
        });

        it("keeps every old resource, unchanged or through an alias", () => {
            const lost = oldUrns.filter(urn => !(urn in REMOVED_ON_PURPOSE) && !current.has(urn) && !claims.has(urn));
            assert.deepStrictEqual(lost, []);
        });

        it("aliases an old URN to one new resource only, and never one that still exists", () => {
            for (const urn of oldUrns) {
                const claimedBy = claims.get(urn) ?? [];
                assert.ok(claimedBy.length <= 1, `${urn} is claimed by ${claimedBy.join(", ")}`);
                assert.ok(!(current.has(urn) && claimedBy.length > 0), `${urn} exists and is also an alias`);
            }
        });

        it("moves the task core under its own component (the aliases are needed, not decoration)", () => {
            const moved = oldUrns.filter(
                urn => !current.has(urn) && claims.has(urn) && urn.includes("ecs-platform:ecs:Service$"),
            );
            assert.ok(moved.some(urn => urn.includes("$aws:ecs/taskDefinition:TaskDefinition::")));
            for (const urn of moved) {
                assert.match(claims.get(urn)![0], /ecs-platform:ecs:TaskDefinition\$/);
            }
        });

        it("moves the packaged components to ecs-platform:index:<Type>, children along", () => {
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
