/** Settings of `aws.ecr.Repository` itself: tag immutability, encryption, force delete. */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { awsType, policyConfig, remediateResourceOfTypes, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { isCustomerManagedKey } from "../kms/key-reference";

type RepositoryProps = Unwrap<aws.ecr.RepositoryArgs>;

/** Type token of `aws.ecr.Repository`. */
export const ecrRepositoryType = awsType("ecr", "repository");

const tagImmutableSchema = {
    properties: {
        allowExclusionFilters: {
            type: "boolean",
            default: false,
            description: "Accept IMMUTABLE_WITH_EXCLUSION (some tags, e.g. `latest`, stay mutable).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Tags are immutable, so a tag always names the image that was scanned and deployed. The remediation switches a
 * repository to `IMMUTABLE` in place (no replacement); it only affects future pushes that try to overwrite a tag.
 */
export const ecrTagImmutable: PlatformResourcePolicy = {
    name: "ecr-tag-immutable",
    description: "Checks that ECR repositories have immutable image tags.",
    severity: "medium",
    remediationSteps:
        'Set `imageTagMutability: "IMMUTABLE"` on the aws.ecr.Repository and push a new tag for every build (e.g. the git SHA) instead of overwriting one.',
    enforcementLevel: "remediate",
    tags: ["securityhub:ECR.2", "checkov:CKV_AWS_51", "trivy:AVD-AWS-0031", "family:ecr"],
    configSchema: tagImmutableSchema,
    validateResource: validateResourceOfTypes<RepositoryProps>(
        ecrRepositoryType,
        (repository, args, reportViolation) => {
            const { allowExclusionFilters } = policyConfig<{ allowExclusionFilters: boolean }>(
                args,
                tagImmutableSchema,
            );
            const mutability = repository.imageTagMutability ?? "MUTABLE";
            if (mutability === "IMMUTABLE" || (allowExclusionFilters && mutability === "IMMUTABLE_WITH_EXCLUSION")) {
                return;
            }
            reportViolation(
                `imageTagMutability is ${mutability}; tags can be overwritten after the image was scanned and deployed.`,
            );
        },
    ),
    remediateResource: remediateResourceOfTypes<RepositoryProps>(ecrRepositoryType, (repository, args) => {
        const { allowExclusionFilters } = policyConfig<{ allowExclusionFilters: boolean }>(args, tagImmutableSchema);
        const mutability = repository.imageTagMutability ?? "MUTABLE";
        if (mutability === "IMMUTABLE" || (allowExclusionFilters && mutability === "IMMUTABLE_WITH_EXCLUSION")) {
            return undefined;
        }
        // Exclusion filters are only valid with a *_WITH_EXCLUSION setting, so they go with it. Mutate in place:
        // copying would read every field, and an unrelated one (the name) may be unknown during preview.
        delete repository.imageTagMutabilityExclusionFilters;
        repository.imageTagMutability = "IMMUTABLE";
        return repository;
    }),
};

const kmsSchema = {
    properties: {
        requireCustomerManagedKey: {
            type: "boolean",
            default: true,
            description: "Require `kmsKey` (a customer managed key), not the AWS managed `aws/ecr` key.",
        },
    },
} satisfies PolicyConfigSchema;

/** Images are encrypted with a KMS key the platform controls (key policy, rotation, audit). */
export const ecrKms: PlatformResourcePolicy = {
    name: "ecr-kms",
    description: "Checks that ECR repositories encrypt images with a customer managed KMS key.",
    severity: "medium",
    remediationSteps:
        'Set `encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }]` with the platform CMK. Encryption cannot change in place: the repository is replaced, so push images again.',
    enforcementLevel: "advisory",
    tags: ["checkov:CKV_AWS_136", "trivy:AVD-AWS-0033", "family:ecr"],
    configSchema: kmsSchema,
    validateResource: validateResourceOfTypes<RepositoryProps>(
        ecrRepositoryType,
        (repository, args, reportViolation) => {
            const { requireCustomerManagedKey } = policyConfig<{ requireCustomerManagedKey: boolean }>(args, kmsSchema);
            const encryption = repository.encryptionConfigurations?.[0];
            const type = encryption?.encryptionType ?? "AES256";
            if (type !== "KMS") {
                reportViolation(
                    `encryptionType is ${type}; images are encrypted with an AWS owned key, not a KMS key.`,
                );
            } else if (requireCustomerManagedKey && !isCustomerManagedKey(encryption?.kmsKey)) {
                reportViolation(
                    `encryptionType is KMS but kmsKey is ${encryption?.kmsKey ?? "unset"}; that is the AWS managed aws/ecr key, whose policy the platform cannot control.`,
                );
            }
        },
    ),
};

const forceDeleteSchema = {
    properties: {
        allowForceDelete: {
            type: "boolean",
            default: false,
            description: "Accept forceDelete (useful for ephemeral stacks only).",
        },
    },
} satisfies PolicyConfigSchema;

/** `forceDelete` lets `pulumi destroy` or a replacement delete a repository with the images production runs. */
export const ecrNoForceDelete: PlatformResourcePolicy = {
    name: "ecr-no-force-delete",
    description: "Checks that ECR repositories do not set forceDelete, which deletes them with all their images.",
    severity: "medium",
    remediationSteps:
        "Remove `forceDelete: true` from the aws.ecr.Repository (keep it only in ephemeral stacks, where this policy is disabled).",
    enforcementLevel: "advisory",
    tags: ["family:ecr"],
    configSchema: forceDeleteSchema,
    validateResource: validateResourceOfTypes<RepositoryProps>(
        ecrRepositoryType,
        (repository, args, reportViolation) => {
            const { allowForceDelete } = policyConfig<{ allowForceDelete: boolean }>(args, forceDeleteSchema);
            if (repository.forceDelete === true && !allowForceDelete) {
                reportViolation(
                    "forceDelete is true; deleting or replacing the repository would delete every image in it.",
                );
            }
        },
    ),
};
