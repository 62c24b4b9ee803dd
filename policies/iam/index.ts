import type { PlatformPolicy } from "../lib";
import { iamEcsTrust } from "./ecs-trust";
import { iamExecRoleLeastPrivilege } from "./execution-role";
import { iamKmsDecryptScoped } from "./kms-decrypt-scoped";
import { iamManagedPolicyUse } from "./managed-policy-use";
import { iamNoAdmin } from "./no-admin";
import { iamNoWildcardActions } from "./no-wildcard-actions";
import { iamPassroleScoped } from "./passrole-scoped";

/** IAM identity policies, managed-policy use, ECS trust and execution-role least privilege. */
export const iamPolicies: PlatformPolicy[] = [
    iamNoAdmin,
    iamNoWildcardActions,
    iamKmsDecryptScoped,
    iamPassroleScoped,
    iamManagedPolicyUse,
    iamEcsTrust,
    iamExecRoleLeastPrivilege,
];
