/**
 * Least privilege for ECS task execution roles. The execution role is what the ECS agent uses before the
 * application runs: it pulls the image, creates log streams, and fetches the secrets injected into containers.
 * "Least privilege" here means every Allow statement of every policy that reaches the role (inline, RolePolicy,
 * attached customer managed policies) grants only these actions, each written out (no wildcard, no NotAction, no
 * NotResource), on these resources:
 *
 * | action | resources |
 * |---|---|
 * | `ecr:GetAuthorizationToken` | any (the action has no resource-level permissions, so `*` is required) |
 * | `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchGetImage` | ECR repository ARNs naming a repository (`repository/*` only with allowPullFromAnyRepository) |
 * | `logs:CreateLogStream`, `logs:PutLogEvents` | log-group ARNs of the `awslogs-group`s of the task definitions using the role |
 * | `secretsmanager:GetSecretValue` | secret ARNs (or ARN patterns) matching a secret those task definitions reference (`secrets`, log `secretOptions`, `repositoryCredentials`) |
 * | `ssm:GetParameters` | parameter ARNs matching a parameter those task definitions reference |
 * | `kms:Decrypt` | key ARNs naming a key (`key/<id>`, never `*` or `key/*`) |
 *
 * AWS managed policies are rejected unless listed in allowedManagedPolicies: their content is not in the stack, and
 * AmazonECSTaskExecutionRolePolicy grants log writes and image pulls on `*`. Customer managed policies that are not in
 * the stack cannot be checked and are reported. A task definition whose execution role is outside the stack is
 * reported unless its ARN matches allowedExternalRoleArns.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    checkEachResource,
    containerDefinitions,
    policyConfig,
    reportAdvisory,
    validateStackOfTypes,
    types,
} from "../lib";
import type { PlatformStackPolicy } from "../lib";
import {
    describeStatement,
    isUnscopedResource,
    isWildcardAction,
    parseArn,
    parsePolicyDocument,
    wildcardMatches,
} from "./document";
import type { Statement } from "./document";
import { managedPolicyListed } from "./identity";
import { rolePermissions } from "./role-permissions";
import { taskRoleUses } from "./task-roles";

/** What the task definitions using one execution role need. */
interface TaskNeeds {
    /** `awslogs-group` names. */
    logGroups: Set<string>;
    /** Secrets Manager secret ARNs, without `:json-key:stage:version` suffixes. */
    secretArns: string[];
    /** SSM parameter names with a leading `/` (from ARNs or plain names). */
    parameterNames: string[];
}

interface Settings {
    allowedManagedPolicies: string[];
    allowPullFromAnyRepository: boolean;
    allowedExternalRoleArns: string[];
}

/** Checks one resource of a granted action; returns the problem, or `undefined` when the resource is allowed. */
type ResourceCheck = (resource: string, needs: TaskNeeds, settings: Settings) => string | undefined;

const anyResource: ResourceCheck = () => undefined;

const repositoryResource: ResourceCheck = (resource, _needs, settings) => {
    const arn = parseArn(resource);
    if (
        settings.allowPullFromAnyRepository &&
        (resource === "*" || (arn?.service === "ecr" && isUnscopedResource(resource, "ecr", "repository")))
    ) {
        return undefined;
    }
    if (
        arn?.service !== "ecr" ||
        !arn.resource.startsWith("repository/") ||
        isUnscopedResource(resource, "ecr", "repository")
    ) {
        return `${resource} is not a specific ECR repository ARN`;
    }
    return undefined;
};

const logGroupResource: ResourceCheck = (resource, needs) => {
    const arn = parseArn(resource);
    if (arn?.service !== "logs" || !arn.resource.startsWith("log-group:")) {
        return `${resource} is not a log group ARN`;
    }
    const group = arn.resource.slice("log-group:".length).split(":")[0] ?? "";
    return needs.logGroups.has(group)
        ? undefined
        : `log group ${group} is not an awslogs-group of the task definitions using this role`;
};

