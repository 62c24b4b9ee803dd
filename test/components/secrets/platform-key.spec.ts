import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import { PlatformKey, PlatformKeyArgs } from "../../../components/secrets";
import { FAKE_ACCOUNT_ID } from "../../../testing/fake-cloud";
import { ofType, runProgram } from "../../../testing/harness";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

async function run(args: PlatformKeyArgs, region = "eu-west-1") {
    return runProgram(
        () => {
            const key = new PlatformKey("platform", args);
            return { keyArn: key.keyArn, keyId: key.keyId, aliasName: key.aliasName };
        },
        { stack: "test", config: { "aws:region": region } },
    );
}

function statement(policy: string, sid: string): any {
    const found = JSON.parse(policy).Statement.find((s: any) => s.Sid === sid);
    assert.ok(found, `statement ${sid} missing`);
    return found;
}

describe("secrets/PlatformKey", () => {
    it("creates a rotating symmetric CMK with a 30-day deletion window and its alias by default", async () => {
        const { resources, outputs } = await run({ aliasName: "ecs-platform-prod" });
        const [key] = ofType(resources, KEY);
        const [alias] = ofType(resources, ALIAS);
        assert.strictEqual(ofType(resources, KEY).length, 1);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.inputs.deletionWindowInDays, 30);
        assert.strictEqual(key.inputs.keyUsage, "ENCRYPT_DECRYPT");
        assert.strictEqual(key.inputs.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.strictEqual(alias.inputs.name, "alias/ecs-platform-prod");
        assert.strictEqual(alias.inputs.targetKeyId, key.state.keyId);
        assert.deepStrictEqual(outputs, {
            keyArn: key.state.arn,
            keyId: key.state.keyId,
            aliasName: "alias/ecs-platform-prod",
        });
        assert.strictEqual(key.options.protect, false);
        assert.strictEqual(key.options.retainOnDelete, false);
    });

    it("takes the staging deletion window and tags", async () => {
        const { resources } = await run({
            aliasName: "ecs-platform-staging",
            deletionWindowInDays: 7,
            tags: { env: "staging" },
        });
        const [key] = ofType(resources, KEY);
        assert.strictEqual(key.inputs.deletionWindowInDays, 7);
        assert.deepStrictEqual(key.inputs.tags, { env: "staging" });
    });

    it("lets the account root administer the key", async () => {
        const { resources } = await run({ aliasName: "k" });
        const root = statement(ofType(resources, KEY)[0].inputs.policy, "AccountRootAdministersKey");
        assert.deepStrictEqual(root, {
            Sid: "AccountRootAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FAKE_ACCOUNT_ID}:root` },
            Action: "kms:*",
            Resource: "*",
        });
    });

    it("lets CloudWatch Logs of the stack's region use the key only for this account's log groups", async () => {
        const { resources } = await run({ aliasName: "k" }, "us-east-2");
        const policy = ofType(resources, KEY)[0].inputs.policy;
        const logs = statement(policy, "CloudWatchLogsEncryptsLogGroups");
        assert.deepStrictEqual(logs.Principal, { Service: "logs.us-east-2.amazonaws.com" });
        assert.deepStrictEqual(logs.Action, [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
        ]);
        assert.deepStrictEqual(logs.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-2:${FAKE_ACCOUNT_ID}:log-group:*` },
        });
    });

    it("lets CloudWatch alarms publish to encrypted topics and Fargate encrypt ephemeral storage of this account only", async () => {
        const { resources } = await run({ aliasName: "k" });
        const policy = ofType(resources, KEY)[0].inputs.policy;
        const alarms = statement(policy, "CloudWatchAlarmsPublishToEncryptedTopics");
        assert.deepStrictEqual(alarms.Principal, { Service: "cloudwatch.amazonaws.com" });
        assert.deepStrictEqual(alarms.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
        // F12: scoped to this account's alarms, not CloudWatch of any account (confused deputy).
        assert.deepStrictEqual(alarms.Condition, { StringEquals: { "aws:SourceAccount": FAKE_ACCOUNT_ID } });
        const dataKeys = statement(policy, "FargateEncryptsEphemeralStorage");
        assert.deepStrictEqual(dataKeys.Condition, {
            StringEquals: { "kms:EncryptionContext:aws:ecs:clusterAccount": FAKE_ACCOUNT_ID },
        });
        const grants = statement(policy, "FargateGrantsDecryptForEphemeralStorage");
        assert.deepStrictEqual(grants.Condition["ForAllValues:StringEquals"], { "kms:GrantOperations": ["Decrypt"] });
        const sids = JSON.parse(policy).Statement.map((s: { Sid: string }) => s.Sid);
        assert.deepStrictEqual(sids, [
            "AccountRootAdministersKey",
            "CloudWatchLogsEncryptsLogGroups",
            "CloudWatchAlarmsPublishToEncryptedTopics",
            "FargateEncryptsEphemeralStorage",
            "FargateGrantsDecryptForEphemeralStorage",
        ]);
    });

    it("lets SNS deliver to encrypted queues only from the named topics, and not at all without any", async () => {
        const topic = `arn:aws:sns:eu-west-1:${FAKE_ACCOUNT_ID}:orders`;
        const other = `arn:aws:sns:eu-west-1:${FAKE_ACCOUNT_ID}:refunds`;
        const { resources } = await run({ aliasName: "k", snsTopicArns: [topic, other, topic] });
        const sns = statement(ofType(resources, KEY)[0].inputs.policy, "SnsTopicsDeliverToEncryptedQueues");
        assert.deepStrictEqual(sns.Principal, { Service: "sns.amazonaws.com" });
        assert.deepStrictEqual(sns.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
        assert.deepStrictEqual(sns.Condition, { ArnEquals: { "aws:SourceArn": [topic, other] } });
        const without = await run({ aliasName: "k" });
        const sids = JSON.parse(ofType(without.resources, KEY)[0].inputs.policy).Statement.map((s: any) => s.Sid);
        assert.ok(!sids.includes("SnsTopicsDeliverToEncryptedQueues"));
    });

    it("protects and retains the key when protect is on", async () => {
        const { resources } = await run({ aliasName: "k", protect: true });
        const [key] = ofType(resources, KEY);
        assert.strictEqual(key.options.protect, true);
        assert.strictEqual(key.options.retainOnDelete, true);
    });

    it("parents its children to the component", async () => {
        const { resources } = await run({ aliasName: "k" });
        const [component] = ofType(resources, "ecs-platform:index:PlatformKey");
        for (const child of [...ofType(resources, KEY), ...ofType(resources, ALIAS)]) {
            assert.strictEqual(child.parent, component.urn);
        }
    });

    for (const [label, args, message] of [
        [
            "a deletion window under 7 days",
            { aliasName: "k", deletionWindowInDays: 5 },
            /- deletionWindowInDays: must be an integer from 7 to 30/,
        ],
        ["a deletion window over 30 days", { aliasName: "k", deletionWindowInDays: 31 }, /deletionWindowInDays/],
        ["an alias with the alias/ prefix", { aliasName: "alias/k" }, /aliasName/],
        ["an alias in the reserved aws/ namespace", { aliasName: "aws/k" }, /aliasName/],
    ] as const) {
        it(`rejects ${label}`, async () => {
            await assert.rejects(
                run(args as PlatformKeyArgs),
                (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
            );
        });
    }
});
