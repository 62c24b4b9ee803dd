/**
 * A best-practice slice of the platform's prod stack, as fake resources for the ecr, iam, kms, secrets, logging and
 * tagging policy specs: what the components in components/ create (registry, platform key, logging, service
 * secrets, task roles, EC2 capacity and flow-log roles). Props are what the engine would pass after an update
 * (inputs plus the `name`/`arn`/`id` outputs that stack policies match on). Specs derive bad shapes with
 * {@link withProps}.
 */
import { fakeResource, type FakeLinks } from "./helpers";
import type { PolicyInputResource } from "../../policies/run";
import { renderLifecyclePolicy } from "../../components/registry";

export const account = "123456789012";
export const region = "eu-west-1";
export const tags = { environment: "prod", "managed-by": "pulumi", owner: "platform-team" };

export const keyArn = `arn:aws:kms:${region}:${account}:key/0d6f3a1e-2b7c-4c4e-9f51-6a1d2c3b4e5f`;
export const repositoryArn = `arn:aws:ecr:${region}:${account}:repository/api`;
export const logGroupName = "/ecs/prod/api";
export const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${logGroupName}`;
export const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:/prod/api/DB_PASSWORD-AbCdEf`;
export const registrySecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:/prod/api/registry-credentials-XyZ123`;
export const parameterArn = `arn:aws:ssm:${region}:${account}:parameter/prod/api/API_TOKEN`;
export const executionRoleArn = `arn:aws:iam::${account}:role/api-execution-1a2b3c4`;
export const taskRoleArn = `arn:aws:iam::${account}:role/api-task-5d6e7f8`;

export const typeTokens = {
    key: "aws:kms/key:Key",
    repository: "aws:ecr/repository:Repository",
    lifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    repositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    secret: "aws:secretsmanager/secret:Secret",
    secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
    parameter: "aws:ssm/parameter:Parameter",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
} as const;

/** `{"Version": "2012-10-17", "Statement": [...]}` as the components' `JSON.stringify` produces it. */
export function policyJson(...statements: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The ECS tasks trust policy of components/ecs/task-roles.ts. */
export const ecsTasksTrust = policyJson({
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
});

export const key = fakeResource(typeTokens.key, "platform-key", {
    description: "ecs-platform CMK (alias/ecs-platform-prod)",
    keyUsage: "ENCRYPT_DECRYPT",
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policyJson(
        {
            Sid: "AccountRootAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "CloudWatchLogsEncryptsLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${account}:log-group:*` },
            },
        },
    ),
    tags,
    arn: keyArn,
    id: "0d6f3a1e-2b7c-4c4e-9f51-6a1d2c3b4e5f",
});

export const repository = fakeResource(typeTokens.repository, "registry-api", {
    name: "api",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: keyArn }],
    forceDelete: false,
    tags,
    arn: repositoryArn,
    id: "api",
});

/** The lifecycle policy the registry component renders with its defaults. */
export const lifecycleDocument = renderLifecyclePolicy();

export const lifecyclePolicy = fakeResource(
    typeTokens.lifecyclePolicy,
    "registry-api-lifecycle",
    { repository: "api", policy: lifecycleDocument, registryId: account },
    { propertyDependencies: { repository: [repository.urn] } },
);

/** Cross-account pull (components/registry/registry.ts `pullAccountIds`). */
export const repositoryPolicy = fakeResource(
    typeTokens.repositoryPolicy,
    "registry-api-pull",
    {
        repository: "api",
        policy: policyJson({
            Sid: "CrossAccountPull",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::210987654321:root"] },
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        }),
    },
    { propertyDependencies: { repository: [repository.urn] } },
);

export const logGroup = fakeResource(typeTokens.logGroup, "logging-service-api", {
    name: logGroupName,
    retentionInDays: 90,
    kmsKeyId: keyArn,
    tags,
    arn: logGroupArn,
});

export const secret = fakeResource(typeTokens.secret, "secrets-DB_PASSWORD", {
    name: "/prod/api/DB_PASSWORD",
    kmsKeyId: keyArn,
    recoveryWindowInDays: 30,
    tags,
    arn: secretArn,
    id: secretArn,
});

export const secretRotation = fakeResource(
    typeTokens.secretRotation,
    "secrets-DB_PASSWORD-rotation",
    {
        secretId: secretArn,
        rotationLambdaArn: `arn:aws:lambda:${region}:${account}:function:rotate-db-password`,
        rotationRules: { automaticallyAfterDays: 30 },
    },
    { propertyDependencies: { secretId: [secret.urn] } },
);

/** Registry credentials: rotated by the registry's owner, so tagged out of band. */
export const registrySecret = fakeResource(typeTokens.secret, "secrets-registry-credentials", {
    name: "/prod/api/registry-credentials",
    kmsKeyId: keyArn,
    recoveryWindowInDays: 30,
    tags: { ...tags, rotation: "out-of-band" },
    arn: registrySecretArn,
    id: registrySecretArn,
});

export const parameter = fakeResource(typeTokens.parameter, "secrets-API_TOKEN", {
    name: "/prod/api/API_TOKEN",
    type: "SecureString",
    keyId: keyArn,
    value: "UNSET: write the value with `aws ssm put-parameter --overwrite`",
    tags,
    arn: parameterArn,
});

export const executionRole = fakeResource(typeTokens.role, "api-execution", {
    assumeRolePolicy: ecsTasksTrust,
    description: "ECS agent for api: image pull, logs, secrets",
    tags,
    name: "api-execution-1a2b3c4",
    id: "api-execution-1a2b3c4",
    arn: executionRoleArn,
});

