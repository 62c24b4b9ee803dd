import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import * as pulumi from "@pulumi/pulumi";
import { isLogRetentionDays, LOG_RETENTION_DAYS, Logging, LoggingArgs } from "../../../components/logging";
import { PlatformKey } from "../../../components/secrets";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

type Declared = Omit<LoggingArgs, "kmsKeyArn" | "environment" | "services"> & Partial<LoggingArgs>;

async function run(args: Declared = {}) {
    const { resources, outputs } = await runProgram(
        () => {
            const logging = new Logging("logging", {
                environment: "prod",
                services: ["api", "worker"],
                kmsKeyArn: KEY_ARN,
                ...args,
            });
            return { services: logging.serviceLogGroups, flow: logging.flowLogGroup, exec: logging.execLogGroup };
        },
        { stack: "test", config: { "aws:region": "eu-west-1" } },
    );
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs> };
}

function names(resources: CapturedResource[]): string[] {
    return ofType(resources, LOG_GROUP)
        .map(g => g.inputs.name)
        .sort();
}

describe("logging/Logging", () => {
    it("creates a group per service and the flow-log group, with 30-day retention and the CMK, by default", async () => {
        const { resources } = await run();
        assert.deepStrictEqual(names(resources), ["/ecs/prod/api", "/ecs/prod/worker", "/vpc/prod/flow-logs"]);
        for (const group of ofType(resources, LOG_GROUP)) {
            assert.strictEqual(group.inputs.retentionInDays, 30, group.name);
            assert.strictEqual(group.inputs.kmsKeyId, KEY_ARN, group.name);
        }
    });

    it("outputs each group's name and ARN, and no exec group unless asked", async () => {
        const { resources, outputs } = await run();
        const ref = (name: string) => {
            const group = ofType(resources, LOG_GROUP).find(g => g.inputs.name === name);
            assert.ok(group, `${name} missing`);
            return { name, arn: group.state.arn };
        };
        assert.deepStrictEqual(outputs.services, { api: ref("/ecs/prod/api"), worker: ref("/ecs/prod/worker") });
        assert.deepStrictEqual(outputs.flow, ref("/vpc/prod/flow-logs"));
        assert.strictEqual(outputs.exec, undefined);
        assert.match(outputs.services.api.arn, /^arn:aws:logs:eu-west-1:\d{12}:log-group:\/ecs\/prod\/api$/);
    });

    it("adds the ECS Exec group and drops the flow-log group on request", async () => {
        const { resources, outputs } = await run({ environment: "staging", ecsExec: true, flowLogs: false });
        assert.deepStrictEqual(names(resources), ["/ecs/staging/api", "/ecs/staging/exec", "/ecs/staging/worker"]);
        assert.strictEqual(outputs.flow, undefined);
        assert.strictEqual(outputs.exec?.name, "/ecs/staging/exec");
        const exec = ofType(resources, LOG_GROUP).find(g => g.inputs.name === "/ecs/staging/exec");
        assert.strictEqual(exec?.inputs.kmsKeyId, KEY_ARN);
        assert.strictEqual(exec?.inputs.retentionInDays, 30);
    });

    it("applies the given retention to every group", async () => {
        const { resources } = await run({ retentionInDays: 365, ecsExec: true });
        assert.deepStrictEqual(
            ofType(resources, LOG_GROUP).map(g => g.inputs.retentionInDays),
            [365, 365, 365, 365],
        );
    });

    it("encrypts with the platform key when wired to a PlatformKey", async () => {
        const { resources } = await runProgram(
            () => {
                const key = new PlatformKey("platform", { aliasName: "k" });
                new Logging("logging", { environment: "prod", services: ["api"], kmsKeyArn: key.keyArn });
            },
            { stack: "test" },
        );
        const [key] = ofType(resources, "aws:kms/key:Key");
        for (const group of ofType(resources, LOG_GROUP)) {
            assert.strictEqual(group.inputs.kmsKeyId, key.state.arn);
        }
    });

    it("protects and retains every group in prod and none in staging", async () => {
        const prod = await run({ protect: true, ecsExec: true });
        assert.strictEqual(ofType(prod.resources, LOG_GROUP).length, 4);
        for (const group of ofType(prod.resources, LOG_GROUP)) {
            assert.deepStrictEqual(
                [group.name, group.options.protect, group.options.retainOnDelete],
                [group.name, true, true],
            );
        }
        const staging = await run({ ecsExec: true });
        for (const group of ofType(staging.resources, LOG_GROUP)) {
            assert.deepStrictEqual(
                [group.name, group.options.protect, group.options.retainOnDelete],
                [group.name, false, false],
            );
        }
    });

    it("tags every group and parents it to the component", async () => {
        const { resources } = await run({ tags: { env: "prod", owner: "platform" }, ecsExec: true });
        const [component] = ofType(resources, "ecs-platform:index:Logging");
        for (const group of ofType(resources, LOG_GROUP)) {
            assert.deepStrictEqual(group.inputs.tags, { env: "prod", owner: "platform" }, group.name);
            assert.strictEqual(group.parent, component.urn);
        }
    });

    it("creates only the shared groups when there are no services", async () => {
        const { resources, outputs } = await run({ services: [] });
        assert.deepStrictEqual(names(resources), ["/vpc/prod/flow-logs"]);
        assert.deepStrictEqual(outputs.services, {});
    });

    it("exports CloudWatch's retention values, without 0 (never expire)", () => {
        assert.strictEqual(LOG_RETENTION_DAYS.length, 22);
        assert.ok(!isLogRetentionDays(0));
        assert.ok(isLogRetentionDays(3653));
        assert.ok(!isLogRetentionDays(31));
    });

    for (const [label, args, message] of [
        ["retention 0 (never expire)", { retentionInDays: 0 }, /- retentionInDays: must be one of 1, 3/],
        ["a retention CloudWatch does not offer", { retentionInDays: 45 }, /- retentionInDays: /],
        ["a service name with a slash", { services: ["api/v2"] }, /- services\[0\]: must be a single name segment/],
        ["a repeated service", { services: ["api", "api"] }, /- services\[1\]: is listed twice/],
        ["the reserved service name exec", { services: ["exec"] }, /- services\[0\]: is reserved/],
        ["an empty environment", { environment: "" }, /- environment: /],
    ] as const) {
        it(`rejects ${label}`, async () => {
            await assert.rejects(
                run(args as Declared),
                (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
            );
        });
    }
});
