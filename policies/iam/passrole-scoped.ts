/** iam:PassRole is granted on named roles, never on every role. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { grantsAction, hasConditionKey, isUnscopedResource } from "./document";
import { checkAllowStatements, identityDocumentTypes } from "./identity";

const schema = {
    properties: {
        allowWithPassedToServiceCondition: {
            type: "boolean",
            default: false,
            description: "Accept all roles when the statement has an iam:PassedToService condition.",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Passing any role lets the holder hand a more privileged role to a service it controls (privilege escalation).
 * A statement is unscoped when its resource is `*`, `NotResource`, or `arn:…:iam::…:role/*`.
 */
export const iamPassroleScoped: PlatformResourcePolicy = {
    name: "iam-passrole-scoped",
    description: "Checks that IAM identity policies allow iam:PassRole only on specific roles.",
    severity: "high",
    remediationSteps:
        "Set Resource to the ARNs of the roles to pass (e.g. the task and execution role ARNs for a deployer), and add an iam:PassedToService condition (ecs-tasks.amazonaws.com).",
    enforcementLevel: "mandatory",
    tags: ["trivy:AVD-AWS-0342", "checkov:CKV_AWS_286", "checkov:CKV_AWS_110", "family:iam"],
    configSchema: schema,
    validateResource: validateResourceOfTypes(identityDocumentTypes, (_props, args, reportViolation) => {
        const { allowWithPassedToServiceCondition } = policyConfig<{ allowWithPassedToServiceCondition: boolean }>(
            args,
            schema,
        );
        checkAllowStatements(args, reportViolation, statement => {
            if (!grantsAction(statement, "iam:PassRole")) return undefined;
            const unscoped =
                statement.notResources !== undefined ||
                statement.resources.some(r => isUnscopedResource(r, "iam", "role"));
            if (!unscoped) return undefined;
            if (allowWithPassedToServiceCondition && hasConditionKey(statement, "iam:PassedToService"))
                return undefined;
            return "allows iam:PassRole on every role.";
        });
    }),
};