const secretResource: ResourceCheck = (resource, needs) => {
    const arn = parseArn(resource);
    if (
        arn?.service !== "secretsmanager" ||
        !arn.resource.startsWith("secret:") ||
        isUnscopedResource(resource, "secretsmanager", "secret")
    ) {
        return `${resource} is not a specific Secrets Manager secret ARN`;
    }
    // A referenced ARN may be partial (no random suffix): the grant then names it with the suffix or a pattern.
    const referenced = needs.secretArns.some(ref => wildcardMatches(resource, ref) || resource.startsWith(`${ref}-`));
    return referenced ? undefined : `secret ${resource} is not referenced by the task definitions using this role`;
};

const parameterResource: ResourceCheck = (resource, needs) => {
    const arn = parseArn(resource);
    if (
        arn?.service !== "ssm" ||
        !arn.resource.startsWith("parameter/") ||
        isUnscopedResource(resource, "ssm", "parameter")
    ) {
        return `${resource} is not a specific SSM parameter ARN`;
    }
    const name = `/${arn.resource.slice("parameter/".length).replace(/^\//, "")}`;
    return needs.parameterNames.some(ref => wildcardMatches(name, ref))
        ? undefined
        : `parameter ${name} is not referenced by the task definitions using this role`;
};

const keyResource: ResourceCheck = resource => {
    const arn = parseArn(resource);
    return arn?.service === "kms" && arn.resource.startsWith("key/") && !isUnscopedResource(resource, "kms", "key")
        ? undefined
        : `${resource} is not a specific KMS key ARN`;
};

/** The only actions an execution role may have, lower-cased, with the resources each may name. */
const allowedGrants = new Map<string, ResourceCheck>([
    ["ecr:getauthorizationtoken", anyResource],
    ["ecr:batchchecklayeravailability", repositoryResource],
    ["ecr:getdownloadurlforlayer", repositoryResource],
    ["ecr:batchgetimage", repositoryResource],
    ["logs:createlogstream", logGroupResource],
    ["logs:putlogevents", logGroupResource],
    ["secretsmanager:getsecretvalue", secretResource],
    ["ssm:getparameters", parameterResource],
    ["kms:decrypt", keyResource],
]);

const schema = {
    properties: {
        allowedManagedPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "AWS managed policies accepted on an execution role (path/name or bare name), e.g. service-role/AmazonECSTaskExecutionRolePolicy.",
        },
        allowPullFromAnyRepository: {
            type: "boolean",
            default: false,
            description: "Accept the ECR pull actions on every repository (`*` or `repository/*`).",
        },
        allowedExternalRoleArns: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "ARN patterns (`*` wildcards) of execution roles managed outside the stack, which cannot be checked here.",
        },
    },
} satisfies PolicyConfigSchema;

