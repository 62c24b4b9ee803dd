/**
 * The example program, tested with the offline kit only: run it under mocks, then run a policy pack assembled from
 * a selection of ecs-platform-policies over what it registered, through @pulumi/policy's own handlers.
 */
import * as assert from "node:assert/strict";
import { selectPolicies } from "../../../policies/library";
import { analyzerResources, analyzeWithPolicyServer, ofType, runProgram } from "../../../testing/index";
import { queueWorker, type QueueWorkerArgs } from "../program";

const project = "queue-worker";
const stack = "dev";
const config = { "aws:region": "us-east-1" };

/** This team's pack: three policies picked from the platform's library, all mandatory. */
const pack = {
    policies: selectPolicies(["resource-policy-not-public", "kms-rotation", "kms-deletion-window"]),
    pack: { name: "queue-worker-policies", version: "0.1.0", enforcementLevel: "mandatory" as const },
};

async function check(args: QueueWorkerArgs, preview = false) {
    const run = await runProgram(() => queueWorker(args), { stack, project, config, preview });
    const resources = analyzerResources(run, { stack, project, config });
    return { run, result: await analyzeWithPolicyServer(resources, { ...pack, policies: [...pack.policies] }) };
}

describe("examples/queue-worker", () => {
    it("registers the topic, both queues, the queue policy and the subscription", async () => {
        const { run } = await check({});
        assert.deepEqual(run.resources.map(r => r.type).sort(), [
            "aws:kms/key:Key",
            "aws:sns/topic:Topic",
            "aws:sns/topicSubscription:TopicSubscription",
            "aws:sqs/queue:Queue",
            "aws:sqs/queue:Queue",
            "aws:sqs/queuePolicy:QueuePolicy",
        ]);
        const [policy] = ofType(run.resources, "aws:sqs/queuePolicy:QueuePolicy");
        assert.match(policy.inputs.policy, /"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:jobs-[0-9a-f]{7}"/);
    });

    it("passes the assembled pack", async () => {
        const { result } = await check({});
        assert.deepEqual(result.violations, []);
    });

    it("is blocked by the pack when the queue is open to everyone", async () => {
        const { result } = await check({ openToEveryone: true });
        assert.deepEqual(
            result.violations.map(v => [v.policy, v.enforcementLevel]),
            [["resource-policy-not-public", "mandatory"]],
        );
        assert.match(result.violations[0].message, /statement "TopicSends" allows sqs:SendMessage to everyone/);
    });

    it("in a first preview, notes what cannot be checked yet instead of passing or blocking", async () => {
        const { result } = await check({}, true);
        assert.ok(result.violations.length > 0);
        for (const violation of result.violations) {
            assert.equal(violation.enforcementLevel, "advisory");
            assert.match(
                violation.message,
                /^can't run policy '.+' from policy pack 'queue-worker-policies@v0\.1\.0' during preview/,
            );
        }
    });
});
