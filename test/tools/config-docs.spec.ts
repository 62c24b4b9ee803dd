import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parseStackConfig } from "../../infra/config/load";
import { environmentDefaultPaths, environmentDefaults, ENVIRONMENTS } from "../../infra/config/schema";
import { KEY_RULES } from "../../infra/config/rule-catalog";
import { configReference, renderedReadme } from "../../tools/config-docs";
import { REPO_ROOT } from "../../testing/stack-file";

function valueAt(value: any, keyPath: string[]): unknown {
    return keyPath.reduce((v, k) => v?.[k], value);
}

describe("tools/config-docs (npm run docs:config)", () => {
    it("README.md's configuration reference matches the schema (run `npm run docs:config`)", () => {
        const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.strictEqual(readme, renderedReadme(readme));
    });

    it("documents every key with what is allowed and its default", () => {
        const table = configReference();
        for (const key of [
            "ecs-platform:network.vpcCidr",
            "ecs-platform:services.<name>.cpu",
            "ecs-platform:services.<name>.secrets.<name>.store",
            "ecs-platform:cluster.ec2.instanceType",
        ]) {
            assert.ok(table.includes(`| \`${key}\` |`), `${key} is missing`);
        }
        assert.match(table, /`ecs-platform:network\.azCount` \| integer \(≥ 2, ≤ 6\) \| staging: `2`<br>prod: `3`/);
    });

    it("lists every rule each key is checked against: the schema's and the boundary's", () => {
        const rows = configReference().split("\n");
        const rowOf = (key: string) => rows.find(line => line.startsWith(`| \`${key}\` |`));
        for (const [key, rules] of Object.entries(KEY_RULES)) {
            const row = rowOf(key);
            assert.ok(row, `${key} (rule catalog) is not a documented key`);
            for (const rule of rules) {
                assert.ok(row.includes(rule.replace(/\|/g, "\\|")), `${key}: "${rule}" is missing`);
            }
        }
        assert.match(rowOf("ecs-platform:services.<name>.route.paths")!, /each: an ALB path pattern/);
        assert.match(rowOf("ecs-platform:tags")!, /names: AWS tag characters .*no `aws:` prefix/);
        assert.match(rowOf("ecs-platform:network.vpcCidr")!, /matches `/);
        assert.match(rowOf("aws:region")!, /an AWS Region code/);
    });

    for (const env of ENVIRONMENTS) {
        it(`the documented ${env} defaults are the ones the program applies`, () => {
            const config = parseStackConfig({
                stack: env,
                secretKeys: [],
                values: {
                    "aws:region": "eu-west-1",
                    "ecs-platform:environment": env,
                    "ecs-platform:owner": "team",
                    "ecs-platform:services": JSON.stringify({
                        web: { image: { source: "ecr", tag: "v1" }, route: { paths: ["/*"] } },
                    }),
                },
            });
            for (const [configPath, key] of Object.entries(environmentDefaultPaths)) {
                const [head, ...rest] = configPath.split(".");
                const actual =
                    head === "services"
                        ? valueAt(config.services[0], rest.slice(1))
                        : valueAt(config, configPath.split("."));
                assert.deepStrictEqual(actual, environmentDefaults[env][key], `${configPath} in ${env}`);
            }
        });
    }
});