export const iamExecRoleLeastPrivilege: PlatformStackPolicy = {
    name: "iam-exec-role-least-privilege",
    description:
        "Checks that ECS task execution roles grant only image pulls, log writes to their tasks' log groups, and reads of the secrets their tasks reference.",
    severity: "high",
    remediationSteps:
        'Give the execution role one inline policy: ecr:GetAuthorizationToken on "*"; ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage on the repository ARNs; logs:CreateLogStream, logs:PutLogEvents on `${logGroup.arn}:*`; secretsmanager:GetSecretValue / ssm:GetParameters on the exact secret and parameter ARNs in the containers\' `secrets`; kms:Decrypt on the key ARN that encrypts them. Put everything else on the task role.',
    enforcementLevel: "mandatory",
    tags: ["family:iam"],
    configSchema: schema,
    validateStack: validateStackOfTypes(types.ecsTaskDefinition, (_taskDefinitions, args, reportViolation) => {
        const settings = policyConfig<Settings>(args, schema);
        const uses = taskRoleUses(args.resources, "executionRoleArn");
        for (const taskDefinition of uses.unresolved) {
            reportAdvisory(
                reportViolation,
                taskDefinition.urn,
                "cannot be checked during preview: executionRoleArn is not known yet",
            );
        }
        for (const { taskDefinition, arn } of uses.external) {
            if (!settings.allowedExternalRoleArns.some(pattern => wildcardMatches(pattern, arn))) {
                reportViolation(
                    `task definition ${taskDefinition.name} uses execution role ${arn}, which is not defined in this stack, so its permissions cannot be checked.`,
                    taskDefinition.urn,
                );
            }
        }
        checkEachResource([...uses.roles.keys()], reportViolation, role => {
            const needs = taskNeeds(uses.roles.get(role) ?? []);
            const permissions = rolePermissions(role, args.resources);
            const report = (message: string) => reportViolation(`execution role ${role.name}: ${message}`, role.urn);
            for (const name of permissions.awsManagedPolicies) {
                if (!managedPolicyListed(name, settings.allowedManagedPolicies)) {
                    report(
                        `attaches the AWS managed policy ${name}, which grants more than its tasks need (or cannot be checked).`,
                    );
                }
            }
            for (const arn of permissions.unresolvedPolicyArns) {
                report(
                    `attaches ${arn}, a customer managed policy that is not defined in this stack, so it cannot be checked.`,
                );
            }
            for (const { label, document } of permissions.documents) {
                const parsed = parsePolicyDocument(document);
                if (!parsed.ok) {
                    report(`${label} ${parsed.reason}.`);
                    continue;
                }
                parsed.statements.forEach((statement, index) => {
                    for (const problem of statementProblems(statement, needs, settings)) {
                        report(`${label}, ${describeStatement(statement, index)}: ${problem}.`);
                    }
                });
            }
        });
    }),
};

/** Why an Allow statement grants more than an execution role needs (nothing for Deny statements). */
function statementProblems(statement: Statement, needs: TaskNeeds, settings: Settings): string[] {
    if (statement.effect !== "Allow") return [];
    if (statement.notActions) return [`NotAction [${statement.notActions.join(", ")}] grants every other action`];
    if (statement.notResources)
        return [`NotResource [${statement.notResources.join(", ")}] grants every other resource`];
    const problems: string[] = [];
    for (const action of statement.actions) {
        const check = allowedGrants.get(action.toLowerCase());
        if (!check) {
            problems.push(
                isWildcardAction(action)
                    ? `wildcard action ${action}; list the execution role's actions one by one`
                    : `${action} is not an action an execution role needs (move it to the task role)`,
            );
            continue;
        }
        for (const resource of statement.resources) {
            const problem = check(resource, needs, settings);
            if (problem) problems.push(`${action} on ${problem}`);
        }
    }
    return problems;
}

/** What the task definitions using a role read: log groups, secrets and parameters. */
function taskNeeds(taskDefinitions: readonly PolicyResource[]): TaskNeeds {
    const needs: TaskNeeds = { logGroups: new Set(), secretArns: [], parameterNames: [] };
    for (const taskDefinition of taskDefinitions) {
        for (const container of containerDefinitions(taskDefinition.props) ?? []) {
            const logging = container.logConfiguration;
            const group = logging?.options?.["awslogs-group"];
            if (logging?.logDriver === "awslogs" && group) needs.logGroups.add(group);
            const references = [
                ...(container.secrets ?? []).map(s => s.valueFrom),
                ...(logging?.secretOptions ?? []).map(s => s.valueFrom),
                container.repositoryCredentials?.credentialsParameter,
            ];
            for (const reference of references) {
                if (reference) addSecretReference(needs, reference);
            }
        }
    }
    return needs;
}

function addSecretReference(needs: TaskNeeds, valueFrom: string): void {
    const arn = parseArn(valueFrom);
    if (arn?.service === "secretsmanager") {
        // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
        needs.secretArns.push(valueFrom.split(":").slice(0, 7).join(":"));
    } else if (arn?.service === "ssm") {
        needs.parameterNames.push(`/${arn.resource.slice("parameter/".length).replace(/^\//, "")}`);
    } else if (arn === undefined) {
        needs.parameterNames.push(`/${valueFrom.replace(/^\//, "")}`);
    }
}
