import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";
import { Service, ServiceArgs } from "../../../components/ecs/service";
import { UNKNOWN } from "../../../testing/values";

/** Stack config every ECS spec runs with. */
export const STACK = { stack: "test", config: { "aws:region": "eu-west-1" } };

export const REPOSITORY_URL = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api";
export const REPOSITORY_ARN = "arn:aws:ecr:eu-west-1:123456789012:repository/api";
export const LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/test/api";
export const TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/0123456789abcdef";
export const GIT_SHA = "3f2a1c9";

/** Minimal valid args of a Fargate service with an ECR image by tag. */
export function baseArgs(overrides: Partial<ServiceArgs> = {}): ServiceArgs {
    return {
        serviceName: "api",
        environment: "test",
        clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/test",
        clusterName: "test",
        subnetIds: ["subnet-a", "subnet-b"],
        securityGroupIds: ["sg-tasks"],
        logGroupName: "/ecs/test/api",
        logGroupArn: LOG_GROUP_ARN,
        image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, tag: GIT_SHA },
        targetGroupArn: TARGET_GROUP_ARN,
        tags: { Environment: "test", Service: "api" },
        ...overrides,
    };
}

/** What one Service run produced: every captured resource, plus shortcuts to the ones most specs read. */
export interface ServiceRun {
    resources: CapturedResource[];
    outputs: Record<string, unknown>;
    taskDefinition: CapturedResource;
    /** The task definition's containers, parsed from its JSON; empty while the JSON is unknown (preview). */
    containers: any[];
    service: CapturedResource;
    /** The resource options each child was created with, by logical name (what the harness does not record). */
    options: Record<string, pulumi.CustomResourceOptions>;
    one(type: string): CapturedResource;
}

/** Runs one Service (plus whatever `before` creates first, e.g. secrets) against the fake cloud. */
export async function runService(
    args: ServiceArgs | ((extra: any) => ServiceArgs),
    options: { preview?: boolean; before?: () => any } = {},
): Promise<ServiceRun> {
    const resourceOptions: Record<string, pulumi.CustomResourceOptions> = {};
    // Legacy transformations run in-process and reach every child, so they see options such as customTimeouts.
    const record: pulumi.ResourceTransformation = ({ name, opts }) => {
        resourceOptions[name] = opts;
        return undefined;
    };
    const { resources, outputs } = await runProgram(
        () => {
            const extra = options.before?.();
            const service = new Service("api", typeof args === "function" ? args(extra) : args, {
                transformations: [record],
            });
            return {
                serviceName: service.serviceName,
                serviceArn: service.serviceArn,
                taskDefinitionArn: service.taskDefinitionArn,
                executionRoleArn: service.executionRoleArn,
                taskRoleArn: service.taskRoleArn,
                image: service.image,
            };
        },
        { ...STACK, preview: options.preview },
    );
    const one = (type: string) => {
        const found = ofType(resources, type);
        if (found.length !== 1) {
            throw new Error(`expected exactly one ${type}, found ${found.length}`);
        }
        return found[0];
    };
    const taskDefinition = one("aws:ecs/taskDefinition:TaskDefinition");
    return {
        resources,
        outputs,
        taskDefinition,
        containers:
            taskDefinition.inputs.containerDefinitions === UNKNOWN
                ? []
                : JSON.parse(taskDefinition.inputs.containerDefinitions),
        service: one("aws:ecs/service:Service"),
        options: resourceOptions,
        one,
    };
}

/** The parsed policy document of the role policy `<role>-<policyName>` (e.g. `api-execution-secrets`). */
export function rolePolicy(resources: CapturedResource[], logicalName: string): any {
    const found = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(r => r.name === logicalName);
    if (!found) {
        throw new Error(`no role policy ${logicalName}`);
    }
    return JSON.parse(found.inputs.policy);
}

/** Inline policy logical names attached to a role (`api-execution` or `api-task`). */
export function policiesOf(resources: CapturedResource[], roleLogicalName: string): string[] {
    const role = ofType(resources, "aws:iam/role:Role").find(r => r.name === roleLogicalName);
    if (!role) {
        throw new Error(`no role ${roleLogicalName}`);
    }
    return ofType(resources, "aws:iam/rolePolicy:RolePolicy")
        .filter(p => p.inputs.role === role.state.name)
        .map(p => p.inputs.name)
        .sort();
}

/**
 * What the secrets layer hands the ECS layer (like `ServiceSecrets`): a secret per variable holding `value`, its ARN,
 * and an execution-role policy reading exactly those secrets.
 */
export function fakeServiceSecrets(values: Record<string, string>) {
    const secretArns: Record<string, pulumi.Output<string>> = {};
    for (const [name, value] of Object.entries(values)) {
        const secret = new aws.secretsmanager.Secret(`secret-${name}`, { name: `/test/api/${name}` });
        new aws.secretsmanager.SecretVersion(`secret-${name}-version`, {
            secretId: secret.id,
            secretString: pulumi.secret(value),
        });
        secretArns[name] = secret.arn;
    }
    const executionRolePolicy = pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: Object.values(secretArns) },
        ],
    });
    return { secretArns, executionRolePolicy };
}

/** The error a Service with `args` is rejected with (fails the test when it is accepted). */
export async function rejection(args: ServiceArgs): Promise<string> {
    try {
        await runProgram(() => new Service("api", args), STACK);
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected the Service to reject its args");
}
