/** SSM parameters that hold secrets are SecureStrings encrypted with a customer managed key. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { asWritten, awsType, compiledRegExp, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { isCustomerManagedKey } from "../kms/key-reference";

type ParameterProps = Unwrap<aws.ssm.ParameterArgs>;

/** Type token of `aws.ssm.Parameter`. */
export const ssmParameterType = awsType("ssm", "parameter");

const schema = {
    properties: {
        secretNamePattern: {
            type: "string",
            default: "password|passwd|secret|token|api[-_ ]?key|private[-_ ]?key|credential",
            description:
                "Case-insensitive regular expression; a parameter whose name or description matches holds a secret.",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * A parameter is a secret when it is a SecureString, or when its name or description matches secretNamePattern.
 * Secrets must be SecureString (a String is readable by anyone with ssm:GetParameter and shows in plain text in
 * the console and in Pulumi state) and encrypted with a CMK (`keyId`), not the AWS managed aws/ssm key.
 */
export const ssmSecureParameter: PlatformResourcePolicy = {
    name: "ssm-secure-parameter",
    description:
        "Checks that SSM parameters holding secrets are SecureString parameters encrypted with a customer managed KMS key.",
    severity: "high",
    remediationSteps:
        'Set `type: "SecureString"` and `keyId` to the platform CMK\'s ARN on the aws.ssm.Parameter (use `value`, never `insecureValue`), or store the secret in Secrets Manager.',
    enforcementLevel: "mandatory",
    tags: ["family:secrets"],
    configSchema: schema,
    validateResource: validateResourceOfTypes<ParameterProps>(ssmParameterType, (parameter, args, reportViolation) => {
        const { secretNamePattern } = policyConfig<{ secretNamePattern: string }>(args, schema);
        const pattern = compiledRegExp(secretNamePattern, asWritten, "i");
        const secure = parameter.type === "SecureString";
        const named = [parameter.name, parameter.description].some(text => text !== undefined && pattern.test(text));
        if (!secure && named) {
            reportViolation(
                `parameter ${parameter.name ?? args.name} looks like a secret (matches /${secretNamePattern}/i) but its type is ${parameter.type}.`,
            );
        } else if (secure && !isCustomerManagedKey(parameter.keyId)) {
            reportViolation(
                `SecureString keyId is ${parameter.keyId ?? "unset"}, so the AWS managed aws/ssm key encrypts it.`,
            );
        }
    }),
};
