/** IAM actions that let the holder raise its own privileges are granted only on named identities and policies. */
import { validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { grantsAction, isUnscopedResource } from "./document";
import type { Statement } from "./document";
import { checkAllowStatements, identityDocumentTypes } from "./identity";

/**
 * The well-known escalation paths (Rhino Security Labs' list, also used by checkov and cloudsplaining), each with the
 * IAM resource type it acts on. `iam:PassRole` has its own policy (`iam-passrole-scoped`).
 */
export const escalationActions: Readonly<Record<string, "user" | "group" | "role" | "policy">> = {
    "iam:CreatePolicyVersion": "policy",
    "iam:SetDefaultPolicyVersion": "policy",
    "iam:CreateAccessKey": "user",
    "iam:CreateLoginProfile": "user",
    "iam:UpdateLoginProfile": "user",
    "iam:AttachUserPolicy": "user",
    "iam:PutUserPolicy": "user",
    "iam:PutUserPermissionsBoundary": "user",
    "iam:DeleteUserPermissionsBoundary": "user",
    "iam:AttachGroupPolicy": "group",
    "iam:PutGroupPolicy": "group",
    "iam:AddUserToGroup": "group",
    "iam:AttachRolePolicy": "role",
    "iam:PutRolePolicy": "role",
    "iam:UpdateAssumeRolePolicy": "role",
    "iam:PutRolePermissionsBoundary": "role",
    "iam:DeleteRolePermissionsBoundary": "role",
};

/** The escalation actions a statement grants on every resource of the type they act on. */
export function broadEscalations(statement: Statement): string[] {
    return Object.entries(escalationActions)
        .filter(([action, resourceType]) => {
            if (!grantsAction(statement, action)) return false;
            return (
                statement.notResources !== undefined ||
                statement.resources.some(resource => isUnscopedResource(resource, "iam", resourceType))
            );
        })
        .map(([action]) => action);
}

export const iamNoPrivilegeEscalation: PlatformResourcePolicy = {
    name: "iam-no-privilege-escalation",
    description:
        "Checks that IAM identity policies grant privilege-escalation actions (login profiles, access keys, policy attachment and versions, role trust updates) only on named users, groups, roles and policies.",
    severity: "critical",
    remediationSteps:
        "Scope Resource to the ARNs of the identities or policies the holder must manage (e.g. `arn:aws:iam::<account>:user/ci/*` for a path it owns), or drop the action; use a permissions boundary for roles that must create other roles.",
    enforcementLevel: "mandatory",
    tags: ["checkov:CKV_AWS_286", "checkov:CKV_AWS_287", "checkov:CKV_AWS_289", "family:iam"],
    validateResource: validateResourceOfTypes(identityDocumentTypes, (_props, args, reportViolation) => {
        checkAllowStatements(args, reportViolation, statement => {
            const actions = broadEscalations(statement);
            return actions.length === 0
                ? undefined
                : `allows ${actions.join(", ")} on every resource of its type, which lets the holder escalate its own privileges.`;
        });
    }),
};