export const taskRole = fakeResource(typeTokens.role, "api-task", {
    assumeRolePolicy: ecsTasksTrust,
    description: "Application role of api's tasks",
    tags,
    name: "api-task-5d6e7f8",
    id: "api-task-5d6e7f8",
    arn: taskRoleArn,
});

/** The execution role's `pull-and-log` policy (components/ecs/task-roles.ts). */
export const pullAndLogDocument = policyJson(
    { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    {
        Sid: "PullServiceImages",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [repositoryArn],
    },
    {
        Sid: "WriteServiceLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
    },
);

/** The execution role's `secrets` policy (components/secrets/service-secrets.ts). */
export const secretsDocument = policyJson(
    {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [secretArn, registrySecretArn],
    },
    { Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [parameterArn] },
    {
        Sid: "DecryptThroughSecretStores",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [keyArn],
        Condition: {
            StringEquals: {
                "kms:ViaService": [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`],
            },
        },
    },
);

/** An inline policy of `role` (aws.iam.RolePolicy with `role: role.name`). */
export function rolePolicy(role: PolicyInputResource, policyName: string, document: string): PolicyInputResource {
    return fakeResource(
        typeTokens.rolePolicy,
        `${role.name}-${policyName}`,
        { role: role.props.name, name: policyName, policy: document },
        { propertyDependencies: { role: [role.urn] } },
    );
}

export const pullAndLog = rolePolicy(executionRole, "pull-and-log", pullAndLogDocument);
export const secretsPolicy = rolePolicy(executionRole, "secrets", secretsDocument);

/** The task role's `ecs-exec` policy (components/ecs/task-roles.ts). */
export const ecsExec = rolePolicy(
    taskRole,
    "ecs-exec",
    policyJson(
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
        { Sid: "EcsExecDecryptChannel", Effect: "Allow", Action: ["kms:Decrypt"], Resource: keyArn },
    ),
);

export const containers = [
    {
        name: "api",
        image: `${account}.dkr.ecr.${region}.amazonaws.com/api:v1.4.2`,
        essential: true,
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "api" },
        },
        secrets: [
            { name: "DB_PASSWORD", valueFrom: secretArn },
            { name: "API_TOKEN", valueFrom: parameterArn },
        ],
    },
    {
        name: "sidecar",
        image: "docker.io/example/sidecar:2.1.0",
        essential: false,
        repositoryCredentials: { credentialsParameter: registrySecretArn },
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "sidecar" },
        },
    },
];

/** A task definition of the api service using `executionRole` and `taskRole`. */
export function taskDefinition(
    props: Record<string, unknown> = {},
    links: FakeLinks = { propertyDependencies: { executionRoleArn: [executionRole.urn], taskRoleArn: [taskRole.urn] } },
): PolicyInputResource {
    return fakeResource(
        typeTokens.taskDefinition,
        "api-task-definition",
        {
            family: "prod-api",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: "512",
            memory: "1024",
            containerDefinitions: JSON.stringify(containers),
            executionRoleArn,
            taskRoleArn,
            tags,
            ...props,
        },
        links,
    );
}

/** The ECS container instance role: EC2 trust and the AWS managed AmazonEC2ContainerServiceforEC2Role. */
export const instanceRole = fakeResource(typeTokens.role, "capacity-role", {
    assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "ec2.amazonaws.com" },
        Action: "sts:AssumeRole",
    }),
    tags,
    name: "capacity-role-9a8b7c6",
    arn: `arn:aws:iam::${account}:role/capacity-role-9a8b7c6`,
});

export const instanceRoleAttachment = fakeResource(
    typeTokens.rolePolicyAttachment,
    "capacity-role-ecs",
    {
        role: "capacity-role-9a8b7c6",
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    },
    { propertyDependencies: { role: [instanceRole.urn] } },
);

/** The VPC flow-log role (components/networking/networking.ts), scoped to its log group. */
export const flowLogRole = fakeResource(typeTokens.role, "flow-logs", {
    assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:${region}:${account}:vpc-flow-log/*` },
        },
    }),
    tags,
    name: "flow-logs-3c2b1a0",
    id: "flow-logs-3c2b1a0",
    arn: `arn:aws:iam::${account}:role/flow-logs-3c2b1a0`,
});

export const flowLogPolicy = rolePolicy(
    flowLogRole,
    "deliver",
    policyJson({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [
            `arn:aws:logs:${region}:${account}:log-group:/vpc/prod/flow-logs`,
            `arn:aws:logs:${region}:${account}:log-group:/vpc/prod/flow-logs:*`,
        ],
    }),
);

/** Every resource of the compliant stack. */
export function platformStack(): PolicyInputResource[] {
    return [
        key,
        repository,
        lifecyclePolicy,
        repositoryPolicy,
        logGroup,
        secret,
        secretRotation,
        registrySecret,
        parameter,
        executionRole,
        taskRole,
        pullAndLog,
        secretsPolicy,
        ecsExec,
        taskDefinition(),
        instanceRole,
        instanceRoleAttachment,
        flowLogRole,
        flowLogPolicy,
    ];
}

/** `resource` with some props replaced (`undefined` removes a prop). */
export function withProps(resource: PolicyInputResource, props: Record<string, unknown>): PolicyInputResource {
    const merged: Record<string, unknown> = { ...resource.props, ...props };
    for (const [k, v] of Object.entries(props)) {
        if (v === undefined) delete merged[k];
    }
    return { ...resource, props: merged };
}

/** `stack` with `replacement` in place of the resource with the same URN. */
export function replacing(stack: PolicyInputResource[], ...replacements: PolicyInputResource[]): PolicyInputResource[] {
    return stack.map(r => replacements.find(x => x.urn === r.urn) ?? r);
}
