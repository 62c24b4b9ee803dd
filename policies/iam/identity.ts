/**
 * Where identity policies live in `@pulumi/aws` inputs: documents (role inline policies, role/user/group policies,
 * customer managed policies) and managed-policy attachments. Trust policies (`assumeRolePolicy`) and resource
 * policies (key, repository, secret policies) are not identity policies and are checked by their own policies.
 */
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { awsType } from "../lib";
import { describeStatement, parseArn, parsePolicyDocument } from "./document";
import type { Statement } from "./document";

/** Type tokens of the IAM resources this family reads. */
export const iamTypes = {
    role: awsType("iam", "role"),
    rolePolicy: awsType("iam", "rolePolicy"),
    policy: awsType("iam", "policy"),
    userPolicy: awsType("iam", "userPolicy"),
    groupPolicy: awsType("iam", "groupPolicy"),
    rolePolicyAttachment: awsType("iam", "rolePolicyAttachment"),
    userPolicyAttachment: awsType("iam", "userPolicyAttachment"),
    groupPolicyAttachment: awsType("iam", "groupPolicyAttachment"),
    policyAttachment: awsType("iam", "policyAttachment"),
    rolePolicyAttachmentsExclusive: awsType("iam", "rolePolicyAttachmentsExclusive"),
    userPolicyAttachmentsExclusive: awsType("iam", "userPolicyAttachmentsExclusive"),
    groupPolicyAttachmentsExclusive: awsType("iam", "groupPolicyAttachmentsExclusive"),
} as const;

/** Types whose inputs carry identity policy documents. */
export const identityDocumentTypes: readonly string[] = [
    iamTypes.role,
    iamTypes.rolePolicy,
    iamTypes.policy,
    iamTypes.userPolicy,
    iamTypes.groupPolicy,
];

/** Types whose inputs attach managed policies by ARN. */
export const managedAttachmentTypes: readonly string[] = [
    iamTypes.role,
    iamTypes.rolePolicyAttachment,
    iamTypes.userPolicyAttachment,
    iamTypes.groupPolicyAttachment,
    iamTypes.policyAttachment,
    iamTypes.rolePolicyAttachmentsExclusive,
    iamTypes.userPolicyAttachmentsExclusive,
    iamTypes.groupPolicyAttachmentsExclusive,
];

/** An identity policy document and where it sits, for messages. */
export interface LabelledDocument {
    /** E.g. `inline policy "ecr-pull"` or `policy`. */
    label: string;
    /** The policy's own name, for role inline policies that have one. */
    name?: string;
    /** The document as found in props (JSON string or object). */
    document: unknown;
}

/** The identity policy documents in the props of a resource of one of {@link identityDocumentTypes}. */
export function identityDocuments(type: string, props: Record<string, any>): LabelledDocument[] {
    if (type === iamTypes.role) {
        const inline: { name?: string; policy?: unknown }[] = props.inlinePolicies ?? [];
        // An empty block (no policy) only tells the provider to remove out-of-band inline policies.
        return inline
            .filter(p => p.policy !== undefined && p.policy !== "")
            .map((p, i) => ({ label: `inline policy "${p.name ?? i + 1}"`, name: p.name, document: p.policy }));
    }
    return props.policy === undefined ? [] : [{ label: "policy", document: props.policy }];
}

/** The managed policy ARNs attached by the props of a resource of one of {@link managedAttachmentTypes}. */
export function attachedPolicyArns(type: string, props: Record<string, any>): string[] {
    if (type === iamTypes.role) return props.managedPolicyArns ?? [];
    if (type.endsWith("AttachmentsExclusive")) return props.policyArns ?? [];
    return props.policyArn === undefined ? [] : [props.policyArn];
}

/** For an AWS managed policy ARN (`arn:aws:iam::aws:policy/<path>/<name>`), `<path>/<name>`; else `undefined`. */
export function awsManagedPolicyName(arn: string): string | undefined {
    const parsed = parseArn(arn);
    if (parsed?.service !== "iam" || parsed.account !== "aws" || !parsed.resource.startsWith("policy/"))
        return undefined;
    return parsed.resource.slice("policy/".length);
}

/** Whether an AWS managed policy name matches a list entry, given with its path (`service-role/X`) or as the bare name. */
export function managedPolicyListed(name: string, list: readonly string[]): boolean {
    const bare = name.slice(name.lastIndexOf("/") + 1);
    return list.some(entry => entry === name || entry === bare);
}

/**
 * Runs `check` on every Allow statement of every identity document in the resource's props and reports what it
 * returns. A document that is not valid JSON is reported only when `reportMalformed` is set (one policy of the family
 * does it, so the same broken document is not reported by all of them).
 */
export function checkAllowStatements(
    args: ResourceValidationArgs,
    reportViolation: ReportViolation,
    check: (statement: Statement) => string | undefined,
    reportMalformed = false,
): void {
    for (const { label, document } of identityDocuments(args.type, args.props)) {
        const parsed = parsePolicyDocument(document);
        if (!parsed.ok) {
            if (reportMalformed) reportViolation(`${label} ${parsed.reason}.`);
            continue;
        }
        parsed.statements.forEach((statement, index) => {
            if (statement.effect !== "Allow") return;
            const problem = check(statement);
            if (problem) reportViolation(`${label}, ${describeStatement(statement, index)}: ${problem}`);
        });
    }
}
