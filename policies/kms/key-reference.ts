/** KMS key references (`kmsKeyId`, `kmsKey`, `keyId` props) as other families check them. */

/**
 * Whether a key reference names a customer managed key: set, and not an `aws/...` alias (the AWS managed keys such
 * as `alias/aws/secretsmanager`, `alias/aws/ecr`, `alias/aws/ssm`). A key id or ARN is taken as customer managed:
 * AWS managed keys are only ever referenced through their aliases in IaC.
 */
export function isCustomerManagedKey(key: string | undefined): boolean {
    return key !== undefined && key !== "" && !/(^|:)alias\/aws\//.test(key);
}
