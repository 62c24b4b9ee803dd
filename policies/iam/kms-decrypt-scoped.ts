/** Decrypt-type KMS actions are granted on named keys, never on every key. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { grantsAction, hasConditionKey, isUnscopedResource } from "./document";
import { checkAllowStatements, identityDocumentTypes } from "./identity";

/** The actions Security Hub KMS.1/KMS.2 block on all keys (`kms:ReEncrypt*` grants ReEncryptFrom). */
const decryptActions = ["kms:Decrypt", "kms:ReEncryptFrom"];

const schema = {
    properties: {
        allowWithViaServiceCondition: {
            type: "boolean",
            default: false,
            description:
                "Accept all keys when the statement has a kms:ViaService condition (the key is only usable through that service).",
        },
    },
} satisfies PolicyConfigSchema;

/** A statement grants decrypt on every key when its resource is `*`, `NotResource`, or `arn:…:kms:…:key/*`. */
export const iamKmsDecryptScoped: PlatformResourcePolicy = {
    name: "iam-kms-decrypt-scoped",
    description: "Checks that IAM identity policies allow kms:Decrypt and kms:ReEncryptFrom only on specific KMS keys.",
    severity: "high",
    remediationSteps:
        'Set Resource to the key ARNs (`key.arn`), not "*" or `key/*`; the caller still needs the key policy to allow it.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:KMS.1", "securityhub:KMS.2", "family:iam"],
    configSchema: schema,
    validateResource: validateResourceOfTypes(identityDocumentTypes, (_props, args, reportViolation) => {
        const { allowWithViaServiceCondition } = policyConfig<{ allowWithViaServiceCondition: boolean }>(args, schema);
        checkAllowStatements(args, reportViolation, statement => {
            const granted = decryptActions.filter(action => grantsAction(statement, action));
            if (granted.length === 0) return undefined;
            const unscoped =
                statement.notResources !== undefined ||
                statement.resources.some(r => isUnscopedResource(r, "kms", "key"));
            if (!unscoped) return undefined;
            if (allowWithViaServiceCondition && hasConditionKey(statement, "kms:ViaService")) return undefined;
            return `allows ${granted.join(", ")} on every KMS key.`;
        });
    }),
};
