/** Roles ECS tasks use trust only the ECS tasks service, pinned to this account. */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { checkEachResource, policyConfig, readKnown, reportAdvisory, validateStackOfTypes } from "../lib";
import type { PlatformStackPolicy } from "../lib";
import { hasRestrictingCondition } from "./conditions";
import { allowStatements, describeStatement, parsePolicyDocument } from "./document";
import type { Statement } from "./document";
import { iamTypes } from "./identity";
import { taskRoleUses } from "./task-roles";

const ecsTasksPrincipal = "ecs-tasks.amazonaws.com";

const schema = {
    properties: {
        requireSourceCondition: {
            type: "boolean",
            default: true,
            description:
                "Require an aws:SourceAccount or aws:SourceArn condition on the trust statement (confused-deputy protection).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * The roles checked: every role a task definition names as `executionRoleArn` or `taskRoleArn`, and every role whose
 * trust policy mentions ecs-tasks.amazonaws.com. Each Allow statement of their trust policy must name only that
 * service principal (no accounts, `*` or other services: one role per purpose), and by default carry an
 * aws:SourceAccount / aws:SourceArn condition, as the ECS developer guide recommends against the confused deputy.
 */
export const iamEcsTrust: PlatformStackPolicy = {
    name: "iam-ecs-trust",
    description:
        "Checks that ECS task and execution roles trust only ecs-tasks.amazonaws.com, with a source account condition.",
    severity: "high",
    remediationSteps:
        'Use the trust policy `{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": <account id> } } }` and nothing else; give other services their own roles.',
    enforcementLevel: "advisory",
    tags: ["checkov:CKV_AWS_60", "checkov:CKV_AWS_61", "family:iam"],
    configSchema: schema,
    validateStack: validateStackOfTypes(iamTypes.role, (roles, args, reportViolation) => {
        const { requireSourceCondition } = policyConfig<{ requireSourceCondition: boolean }>(args, schema);
        const usedByTasks = new Set<PolicyResource>();
        for (const property of ["executionRoleArn", "taskRoleArn"] as const) {
            const uses = taskRoleUses(args.resources, property);
            uses.roles.forEach((_tasks, role) => usedByTasks.add(role));
            for (const taskDefinition of uses.unresolved) {
                reportAdvisory(
                    reportViolation,
                    taskDefinition.urn,
                    `cannot be checked during preview: ${property} is not known yet`,
                );
            }
        }
        const inScope = roles.filter(role => usedByTasks.has(role) || mentionsEcsTasks(role));
        checkEachResource(inScope, reportViolation, role => {
            const parsed = parsePolicyDocument(role.props.assumeRolePolicy);
            if (!parsed.ok) {
                reportViolation(`role ${role.name}: assumeRolePolicy ${parsed.reason}.`, role.urn);
                return;
            }
            const allows = allowStatements(parsed.statements);
            if (!allows.some(trustsEcsTasks)) {
                reportViolation(
                    `role ${role.name} is used by a task definition but does not trust ${ecsTasksPrincipal}.`,
                    role.urn,
                );
            }
            allows.forEach((statement, index) => {
                const label = `role ${role.name}, trust ${describeStatement(statement, index)}`;
                const others = otherPrincipals(statement);
                if (others.length > 0) {
                    reportViolation(`${label} also trusts ${others.join(", ")}.`, role.urn);
                }
                if (
                    requireSourceCondition &&
                    !hasRestrictingCondition(statement, ["aws:SourceAccount", "aws:SourceArn"])
                ) {
                    reportViolation(`${label} has no aws:SourceAccount or aws:SourceArn condition.`, role.urn);
                }
            });
        });
    }),
};

/** Whether the role's trust policy names the ECS tasks service (a role meant for tasks, used or not). */
function mentionsEcsTasks(role: PolicyResource): boolean {
    // An unknown trust policy is checked (and reported as unknown) if a task uses the role; otherwise it cannot be told apart.
    const text = readKnown(() => JSON.stringify(role.props.assumeRolePolicy ?? ""));
    return text.known && text.value.includes(ecsTasksPrincipal);
}

function trustsEcsTasks(statement: Statement): boolean {
    return (
        statement.principal !== "*" &&
        statement.principal?.Service?.includes(ecsTasksPrincipal) === true &&
        !statement.notPrincipal
    );
}

/** Principals of a trust statement other than the ECS tasks service. */
function otherPrincipals(statement: Statement): string[] {
    if (statement.notPrincipal) return ["everyone except its NotPrincipal"];
    if (statement.principal === "*") return ["*"];
    return Object.entries(statement.principal ?? {}).flatMap(([type, ids]) =>
        ids.filter(id => !(type === "Service" && id === ecsTasksPrincipal)).map(id => `${type} ${id}`),
    );
}
