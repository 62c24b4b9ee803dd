/** Identity policies name their actions: no `*`, `svc:*` or `svc:Get*`, unless allow-listed. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { isWildcardAction } from "./document";
import { checkAllowStatements, identityDocumentTypes } from "./identity";

const schema = {
    properties: {
        allowedWildcardActions: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: 'Wildcard action patterns accepted as written (case-insensitive), e.g. "logs:Describe*".',
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Only Allow statements count (a wildcard in a Deny narrows access). An Allow with `NotAction` is reported too: it
 * grants every action not listed, the widest wildcard there is. Resource wildcards are left to the scoped-resource
 * policies (iam-kms-decrypt-scoped, iam-passrole-scoped, iam-exec-role-least-privilege): many actions
 * (e.g. ecr:GetAuthorizationToken) support no resource-level permissions, so `Resource: "*"` alone is not a finding.
 */
export const iamNoWildcardActions: PlatformResourcePolicy = {
    name: "iam-no-wildcard-actions",
    description: "Checks that IAM identity policies allow only named actions, not wildcard patterns or NotAction.",
    severity: "high",
    remediationSteps:
        'List the exact actions (e.g. `["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]` instead of `"ecr:*"`), or add a reviewed pattern to allowedWildcardActions.',
    enforcementLevel: "advisory",
    tags: [
        "securityhub:IAM.21",
        "checkov:CKV_AWS_63",
        "checkov:CKV_AWS_49",
        "checkov:CKV_AWS_355",
        "cdk-nag:AwsSolutions-IAM5",
        "cdk-nag:IAMPolicyNoStatementsWithFullAccess",
        "trivy:AVD-AWS-0057",
        "family:iam",
    ],
    configSchema: schema,
    validateResource: validateResourceOfTypes(identityDocumentTypes, (_props, args, reportViolation) => {
        const { allowedWildcardActions } = policyConfig<{ allowedWildcardActions: string[] }>(args, schema);
        const allowed = new Set(allowedWildcardActions.map(a => a.toLowerCase()));
        checkAllowStatements(args, reportViolation, statement => {
            if (statement.notActions)
                return `uses NotAction [${statement.notActions.join(", ")}], which allows every other action.`;
            const wildcards = statement.actions.filter(a => isWildcardAction(a) && !allowed.has(a.toLowerCase()));
            return wildcards.length > 0 ? `allows wildcard actions ${wildcards.join(", ")}.` : undefined;
        });
    }),
};
