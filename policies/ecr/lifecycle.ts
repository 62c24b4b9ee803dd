/**
 * Lifecycle policies: every repository has one, and it expires untagged images and caps the image count, so
 * repositories do not grow without bound (storage cost, and old vulnerable images that stay pullable).
 */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    checkEachResource,
    isReferencedBy,
    policyConfig,
    reportAdvisory,
    resourcesOfType,
    validateResourceOfTypes,
    validateStackOfTypes,
} from "../lib";
import type { PlatformResourcePolicy, PlatformStackPolicy } from "../lib";
import { ecrRepositoryType } from "./repository";

type LifecyclePolicyProps = Unwrap<aws.ecr.LifecyclePolicyArgs>;

/** Type token of `aws.ecr.LifecyclePolicy`. */
export const ecrLifecyclePolicyType = awsType("ecr", "lifecyclePolicy");

const presentSchema = {
    properties: {
        exemptRepositoryNames: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Repository names (as in `name`) that need no lifecycle policy, e.g. archives kept on purpose.",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * A lifecycle policy refers to its repository by name (`repository: repo.name`). The reference counts when the value
 * is the repository's name or id, or when the property depends on the repository (the value may be unknown in a preview).
 */
export const ecrLifecyclePresent: PlatformStackPolicy = {
    name: "ecr-lifecycle-present",
    description: "Checks that every ECR repository has a lifecycle policy in the same stack.",
    severity: "medium",
    remediationSteps:
        "Add an aws.ecr.LifecyclePolicy with `repository: repo.name` next to each aws.ecr.Repository (see ecr-lifecycle-content for the rules it needs).",
    enforcementLevel: "advisory",
    tags: ["securityhub:ECR.3", "family:ecr"],
    configSchema: presentSchema,
    validateStack: validateStackOfTypes(ecrRepositoryType, (repositories, args, reportViolation) => {
        const { exemptRepositoryNames } = policyConfig<{ exemptRepositoryNames: string[] }>(args, presentSchema);
        const lifecyclePolicies = resourcesOfType(args.resources, ecrLifecyclePolicyType);
        checkEachResource(repositories, reportViolation, repository => {
            if (exemptRepositoryNames.length > 0 && exemptRepositoryNames.includes(repository.props.name)) {
                return;
            }
            const referenced = isReferencedBy(repository, lifecyclePolicies, "repository");
            if (referenced === true) {
                return;
            }
            if (referenced === "unknown") {
                reportAdvisory(
                    reportViolation,
                    repository.urn,
                    "cannot be checked during preview: a lifecycle policy's repository is not known yet",
                );
                return;
            }
            reportViolation(
                `repository ${repository.name} has no aws.ecr.LifecyclePolicy; its images are never expired.`,
                repository.urn,
            );
        });
    }),
};

const contentSchema = {
    properties: {
        maxUntaggedDays: {
            type: "integer",
            minimum: 1,
            default: 14,
            description:
                "Untagged images must expire at most this many days after push (or by an untagged count rule).",
        },
        maxImageCount: {
            type: "integer",
            minimum: 1,
            default: 100,
            description: "A catch-all count rule (imageCountMoreThan) may keep at most this many images.",
        },
        maxImageAgeDays: {
            type: "integer",
            minimum: 1,
            default: 90,
            description: "A catch-all age rule (sinceImagePushed) may keep images at most this many days.",
        },
    },
} satisfies PolicyConfigSchema;

interface Settings {
    maxUntaggedDays: number;
    maxImageCount: number;
    maxImageAgeDays: number;
}

interface LifecycleRule {
    rulePriority?: number;
    selection?: { tagStatus?: string; tagPatternList?: string[]; countType?: string; countNumber?: number };
    action?: { type?: string };
}

/**
 * Two requirements. (1) An expire rule for `tagStatus: "untagged"`, by age (≤ maxUntaggedDays) or by count.
 * (2) A catch-all expire rule (`tagStatus: "any"`, or `"tagged"` with tagPatternList `["*"]`) that bounds every
 * remaining image, by count (imageCountMoreThan ≤ maxImageCount) or by age (sinceImagePushed ≤ maxImageAgeDays).
 * An age bound counts as a cap: ECR never lets a later rule expire an image an earlier rule selected, so policies
 * that keep the newest N release images per prefix and age out everything else (the platform's registry does)
 * bound every image without a catch-all count rule. Rules for some prefixes only bound those prefixes, so they do
 * not satisfy (2) alone.
 */
export const ecrLifecycleContent: PlatformResourcePolicy = {
    name: "ecr-lifecycle-content",
    description:
        "Checks that ECR lifecycle policies expire untagged images and cap the images kept by a catch-all rule.",
    severity: "low",
    remediationSteps:
        'Give the policy an expire rule `{ tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }` and, with the highest rulePriority, a catch-all `{ tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 }` (or `sinceImagePushed` ≤ maxImageAgeDays days).',
    enforcementLevel: "advisory",
    tags: ["family:ecr"],
    configSchema: contentSchema,
    validateResource: validateResourceOfTypes<LifecyclePolicyProps>(
        ecrLifecyclePolicyType,
        (policy, args, reportViolation) => {
            const settings = policyConfig<Settings>(args, contentSchema);
            const rules = lifecycleRules(policy.policy);
            if (rules === undefined) {
                reportViolation("policy is not a lifecycle policy document with a `rules` array.");
                return;
            }
            const expiring = rules.filter(rule => rule.action?.type === "expire");
            if (!expiring.some(rule => expiresUntagged(rule, settings))) {
                reportViolation(
                    `no rule expires untagged images (tagStatus "untagged" with sinceImagePushed ≤ ${settings.maxUntaggedDays} days, or imageCountMoreThan).`,
                );
            }
            if (!expiring.some(rule => capsEveryImage(rule, settings))) {
                reportViolation(
                    `no catch-all rule (tagStatus "any") caps the images kept: imageCountMoreThan ≤ ${settings.maxImageCount} or sinceImagePushed ≤ ${settings.maxImageAgeDays} days.`,
                );
            }
        },
    ),
};

function expiresUntagged({ selection }: LifecycleRule, settings: Settings): boolean {
    return (
        selection?.tagStatus === "untagged" &&
        (selection.countType === "imageCountMoreThan" ||
            (selection.countType === "sinceImagePushed" &&
                (selection.countNumber ?? Infinity) <= settings.maxUntaggedDays))
    );
}

function capsEveryImage({ selection }: LifecycleRule, settings: Settings): boolean {
    const catchAll =
        selection?.tagStatus === "any" ||
        (selection?.tagStatus === "tagged" && selection.tagPatternList?.includes("*") === true);
    const count = selection?.countNumber ?? Infinity;
    return (
        catchAll &&
        ((selection?.countType === "imageCountMoreThan" && count <= settings.maxImageCount) ||
            (selection?.countType === "sinceImagePushed" && count <= settings.maxImageAgeDays))
    );
}

/** The rules of a lifecycle policy given as a JSON string or an object; `undefined` when it has no rules array. */
function lifecycleRules(document: unknown): LifecycleRule[] | undefined {
    let value = document;
    if (typeof document === "string") {
        try {
            value = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    const rules = (value as { rules?: unknown } | null | undefined)?.rules;
    return Array.isArray(rules) ? (rules as LifecycleRule[]) : undefined;
}
