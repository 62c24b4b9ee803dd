import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ConfigError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { OFFLINE_SECRET, readStackFile, StackFileError } from "../../testing/stack-file";

/** A valid staging stack file; each test adds or changes lines. */
const BASE = [
    "config:",
    "  aws:region: eu-west-1",
    "  ecs-platform:environment: staging",
    "  ecs-platform:owner: team",
    "  ecs-platform:services:",
    "    web:",
    "      image: { source: ecr, tag: v1 }",
    "      route: { paths: ['/*'] }",
];

function stackDir(lines: string[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), "boundary-"));
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), lines.join("\n"));
    return dir;
}

/** Reads and validates a stack file as the offline preview does. */
function load(lines: string[]) {
    const file = readStackFile("dev", { dir: stackDir(lines) });
    return parseStackConfig({ stack: "dev", ...file });
}

function problemsOf(lines: string[]): { key: string; message: string }[] {
    try {
        load(lines);
    } catch (err) {
        assert.ok(ConfigError.isConfigError(err), `expected a ConfigError, got ${String(err)}`);
        assert.match(err.message, /^Invalid stack configuration in Pulumi\.dev\.yaml/);
        return err.problems;
    }
    return [];
}

function stackFileError(lines: string[]): StackFileError {
    try {
        readStackFile("dev", { dir: stackDir(lines) });
    } catch (err) {
        assert.ok(StackFileError.isStackFileError(err), `expected a StackFileError, got ${String(err)}`);
        return err;
    }
    return assert.fail("expected the stack file to be rejected");
}

