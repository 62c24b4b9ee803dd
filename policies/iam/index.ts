import type { PlatformPolicy } from "../lib";
import { iamEcsTrust } from "./ecs-trust";
import { iamExecRoleLeastPrivilege } from "./execution-role";
import { iamKmsDecryptScoped } from "./kms-decrypt-scoped";
import { iamManagedPolicyUse } from "./managed-policy-use";
import { iamNoAdmin } from "./no-admin";
import { iamNoWildcardActions } from "./no-wildcard-actions";
import { iamPassroleScoped } from "./passrole-scoped";
import { iamNoPrivilegeEscalation } from "./privilege-escalation";
import { resourcePolicyNotPublic } from "./resource-policy-not-public";

/** IAM identity policies, privilege escalation, managed-policy use, ECS trust, execution-role least privilege, resource policies. */
export const iamPolicies: PlatformPolicy[] = [
    iamNoAdmin,
    iamNoWildcardActions,
    iamKmsDecryptScoped,
    iamPassroleScoped,
    iamNoPrivilegeEscalation,
    iamManagedPolicyUse,
    iamEcsTrust,
    iamExecRoleLeastPrivilege,
    resourcePolicyNotPublic,
];
