import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../infra/program";
import { resolveAliases } from "../../testing/aliases";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

/** The URNs of each stack before the components moved to `ecs-platform:index:<Type>` (recorded then). */
const BEFORE = path.join(__dirname, "fixtures", "before-index-tokens");

/** The tokens the moved components had; every URN below one of them must still be matched by an alias. */
const FORMER_TOKENS = [
    "ecs-platform:secrets:PlatformKey",
    "ecs-platform:secrets:ServiceSecrets",
    "ecs-platform:logging:Logging",
    "ecs-platform:registry:Registry",
    "ecs-platform:budget:Budget",
];

describe("index type tokens keep existing stacks (aliases)", () => {
    for (const stack of ["staging", "prod"]) {
        it(`${stack}: every earlier URN below a moved component is a resource's URN or alias now`, async () => {
            const before: string[] = JSON.parse(fs.readFileSync(path.join(BEFORE, `urns-${stack}.json`), "utf8"));
            const moved = before.filter(urn => FORMER_TOKENS.some(token => urn.split("::")[2].includes(token)));
            assert.ok(moved.length > 10, "the fixture holds the moved components' resources");

            const file = readStackFile(stack);
            const { resources } = await runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
            const aliases = resolveAliases(resources);
            const matchedBy = new Map<string, string>();
            for (const resource of resources) {
                for (const urn of [resource.urn, ...aliases.get(resource.urn)!]) {
                    matchedBy.set(urn, resource.urn);
                }
            }
            assert.deepStrictEqual(
                moved.filter(urn => !matchedBy.has(urn)),
                [],
                "earlier URNs no resource answers to (the engine would delete and recreate them)",
            );
            const types = new Set(resources.filter(r => !r.custom).map(r => r.type));
            for (const token of FORMER_TOKENS) {
                assert.ok(!types.has(token), `${token} is registered under its index token now`);
            }
        });
    }
});
