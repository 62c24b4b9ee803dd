import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import {
    executionRole,
    keyArn,
    logGroupArn,
    platformStack,
    policyJson,
    pullAndLog,
    replacing,
    rolePolicy,
    secretArn,
    secretsPolicy,
    typeTokens,
    taskDefinition,
    withProps,
} from "../platform-stack";

const name = "iam-exec-role-least-privilege";

/** The platform stack with the execution role's `pull-and-log` document replaced. */
function withPullAndLog(...statements: object[]) {
    return replacing(platformStack(), withProps(pullAndLog, { policy: policyJson(...statements) }));
}

describe("policies/iam/execution-role", () => {
    describe("iam-exec-role-least-privilege", () => {
        it("passes the platform's execution role (scoped pull-and-log and secrets policies)", async () => {
            await expectCompliant(name, platformStack());
        });

        it("flags ECR pulls and log writes on *", async () => {
            const violations = await expectViolation(
                name,
                withPullAndLog({ Effect: "Allow", Action: ["ecr:BatchGetImage", "logs:PutLogEvents"], Resource: "*" }),
                { urn: executionRole.urn, message: "ecr:BatchGetImage on * is not a specific ECR repository ARN" },
            );
            assert.ok(violations.some(v => v.message.includes("logs:PutLogEvents on * is not a log group ARN")));
        });

        it("flags log writes to a log group its tasks do not use", async () => {
            const otherGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod/worker:*";
            await expectViolation(
                name,
                withPullAndLog({ Effect: "Allow", Action: ["logs:CreateLogStream"], Resource: otherGroup }),
                {
                    message:
                        "log group /ecs/prod/worker is not an awslogs-group of the task definitions using this role",
                },
            );
        });

        it("flags actions an execution role does not need, wildcards and NotAction", async () => {
            const violations = await expectViolation(
                name,
                withPullAndLog(
                    {
                        Sid: "Extra",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "ecr:*"],
                        Resource: "arn:aws:s3:::bucket/*",
                    },
                    { Sid: "Everything", Effect: "Allow", NotAction: "iam:*", Resource: "*" },
                ),
                { message: 'statement "Extra": s3:GetObject is not an action an execution role needs' },
            );
            assert.ok(violations.some(v => v.message.includes("wildcard action ecr:*")));
            assert.ok(violations.some(v => v.message.includes('"Everything": NotAction [iam:*]')));
        });

        it("flags secrets on * and secrets no task references, and decrypt on every key", async () => {
            const document = policyJson(
                {
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue"],
                    Resource: ["*", secretArn.replace("DB_PASSWORD", "OTHER")],
                },
                {
                    Effect: "Allow",
                    Action: ["ssm:GetParameters"],
                    Resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/other/*",
                },
                { Effect: "Allow", Action: ["kms:Decrypt"], Resource: "arn:aws:kms:eu-west-1:123456789012:key/*" },
            );
            const violations = await expectViolation(
                name,
                replacing(platformStack(), withProps(secretsPolicy, { policy: document })),
                {
                    message: "secretsmanager:GetSecretValue on * is not a specific Secrets Manager secret ARN",
                },
            );
            const messages = violations.map(v => v.message).join("\n");
            assert.match(messages, /secret:\/prod\/api\/OTHER-AbCdEf is not referenced by the task definitions/);
            assert.match(messages, /parameter \/prod\/other\/\* is not referenced/);
            assert.match(
                messages,
                /kms:Decrypt on arn:aws:kms:eu-west-1:123456789012:key\/\* is not a specific KMS key ARN/,
            );
        });

        it("accepts secret ARN patterns that match a referenced secret", async () => {
            const document = policyJson(
                {
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue"],
                    Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/prod/api/*",
                },
                {
                    Effect: "Allow",
                    Action: ["ssm:GetParameters"],
                    Resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/API_TOKEN",
                },
                { Effect: "Allow", Action: ["kms:Decrypt"], Resource: keyArn },
            );
            await expectCompliant(name, replacing(platformStack(), withProps(secretsPolicy, { policy: document })));
        });

        it("flags the AWS managed execution policy unless allow-listed", async () => {
            const attachment = fakeResource(
                typeTokens.rolePolicyAttachment,
                "api-execution-managed",
                {
                    role: executionRole.props.name,
                    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                },
                { propertyDependencies: { role: [executionRole.urn] } },
            );
            await expectViolation(name, [...platformStack(), attachment], {
                message: "AWS managed policy service-role/AmazonECSTaskExecutionRolePolicy",
            });
            await expectCompliant(name, [...platformStack(), attachment], {
                config: { [name]: { allowedManagedPolicies: ["AmazonECSTaskExecutionRolePolicy"] } },
            });
        });

        it("checks attached customer managed policies in the stack, and flags those outside it", async () => {
            const customer = fakeResource(typeTokens.policy, "extra", {
                policy: policyJson({
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: "arn:aws:sqs:eu-west-1:123456789012:q",
                }),
                arn: "arn:aws:iam::123456789012:policy/extra",
            });
            const attach = (policyArn: string) =>
                fakeResource(typeTokens.rolePolicyAttachment, `attach-${policyArn.length}`, {
                    role: executionRole.props.name,
                    policyArn,
                });
            await expectViolation(
                name,
                [...platformStack(), customer, attach("arn:aws:iam::123456789012:policy/extra")],
                {
                    message: "aws.iam.Policy extra, statement #1: sqs:SendMessage is not an action",
                },
            );
            await expectViolation(name, [...platformStack(), attach("arn:aws:iam::123456789012:policy/elsewhere")], {
                message: "not defined in this stack, so it cannot be checked",
            });
        });

        it("checks inline policies on the role itself", async () => {
            const role = withProps(executionRole, {
                inlinePolicies: [
                    {
                        name: "extra",
                        policy: policyJson({ Effect: "Allow", Action: "logs:DeleteLogGroup", Resource: logGroupArn }),
                    },
                ],
            });
            await expectViolation(name, replacing(platformStack(), role), {
                message: 'inline policy "extra", statement #1: logs:DeleteLogGroup',
            });
        });

        it("reports a RolePolicy once when the role's inlinePolicies output lists it too", async () => {
            const document = policyJson({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" });
            const stack = replacing(
                platformStack(),
                withProps(pullAndLog, { policy: document }),
                withProps(executionRole, { inlinePolicies: [{ name: "pull-and-log", policy: document }] }),
            );
            const violations = await expectViolation(name, stack, {
                message: "aws.iam.RolePolicy api-execution-pull-and-log",
            });
            assert.equal(violations.filter(v => v.message.includes("s3:ListBucket")).length, 1);
        });

        it("flags an execution role outside the stack unless its ARN is allow-listed", async () => {
            const external = "arn:aws:iam::123456789012:role/shared-execution";
            const stack = replacing(platformStack(), taskDefinition({ executionRoleArn: external }, {}));
            await expectViolation(name, stack, {
                message: `execution role ${external}, which is not defined in this stack`,
            });
            const violations = await violationsOf(name, stack, {
                config: { [name]: { allowedExternalRoleArns: ["arn:aws:iam::*:role/shared-*"] } },
            });
            assert.deepEqual(violations, []);
        });

        it("allows pulls from every repository only when configured", async () => {
            const stack = withPullAndLog(
                { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/*",
                },
            );
            await expectViolation(name, stack, { message: "is not a specific ECR repository ARN" });
            await expectCompliant(name, stack, { config: { [name]: { allowPullFromAnyRepository: true } } });
        });

        it("is advisory in a preview while a policy document of the role is unknown", async () => {
            const unknownDocument = withProps(pullAndLog, { policy: UNKNOWN });
            await expectPreviewAdvisory(name, replacing(platformStack(), unknownDocument), { urn: executionRole.urn });
        });

        it("is advisory in a preview while the container definitions are unknown", async () => {
            await expectPreviewAdvisory(
                name,
                replacing(platformStack(), taskDefinition({ containerDefinitions: UNKNOWN })),
                { urn: executionRole.urn },
            );
        });

        it("is advisory in a preview for a task definition whose execution role cannot be resolved", async () => {
            const unresolved = taskDefinition({ executionRoleArn: UNKNOWN }, {});
            await expectPreviewAdvisory(name, replacing(platformStack(), unresolved), { urn: unresolved.urn });
        });

        it("matches role policies to the role through dependencies when the role name is unknown", async () => {
            const stack = replacing(
                platformStack(),
                withProps(pullAndLog, { role: UNKNOWN }),
                withProps(secretsPolicy, { role: UNKNOWN }),
            );
            const extra = withProps(
                rolePolicy(
                    executionRole,
                    "extra",
                    policyJson({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }),
                ),
                {
                    role: UNKNOWN,
                },
            );
            const violations = await violationsOf(name, [...stack, extra], { preview: true });
            assert.ok(
                violations.some(v => v.enforcementLevel === "mandatory" && v.message.includes("s3:ListBucket")),
                JSON.stringify(violations),
            );
        });
    });
});
