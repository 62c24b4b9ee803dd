/** No identity policy grants full administrator access. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { coversAllResources } from "./document";
import {
    attachedPolicyArns,
    awsManagedPolicyName,
    checkAllowStatements,
    identityDocumentTypes,
    managedAttachmentTypes,
    managedPolicyListed,
} from "./identity";

const schema = {
    properties: {
        adminManagedPolicies: {
            type: "array",
            items: { type: "string" },
            default: ["AdministratorAccess"],
            description: "AWS managed policies that amount to administrator access (name, or path/name).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Admin is `Action: "*"` (or `"*:*"`) on `Resource: "*"`, an Allow with `NotAction` on every resource (it grants all
 * but a few actions), or an attached AdministratorAccess. This policy also reports identity documents that are not
 * valid JSON, for the whole family.
 */
export const iamNoAdmin: PlatformResourcePolicy = {
    name: "iam-no-admin",
    description: "Checks that no IAM identity policy grants administrator access (all actions on all resources).",
    severity: "critical",
    remediationSteps:
        'Replace `Action: "*"` / NotAction on `Resource: "*"` with the specific actions and resource ARNs the principal needs, and detach AdministratorAccess.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:IAM.1",
        "checkov:CKV_AWS_62",
        "checkov:CKV_AWS_1",
        "checkov:CKV_AWS_274",
        "cdk-nag:IAMPolicyNoStatementsWithAdminAccess",
        "family:iam",
    ],
    configSchema: schema,
    validateResource: validateResourceOfTypes(
        [...new Set([...identityDocumentTypes, ...managedAttachmentTypes])],
        (props, args, reportViolation) => {
            const { adminManagedPolicies } = policyConfig<{ adminManagedPolicies: string[] }>(args, schema);
            if (identityDocumentTypes.includes(args.type)) {
                checkAllowStatements(
                    args,
                    reportViolation,
                    statement => {
                        if (!coversAllResources(statement)) return undefined;
                        if (statement.notActions)
                            return `allows every action except NotAction [${statement.notActions.join(", ")}] on every resource.`;
                        return statement.actions.some(a => a === "*" || a === "*:*")
                            ? "allows every action on every resource."
                            : undefined;
                    },
                    true,
                );
            }
            if (managedAttachmentTypes.includes(args.type)) {
                for (const arn of attachedPolicyArns(args.type, props)) {
                    const name = awsManagedPolicyName(arn);
                    if (name !== undefined && managedPolicyListed(name, adminManagedPolicies)) {
                        reportViolation(`attaches ${arn}, which grants administrator access.`);
                    }
                }
            }
        },
    ),
};
