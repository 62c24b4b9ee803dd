import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../infra/config/load";
import { tagValue } from "../../infra/config/aws-formats";
import {
    awsLookups,
    DORMANT_TAG,
    dormancyOf,
    dormantTagValue,
    firstDeployWarnings,
    missingPrerequisites,
    Prerequisite,
    prerequisitesOf,
} from "../../infra/first-deploy";
import { DORMANT_TAG as POLICY_DORMANT_TAG } from "../../policies/ecs/service-dormant";
import { fakeCloud } from "../../testing/fake-cloud";
import { invokeError } from "../../testing/fake-invokes";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

function stackConfig(stack: string, edit: (values: Record<string, string>) => void = () => {}) {
    const file = readStackFile(stack);
    edit(file.values);
    return parseStackConfig({
        stack,
        values: file.values,
        secretKeys: [...file.secretKeys, "ecs-platform:secretValues"],
        secretPaths: file.secretPaths,
    });
}

/** Asks the fake cloud (steady or empty account) what each workload is missing. */
async function missingIn(stack: string, firstDeploy: boolean) {
    const config = stackConfig(stack);
    const run = await runProgram(() => missingPrerequisites(config), { stack, firstDeploy });
    return run.outputs as Record<string, Prerequisite[]>;
}

describe("infra/first-deploy: what a workload needs before its tasks can start", function () {
    this.timeout(60000);

    it("each workload needs its ECR image; api also its external secret (not the stack-built or config-sourced)", () => {
        const config = stackConfig("prod");
        const byName = Object.fromEntries(config.services.map(s => [s.name, prerequisitesOf(config, s)]));
        assert.deepEqual(byName.web, [{ kind: "image", repository: "prod/web", tag: "v0.1.0", digest: undefined }]);
        assert.deepEqual(byName.api, [
            { kind: "image", repository: "prod/api", tag: "v0.1.0", digest: undefined },
            { kind: "secret", name: "/prod/api/DATABASE_PASSWORD" },
        ]);

        const edited = stackConfig("staging", values => {
            const services = JSON.parse(values["ecs-platform:services"]);
            services.web.image = { source: "build", context: "app" };
            services.api.secrets.TOKEN = { store: "ssm" };
            services.api.secrets.FROM_CONFIG = { source: "config" };
            values["ecs-platform:services"] = JSON.stringify(services);
            values["ecs-platform:secretValues"] = JSON.stringify({ api: { FROM_CONFIG: "x" } });
        });
        const needs = Object.fromEntries(edited.services.map(s => [s.name, prerequisitesOf(edited, s)]));
        assert.deepEqual(needs.web, [], "an image the stack builds is never waited for");
        assert.deepEqual(
            needs.api.filter(n => n.kind !== "image"),
            [
                { kind: "secret", name: "/staging/api/DATABASE_PASSWORD" },
                { kind: "parameter", name: "/staging/api/TOKEN" },
            ],
        );
    });

    it("in the steady state AWS has everything; in an empty account nothing (fake cloud, both stacks)", async () => {
        for (const stack of ["staging", "prod"]) {
            const steady = await missingIn(stack, false);
            assert.ok(
                Object.values(steady).every(list => list.length === 0),
                JSON.stringify(steady),
            );
            const empty = await missingIn(stack, true);
            assert.deepEqual(
                empty.api.map(n => n.kind),
                ["image", "secret"],
            );
            assert.deepEqual(Object.keys(empty).sort(), ["api", "migrate", "nightly-report", "web", "worker"]);
            assert.ok(Object.values(empty).every(list => list.length > 0));
        }
    });

    it("a secret with versions but none AWSCURRENT, and a parameter still at its placeholder, have no value", async () => {
        const cloud = fakeCloud({ region: "eu-west-1", preview: false });
        await pulumi.runtime.setMocks(
            {
                newResource: args => cloud.newResource(args),
                call: args => {
                    const answer = cloud.call(args) as Record<string, unknown>;
                    if (args.token.startsWith("aws:secretsmanager/getSecretVersions")) {
                        return { ...answer, versions: [{ versionId: "v1", versionStages: ["AWSPENDING"] }] };
                    }
                    return args.token.startsWith("aws:ssm/getParameter") ? { ...answer, version: 1 } : answer;
                },
            },
            "ecs-platform",
            "prod",
        );
        assert.equal(await awsLookups.secretHasValue("/prod/api/X"), false);
        assert.equal(await awsLookups.parameterHasValue("/prod/api/Y"), false);
    });

    it("only absence makes a lookup answer false: any other error (access denied) is rethrown", async () => {
        for (const [token, ask] of [
            ["aws:ecr/getImage:getImage", () => awsLookups.imageExists("prod/web", { tag: "v1" })],
            ["aws:secretsmanager/getSecretVersions", () => awsLookups.secretHasValue("/prod/api/X")],
            ["aws:ssm/getParameter", () => awsLookups.parameterHasValue("/prod/api/Y")],
        ] as const) {
            await pulumi.runtime.setMocks(
                {
                    newResource: () => ({ id: "x", state: {} }),
                    call: args => {
                        if (args.token.startsWith(token)) {
                            throw invokeError("AccessDeniedException: not authorized to perform this operation");
                        }
                        return {};
                    },
                },
                "ecs-platform",
                "prod",
            );
            await assert.rejects(ask(), /AccessDeniedException/, token);
        }
    });

    it("the dormant tag names what the service waits for, in AWS tag characters, within 256 characters", () => {
        const value = dormantTagValue([
            { kind: "image", repository: "prod/api", tag: "v0.1.0" },
            { kind: "secret", name: "/prod/api/DATABASE_PASSWORD" },
            { kind: "parameter", name: "/prod/api/TOKEN" },
        ]);
        assert.equal(value, "image=prod/api:v0.1.0 secret=/prod/api/DATABASE_PASSWORD parameter=/prod/api/TOKEN");
        assert.ok(tagValue.safeParse(value).success);
        const digest = `sha256:${"a".repeat(64)}`;
        assert.equal(dormantTagValue([{ kind: "image", repository: "prod/api", digest }]), `image=prod/api@${digest}`);

        const many: Prerequisite[] = Array.from({ length: 20 }, (_, i) => ({
            kind: "secret",
            name: `/prod/api/A_RATHER_LONG_SECRET_NAME_${i}`,
        }));
        const long = dormantTagValue(many);
        assert.ok(long.length <= 256, `${long.length}`);
        assert.match(long, / \+\d+ more$/);
        assert.ok(tagValue.safeParse(long).success);
        assert.equal(DORMANT_TAG, POLICY_DORMANT_TAG, "the program and the pack agree on the marker");
    });

    it("services and jobs start dormant, only when something is missing; one-off tasks are warned about", () => {
        const config = stackConfig("prod");
        const missing = Object.fromEntries(config.services.map(s => [s.name, prerequisitesOf(config, s)] as const));
        const dormant = config.services.filter(s => dormancyOf(s, missing[s.name])).map(s => s.name);
        assert.deepEqual(dormant, ["web", "api", "worker", "nightly-report"]);
        assert.equal(dormancyOf(config.services[0], []), undefined);
        assert.deepEqual(dormancyOf(config.services[1], missing.api), {
            dormant: "image=prod/api:v0.1.0 secret=/prod/api/DATABASE_PASSWORD",
        });

        const warnings = firstDeployWarnings(config, { ...missing, web: [] });
        assert.equal(warnings.length, 4, "web has what it needs");
        assert.equal(
            warnings[0],
            "services.api starts dormant (0 tasks, tagged dormant) and will not run yet. To start it: push prod/api:v0.1.0 (docker push <repository URL>:v0.1.0; the URLs are in `pulumi stack output repositoryUrls`); write /prod/api/DATABASE_PASSWORD: aws secretsmanager put-secret-value --secret-id /prod/api/DATABASE_PASSWORD --secret-string file://value.txt; then run `pulumi up` again (or merge to main and let CI deploy).",
        );
        assert.match(
            warnings[2],
            /^services\.nightly-report starts dormant \(its schedule paused, tagged dormant\) and will not run yet\./,
        );
        assert.match(warnings[3], /^services\.migrate will not run yet: its runs fail until then\./);
    });
});
