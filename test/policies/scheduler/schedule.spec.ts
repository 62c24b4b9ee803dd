import { expectCompliant, expectViolation, fakeResource } from "../helpers";

const ROLE_ARN = "arn:aws:iam::123456789012:role/prod-nightly-scheduler";
const role = fakeResource("aws:iam/role:Role", "prod-nightly-scheduler", {
    arn: ROLE_ARN,
    name: "prod-nightly-scheduler",
});
const schedule = (assignPublicIp: boolean) =>
    fakeResource("aws:scheduler/schedule:Schedule", "prod-nightly", {
        scheduleExpression: "cron(0 2 * * ? *)",
        target: {
            arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
            roleArn: ROLE_ARN,
            ecsParameters: {
                taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-nightly:3",
                networkConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-job"], assignPublicIp },
            },
        },
    });
const rolePolicy = (runTaskResource: string, passRoleResource: string | string[]) =>
    fakeResource("aws:iam/rolePolicy:RolePolicy", "prod-nightly-scheduler-run-task", {
        role: "prod-nightly-scheduler",
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "ecs:RunTask", Resource: runTaskResource },
                { Effect: "Allow", Action: "iam:PassRole", Resource: passRoleResource },
            ],
        }),
    });
const SCOPED_TASK = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-nightly:*";
const TASK_ROLES = [
    "arn:aws:iam::123456789012:role/prod-nightly-execution",
    "arn:aws:iam::123456789012:role/prod-nightly-task",
];

describe("policies/scheduler/schedule", () => {
    describe("scheduler-task-private", () => {
        it("passes a scheduled task without a public IP", async () => {
            await expectCompliant("scheduler-task-private", [schedule(false)]);
        });

        it("flags a scheduled task with a public IP", async () => {
            await expectViolation("scheduler-task-private", [schedule(true)], { message: "gets a public IP" });
        });
    });

    describe("scheduler-role-scoped", () => {
        it("passes a role that runs one family and passes the task's two roles", async () => {
            await expectCompliant("scheduler-role-scoped", [
                schedule(false),
                role,
                rolePolicy(SCOPED_TASK, TASK_ROLES),
            ]);
        });

        it("flags RunTask or PassRole on every resource", async () => {
            await expectViolation("scheduler-role-scoped", [schedule(false), role, rolePolicy("*", TASK_ROLES)], {
                message: 'allows ecs:RunTask on "*"',
            });
            await expectViolation("scheduler-role-scoped", [schedule(false), role, rolePolicy(SCOPED_TASK, "*")], {
                message: 'allows iam:PassRole on "*"',
            });
        });
    });
});
