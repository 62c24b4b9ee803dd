import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";
import type { TaskPermissionArgs } from "./task-definition";

/**
 * The two IAM roles of a service's tasks, always distinct:
 * - the execution role, used by the ECS agent to pull the image, write logs and resolve secrets before the app starts;
 * - the task role, whose credentials the app itself gets: nothing by default.
 * Both only by inline policies built here (no managed policies), each statement on exact ARNs where IAM allows it.
 */

/** An IAM policy statement, as JSON-stringified into a policy document. */
export type PolicyStatement = aws.iam.PolicyStatement;

/** `{"Version": "2012-10-17", "Statement": [...]}` as a JSON string, with every Input resolved. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** The task role's `app` policy: each permission an Allow statement, in the order given. */
export function permissionsPolicy(permissions: TaskPermissionArgs[]): pulumi.Output<string> {
    return policyDocument(
        permissions.map(p => ({
            ...(p.sid !== undefined ? { Sid: p.sid } : {}),
            Effect: "Allow" as const,
            Action: p.actions,
            Resource: p.resources,
        })),
    );
}

/**
 * Trust policy letting ECS tasks of this account assume a role. `aws:SourceAccount` stops another account's tasks
 * from assuming it through the service principal (confused deputy).
 */
export function ecsTasksTrustPolicy(accountId: pulumi.Input<string>): pulumi.Output<string> {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/** What the execution role needs beyond secrets. */
export interface ExecutionGrants {
    /** ECR repositories the task's images come from; empty when none is in ECR. */
    repositoryArns: pulumi.Input<string>[];
    /** The service's log group ARN (without the trailing `:*`). */
    logGroupArn: pulumi.Input<string>;
}

/** The execution role's `pull-and-log` policy: pull from exactly these repositories, write to exactly this log group. */
export function executionRolePolicy(grants: ExecutionGrants): pulumi.Output<string> {
    const ecr: PolicyStatement[] =
        grants.repositoryArns.length === 0
            ? []
            : [
                  // GetAuthorizationToken has no resource-level permissions: IAM only accepts "*" for it.
                  {
                      Sid: "EcrAuthorizationToken",
                      Effect: "Allow",
                      Action: ["ecr:GetAuthorizationToken"],
                      Resource: "*",
                  },
                  {
                      Sid: "PullServiceImages",
                      Effect: "Allow",
                      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                      Resource: grants.repositoryArns,
                  },
              ];
    return policyDocument([
        ...ecr,
        {
            Sid: "WriteServiceLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${grants.logGroupArn}:*`,
        },
    ]);
}

/** Where ECS Exec sessions are logged and encrypted (the cluster's `executeCommandConfiguration`). */
export interface ExecSessionGrants {
    /** Log group the cluster sends session output to. Default: none (no session logging grants). */
    logGroupArn?: pulumi.Input<string>;
    /** KMS key the cluster encrypts the session data channel with. Default: none (no kms grant). */
    kmsKeyArn?: pulumi.Input<string>;
}

/**
 * The task role's `ecs-exec` policy: the SSM agent ECS injects opens its channels with the task's credentials.
 * The ssmmessages actions have no resource-level permissions, so IAM only accepts "*" for them.
 */
export function ecsExecPolicy(session: ExecSessionGrants): pulumi.Output<string> {
    const statements: PolicyStatement[] = [
        {
            Sid: "EcsExecChannels",
            Effect: "Allow",
            Action: [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ],
            Resource: "*",
        },
    ];
    if (session.logGroupArn) {
        statements.push(
            // The agent looks the group up before writing; DescribeLogGroups cannot be scoped to one group.
            { Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
            {
                Sid: "EcsExecWriteLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${session.logGroupArn}:*`,
            },
        );
    }
    if (session.kmsKeyArn) {
        statements.push({
            Sid: "EcsExecDecryptChannel",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: session.kmsKeyArn,
        });
    }
    return policyDocument(statements);
}

/** Everything the two roles are built from. */
export interface TaskRolesArgs {
    /** Account the tasks run in (trust policy condition). */
    accountId: pulumi.Input<string>;
    /** Image pull and log grants of the execution role. */
    execution: ExecutionGrants;
    /** The secrets layer's complete policy document, attached as the execution role's `secrets` policy; undefined when there are no secrets. */
    secretsPolicy?: pulumi.Input<string>;
    /** Task role inline policies, policy name → document; empty for a task role without permissions. */
    taskPolicies: Record<string, pulumi.Input<string>>;
    /** Tags set on both roles. */
    tags: Tags;
}

/** The roles and every inline policy attached to them (the task definition waits for the policies). */
export interface TaskRoles {
    executionRole: aws.iam.Role;
    taskRole: aws.iam.Role;
    policies: aws.iam.RolePolicy[];
}

/** Creates the execution role and the task role of service `name`, children of `parent`. */
export function createTaskRoles(name: string, parent: pulumi.Resource, args: TaskRolesArgs): TaskRoles {
    const trust = ecsTasksTrustPolicy(args.accountId);
    const executionRole = new aws.iam.Role(
        `${name}-execution`,
        { assumeRolePolicy: trust, description: `ECS agent for ${name}: image pull, logs, secrets`, tags: args.tags },
        { parent },
    );
    const taskRole = new aws.iam.Role(
        `${name}-task`,
        { assumeRolePolicy: trust, description: `Application role of ${name}'s tasks`, tags: args.tags },
        { parent },
    );

    const executionPolicies: Record<string, pulumi.Input<string>> = {
        "pull-and-log": executionRolePolicy(args.execution),
        ...(args.secretsPolicy !== undefined ? { secrets: args.secretsPolicy } : {}),
    };
    const policies = [
        ...inlinePolicies(`${name}-execution`, executionRole, executionPolicies, parent),
        ...inlinePolicies(`${name}-task`, taskRole, args.taskPolicies, parent),
    ];
    return { executionRole, taskRole, policies };
}

function inlinePolicies(
    prefix: string,
    role: aws.iam.Role,
    documents: Record<string, pulumi.Input<string>>,
    parent: pulumi.Resource,
): aws.iam.RolePolicy[] {
    return Object.entries(documents).map(
        ([policyName, policy]) =>
            new aws.iam.RolePolicy(
                `${prefix}-${policyName}`,
                { role: role.name, name: policyName, policy },
                { parent },
            ),
    );
}
