import * as assert from "assert";
import { ecsExecPolicy, ecsTasksTrustPolicy, executionRolePolicy } from "../../../components/ecs/task-roles";
import { ofType, promiseOf } from "../../../testing/harness";
import { baseArgs, LOG_GROUP_ARN, policiesOf, REPOSITORY_ARN, rolePolicy, runService } from "./service-fixtures";

const ROLE = "aws:iam/role:Role";
const SIDECAR_REPOSITORY_ARN = "arn:aws:ecr:eu-west-1:123456789012:repository/envoy";

async function document(json: Promise<string>) {
    return JSON.parse(await json);
}

describe("components/ecs/task-roles", () => {
    describe("policy documents", () => {
        it("trusts only ECS tasks of this account", async () => {
            const trust = await document(promiseOf(ecsTasksTrustPolicy("123456789012")));
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ]);
        });

        it("lets the execution role pull from exactly the repositories and write to exactly the log group", async () => {
            const policy = await document(
                promiseOf(
                    executionRolePolicy({
                        repositoryArns: [REPOSITORY_ARN, SIDECAR_REPOSITORY_ARN],
                        logGroupArn: LOG_GROUP_ARN,
                    }),
                ),
            );
            const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
            assert.deepStrictEqual(Object.keys(bySid).sort(), [
                "EcrAuthorizationToken",
                "PullServiceImages",
                "WriteServiceLogs",
            ]);
            assert.deepStrictEqual(bySid.EcrAuthorizationToken.Action, ["ecr:GetAuthorizationToken"]);
            assert.strictEqual(bySid.EcrAuthorizationToken.Resource, "*");
            assert.deepStrictEqual(bySid.PullServiceImages.Resource, [REPOSITORY_ARN, SIDECAR_REPOSITORY_ARN]);
            assert.deepStrictEqual(bySid.PullServiceImages.Action, [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ]);
            assert.strictEqual(bySid.WriteServiceLogs.Resource, `${LOG_GROUP_ARN}:*`);
            assert.deepStrictEqual(bySid.WriteServiceLogs.Action, ["logs:CreateLogStream", "logs:PutLogEvents"]);
        });

        it("grants no ECR access when no image comes from ECR", async () => {
            const policy = await document(
                promiseOf(executionRolePolicy({ repositoryArns: [], logGroupArn: LOG_GROUP_ARN })),
            );
            assert.deepStrictEqual(
                policy.Statement.map((s: any) => s.Sid),
                ["WriteServiceLogs"],
            );
        });

        it("grants ECS Exec its channels, and session logging and decryption only when configured", async () => {
            const bare = await document(promiseOf(ecsExecPolicy({})));
            assert.deepStrictEqual(
                bare.Statement.map((s: any) => s.Sid),
                ["EcsExecChannels"],
            );
            assert.deepStrictEqual(bare.Statement[0].Action, [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ]);
            const execLogGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/exec";
            const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/k";
            const full = await document(promiseOf(ecsExecPolicy({ logGroupArn: execLogGroup, kmsKeyArn: keyArn })));
            const bySid = Object.fromEntries(full.Statement.map((s: any) => [s.Sid, s]));
            assert.strictEqual(bySid.EcsExecWriteLogs.Resource, `${execLogGroup}:*`);
            assert.deepStrictEqual(bySid.EcsExecDecryptChannel, {
                Sid: "EcsExecDecryptChannel",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: keyArn,
            });
        });
    });

    describe("roles of a service", () => {
        it("creates two distinct roles, both trusting ECS tasks of this account, tagged", async () => {
            const { resources, outputs } = await runService(baseArgs());
            const roles = ofType(resources, ROLE);
            assert.deepStrictEqual(roles.map(r => r.name).sort(), ["api-execution", "api-task"]);
            assert.notStrictEqual(outputs.executionRoleArn, outputs.taskRoleArn);
            for (const role of roles) {
                const trust = JSON.parse(role.inputs.assumeRolePolicy);
                assert.deepStrictEqual(trust.Statement[0].Condition, {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                });
                assert.deepStrictEqual(role.inputs.tags, { Environment: "test", Service: "api" });
                assert.strictEqual(role.inputs.managedPolicyArns, undefined);
            }
            assert.strictEqual(
                ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length,
                0,
                "no managed policies",
            );
        });

        it("gives the task role no permissions by default, and the app's statements as the app policy", async () => {
            const bare = await runService(baseArgs());
            assert.deepStrictEqual(policiesOf(bare.resources, "api-task"), []);
            assert.deepStrictEqual(policiesOf(bare.resources, "api-execution"), ["pull-and-log"]);

            const withApp = await runService(
                baseArgs({
                    permissions: [
                        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::assets/*"] },
                        { sid: "Queue", actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:1:q"] },
                    ],
                }),
            );
            assert.deepStrictEqual(policiesOf(withApp.resources, "api-task"), ["app"]);
            assert.deepStrictEqual(rolePolicy(withApp.resources, "api-task-app").Statement, [
                { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::assets/*"] },
                { Sid: "Queue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:1:q"] },
            ]);
        });

        it("lets the execution role pull sidecar images from their ECR repositories too", async () => {
            const { resources } = await runService(
                baseArgs({ sidecars: [{ name: "envoy", image: "envoy:v1", repositoryArn: SIDECAR_REPOSITORY_ARN }] }),
            );
            const pull = rolePolicy(resources, "api-execution-pull-and-log").Statement.find(
                (s: any) => s.Sid === "PullServiceImages",
            );
            assert.deepStrictEqual(pull.Resource, [REPOSITORY_ARN, SIDECAR_REPOSITORY_ARN]);
        });

        it("makes the task definition wait for every inline policy", async () => {
            const { resources, taskDefinition } = await runService(
                baseArgs({
                    permissions: [
                        { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:q"] },
                    ],
                }),
            );
            const policyUrns = ofType(resources, "aws:iam/rolePolicy:RolePolicy")
                .map(p => p.urn)
                .sort();
            assert.strictEqual(policyUrns.length, 2);
            assert.deepStrictEqual([...taskDefinition.options.dependsOn].sort(), policyUrns);
        });
    });
});