describe("infra/config boundary: parse errors, namespaces, region, secrets", () => {
    it("a good stack file passes", () => {
        assert.strictEqual(load(BASE).services[0].name, "web");
    });

    describe("YAML problems name the file, line and column, without a stack trace or an excerpt", () => {
        it("a duplicate key", () => {
            const err = stackFileError([...BASE, "  ecs-platform:owner: other"]);
            assert.strictEqual(err.message, "Pulumi.dev.yaml:9:3: Map keys must be unique");
        });
        it("tab indentation", () => {
            const err = stackFileError(["config:", "\taws:region: eu-west-1"]);
            assert.strictEqual(err.message, "Pulumi.dev.yaml:2:1: Tabs are not allowed as indentation");
        });
        it("a syntax error", () => {
            const err = stackFileError([...BASE, "      environment: { A: 1"]);
            assert.match(err.message, /^Pulumi\.dev\.yaml:\d+:\d+: /);
            assert.ok(!/\n\s+at /.test(err.message) && !err.message.includes("environment: {"));
        });
        it("a config that is not a mapping", () => {
            assert.match(stackFileError(["config: [1, 2]"]).message, /`config` is a mapping/);
        });
        it("a missing stack file is one line", () => {
            assert.throws(
                () => readStackFile("nope", { dir: tmpdir() }),
                (e: unknown) =>
                    StackFileError.isStackFileError(e) && /^No stack file Pulumi\.nope\.yaml in .*$/.test(e.message),
            );
        });
    });

    describe("unknown namespaces and keys", () => {
        it("a misspelt namespace is an error with a suggestion", () => {
            const problems = problemsOf([...BASE, "  ecs-platfrom:loadBalancer: { waf: true }"]);
            assert.deepStrictEqual(problems, [
                {
                    key: "ecs-platfrom:loadBalancer",
                    message:
                        "is in no namespace this project reads (did you mean ecs-platform?): use ecs-platform:, aws:, pulumi:",
                },
            ]);
        });
        it("a namespace far from any known one gets no suggestion", () => {
            const [problem] = problemsOf([...BASE, "  kubernetes:context: x"]);
            assert.strictEqual(problem.key, "kubernetes:context");
            assert.ok(!problem.message.includes("did you mean"));
        });
        it("the AWS provider's and Pulumi's namespaces are accepted", () => {
            assert.ok(load([...BASE, "  aws:skipMetadataApiCheck: true", "  pulumi:disable-default-providers: []"]));
        });
        it("a near-miss key inside a union variant suggests the variant's key", () => {
            const lines = BASE.map(l => l.replace("tag: v1", "tga: v1"));
            const problem = problemsOf(lines).find(p => p.key === "ecs-platform:services.web.image.tga");
            assert.ok(problem);
            assert.match(problem.message, /did you mean tag\?\); allowed here: source, tag, digest$/);
        });
        it("a far-off key lists what is allowed, without a guess", () => {
            const problem = problemsOf([...BASE, "  ecs-platform:frobnicate: 1"])[0];
            assert.match(problem.message, /^is not a known key; allowed here: environment, owner/);
        });
    });

    describe("the region", () => {
        const withRegion = (region: string) => BASE.map(l => l.replace("eu-west-1", region));
        for (const region of ["eu-west-1", "us-east-1", "ap-southeast-5", "us-gov-west-1", "cn-north-1"]) {
            it(`accepts ${region}`, () => assert.strictEqual(load(withRegion(region)).region, region));
        }
        it("a typo'd region names the nearest real one", () => {
            const [problem] = problemsOf(withRegion("eu-wset-1"));
            assert.strictEqual(problem.key, "aws:region");
            assert.match(
                problem.message,
                /^must be an AWS Region \(got "eu-wset-1"\) \(did you mean eu-west-1\?\); one of /,
            );
        });
        it("a well-formed name that is no region", () => {
            assert.match(problemsOf(withRegion("eu-west-9"))[0].message, /must be an AWS Region/);
        });
        it("a missing region", () => {
            const [problem] = problemsOf(BASE.filter(l => !l.includes("aws:region")));
            assert.deepStrictEqual(problem, {
                key: "aws:region",
                message: "is required: the AWS Region to deploy to, such as eu-west-1",
            });
        });
    });

    describe("secrets follow the value", () => {
        const secure = (value: string) => `{ secure: v1:${Buffer.from(value).toString("base64")} }`;

        it("a secure environment variable becomes a Secrets Manager secret, injected through valueFrom", () => {
            const config = load([...BASE, `      environment: { FEATURE_FLAGS: ${secure("x")}, PLAIN: "1" }`]);
            assert.deepStrictEqual(config.secretPaths, ["services.web.environment.FEATURE_FLAGS"]);
            const [web] = config.services;
            assert.deepStrictEqual(web.environment, { PLAIN: "1" });
            assert.deepStrictEqual(web.secrets.FEATURE_FLAGS, {
                store: "secretsmanager",
                source: "config",
                description: "services.web.environment.FEATURE_FLAGS, a secure value of the stack config",
                rotation: "out-of-band",
            });
            assert.strictEqual(config.secretValues.web.FEATURE_FLAGS, OFFLINE_SECRET);
        });
        it("a secure sidecar environment value is refused: sidecars take plain values only", () => {
            const problems = problemsOf([
                ...BASE,
                `      sidecars: [{ name: proxy, image: envoy, environment: { A: ${secure("x")} } }]`,
            ]);
            assert.deepStrictEqual(
                problems.map(p => p.key),
                ["ecs-platform:services.web.sidecars.0.environment.A"],
            );
        });
        it("a secure owner is refused: tags are plaintext", () => {
            const problems = problemsOf(BASE.map(l => l.replace("owner: team", `owner: ${secure("team")}`)));
            assert.deepStrictEqual(
                problems.map(p => p.key),
                ["ecs-platform:owner"],
            );
            assert.match(problems[0].message, /becomes a tag on every resource/);
        });
        it("a secure value in a name, a tag or a description is refused", () => {
            const problems = problemsOf([
                ...BASE,
                `      healthCheckPath: ${secure("/h")}`,
                `  ecs-platform:tags: { team: ${secure("t")} }`,
            ]);
            assert.deepStrictEqual(problems.map(p => p.key).sort(), [
                "ecs-platform:services.web.healthCheckPath",
                "ecs-platform:tags.team",
            ]);
        });
        it("a whole key marked secret by the engine, without the stack file saying where, is refused", () => {
            const file = readStackFile("dev", { dir: stackDir(BASE) });
            assert.throws(
                () =>
                    parseStackConfig({ stack: "dev", ...file, secretKeys: ["ecs-platform:services"], secretPaths: [] }),
                (err: unknown) =>
                    ConfigError.isConfigError(err) &&
                    err.problems.some(p => p.key === "ecs-platform:services" && /does not say which/.test(p.message)),
            );
        });
        it("no message echoes a secret value", () => {
            const problems = problemsOf([...BASE, `      port: ${secure("not-a-port")}`]);
            assert.ok(problems.some(p => p.key === "ecs-platform:services.web.port"));
            const text = JSON.stringify(problems);
            assert.ok(!text.includes(OFFLINE_SECRET) && !text.includes("not decryptable"), text);
        });
        it("plaintext next to secure values in secretValues is refused, value by value", () => {
            const problems = problemsOf([
                ...BASE,
                "      secrets: { A: { source: config }, B: { source: config } }",
                `  ecs-platform:secretValues: { web: { A: ${secure("a")}, B: plain } }`,
            ]);
            assert.deepStrictEqual(
                problems.map(p => p.key),
                ["ecs-platform:secretValues.web.B"],
            );
        });
    });

    describe("the TaskDefinition's own rules (shared with the component) name the service's key", () => {
        const sidecar = (fields: string) =>
            `      sidecars: [{ image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", ${fields} }]`;
        const cases: { rule: string; bad: string; good: string; key: string; message: RegExp }[] = [
            {
                rule: "an EFS mount path other than / and /tmp",
                bad: "      efs: { containerPath: /tmp }",
                good: "      efs: { containerPath: /data }",
                key: "ecs-platform:services.web.efs.containerPath",
                message: /absolute path other than \/ and \/tmp/,
            },
            {
                rule: "sidecars leave the app some of the task's CPU",
                bad: sidecar("name: proxy, cpu: 256"),
                good: sidecar("name: proxy, cpu: 64"),
                key: "ecs-platform:services.web.sidecars",
                message: /reserve 256 of the task's 256 cpu/,
            },
            {
                rule: "a sidecar's name differs from the app container's",
                bad: sidecar("name: web"),
                good: sidecar("name: proxy"),
                key: "ecs-platform:services.web.sidecars.0.name",
                message: /must be unique in the task/,
            },
        ];
        for (const c of cases) {
            it(`${c.rule}: one problem naming the key when broken, none when right`, () => {
                const problems = problemsOf([...BASE, "      cpu: 256", "      memory: 512", c.bad]);
                assert.strictEqual(problems.length, 1, JSON.stringify(problems));
                assert.strictEqual(problems[0].key, c.key);
                assert.match(problems[0].message, c.message);
                assert.deepStrictEqual(problemsOf([...BASE, "      cpu: 256", "      memory: 512", c.good]), []);
            });
        }
    });
});
