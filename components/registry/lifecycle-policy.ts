import { ArgumentProblems } from "../shared";

/** What the ECR lifecycle policy keeps and expires. */
export interface LifecycleRules {
    /** Days after push before an untagged image expires. Default: 7. */
    untaggedExpireDays?: number;
    /**
     * Tag prefixes that mark release images (e.g. `v` for `v1.4.2`). Each prefix gets its own rule, because ECR
     * selects only images carrying ALL the prefixes of one rule's `tagPrefixList`. `[]` disables the release rules.
     * Default: `["v"]`.
     */
    releaseTagPrefixes?: string[];
    /** How many of the newest release images to keep, per prefix; older ones expire. Default: 30. */
    keepReleaseImages?: number;
    /** Days after push before any other tagged image (branch, commit-sha tags) expires. Default: 30. */
    otherTaggedExpireDays?: number;
}

/** The lifecycle defaults, written once: the component applies them, the stack config schema shows them. */
export const LIFECYCLE_DEFAULTS: Readonly<Required<LifecycleRules>> = Object.freeze({
    untaggedExpireDays: 7,
    releaseTagPrefixes: ["v"],
    keepReleaseImages: 30,
    otherTaggedExpireDays: 30,
});

/** The one place lifecycle defaults are applied. */
export function lifecycleWithDefaults(rules: LifecycleRules = {}): Required<LifecycleRules> {
    return {
        untaggedExpireDays: rules.untaggedExpireDays ?? LIFECYCLE_DEFAULTS.untaggedExpireDays,
        releaseTagPrefixes: rules.releaseTagPrefixes ?? [...LIFECYCLE_DEFAULTS.releaseTagPrefixes],
        keepReleaseImages: rules.keepReleaseImages ?? LIFECYCLE_DEFAULTS.keepReleaseImages,
        otherTaggedExpireDays: rules.otherTaggedExpireDays ?? LIFECYCLE_DEFAULTS.otherTaggedExpireDays,
    };
}

/** One rule of an ECR lifecycle policy document. */
export interface EcrLifecycleRule {
    rulePriority: number;
    description: string;
    selection: {
        tagStatus: "tagged" | "untagged" | "any";
        tagPrefixList?: string[];
        tagPatternList?: string[];
        countType: "imageCountMoreThan" | "sinceImagePushed";
        countUnit?: "days";
        countNumber: number;
    };
    action: { type: "expire" };
}

/**
 * Renders the lifecycle policy JSON for `aws.ecr.LifecyclePolicy`.
 *
 * ECR evaluates rules from the lowest `rulePriority` up, expires an image by at most one rule, and never lets a
 * later rule expire an image that matches an earlier rule's tag selection. So the rules are:
 * 0. one rule per deployed tag (`tagPatternList: [tag]`, no wildcard: that exact tag) keeping the newest 1 image
 *    carrying it. Only one image can carry an immutable tag, so it never expires, and no later rule may expire it:
 *    the image a service runs survives however many newer builds CI pushes;
 * 1. untagged images expire `untaggedExpireDays` after push;
 * 2. one rule per release prefix keeps the newest `keepReleaseImages` images with that prefix and expires the rest;
 * 3. `tagStatus: any`, last as ECR requires: every other tagged image expires `otherTaggedExpireDays` after push.
 *    Release images are never aged out here (they matched rule 2), only counted out by rule 2.
 *
 * Consequence: an image that is neither deployed nor a release expires after `otherTaggedExpireDays`.
 */
export function renderLifecyclePolicy(rules: LifecycleRules = {}, deployedTags: string[] = []): string {
    lifecycleProblems(rules, deployedTags).throwIfAny("Registry", "lifecycle");
    const settings = lifecycleWithDefaults(rules);
    const deployed = [...new Set(deployedTags)].map((tag, index): EcrLifecycleRule => ({
        rulePriority: 1 + index,
        description: `Never expire "${tag}": a service runs it`,
        selection: { tagStatus: "tagged", tagPatternList: [tag], countType: "imageCountMoreThan", countNumber: 1 },
        action: { type: "expire" },
    }));
    const untagged: EcrLifecycleRule = {
        rulePriority: 1 + deployed.length,
        description: `Expire untagged images ${settings.untaggedExpireDays} days after push`,
        selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: settings.untaggedExpireDays,
        },
        action: { type: "expire" },
    };
    const releases = settings.releaseTagPrefixes.map((prefix, index): EcrLifecycleRule => ({
        rulePriority: 2 + deployed.length + index,
        description: `Keep the newest ${settings.keepReleaseImages} images tagged "${prefix}*"`,
        selection: {
            tagStatus: "tagged",
            tagPrefixList: [prefix],
            countType: "imageCountMoreThan",
            countNumber: settings.keepReleaseImages,
        },
        action: { type: "expire" },
    }));
    const otherTagged: EcrLifecycleRule = {
        rulePriority: 2 + deployed.length + releases.length,
        description: `Expire other tagged images ${settings.otherTaggedExpireDays} days after push`,
        selection: {
            tagStatus: "any",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: settings.otherTaggedExpireDays,
        },
        action: { type: "expire" },
    };
    return JSON.stringify({ rules: [...deployed, untagged, ...releases, otherTagged] });
}

/**
 * What is wrong with the lifecycle settings, by field. `tagPrefixList` entries are image tag prefixes
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html), unique within the
 * policy. Pure: the program checks its config with it first.
 */
export function lifecycleProblems(rules: LifecycleRules = {}, deployedTags: string[] = []): ArgumentProblems {
    const settings = lifecycleWithDefaults(rules);
    const problems = new ArgumentProblems();
    for (const field of ["untaggedExpireDays", "keepReleaseImages", "otherTaggedExpireDays"] as const) {
        const value = settings[field];
        if (!Number.isInteger(value) || value < 1) {
            problems.add(field, `must be a positive integer (got ${value})`);
        }
    }
    settings.releaseTagPrefixes.forEach((prefix, i, all) => {
        if (!IMAGE_TAG.test(prefix)) {
            problems.add(
                `releaseTagPrefixes[${i}]`,
                `"${prefix}" is not an image tag prefix ([A-Za-z0-9_] then [A-Za-z0-9_.-])`,
            );
        } else if (all.indexOf(prefix) !== i) {
            problems.add(`releaseTagPrefixes[${i}]`, `"${prefix}" is listed twice (ECR rejects repeated prefixes)`);
        }
    });
    deployedTags.forEach((tag, i) => {
        // An image tag, and no `*`: in a tagPatternList that would be a wildcard keeping more than the deployed image.
        if (!IMAGE_TAG.test(tag)) {
            problems.add(`deployedTags[${i}]`, `"${tag}" is not an image tag ([A-Za-z0-9_] then [A-Za-z0-9_.-])`);
        }
    });
    return problems;
}

const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
