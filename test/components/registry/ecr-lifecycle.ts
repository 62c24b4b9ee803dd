import type { EcrLifecycleRule } from "../../../components/registry";

/** One image in a repository, for the lifecycle evaluation. */
export interface Image {
    id: string;
    tags: string[];
    /** Days since push. */
    age: number;
}

/**
 * ECR's documented evaluation: rules apply from the lowest priority up; an image matching an earlier rule's tag
 * selection is never expired by a later rule (though later count rules still count it); an image expires at most once.
 */
export function expiredBy(rules: EcrLifecycleRule[], images: Image[]): Set<string> {
    const selects = (rule: EcrLifecycleRule, image: Image) => {
        const { tagStatus, tagPrefixList = [], tagPatternList = [] } = rule.selection;
        if (tagStatus === "any") return true;
        if (tagStatus === "untagged") return image.tags.length === 0;
        // A pattern without `*` matches that exact tag (the only patterns the policy writes).
        return (
            image.tags.length > 0 &&
            tagPrefixList.every(prefix => image.tags.some(tag => tag.startsWith(prefix))) &&
            tagPatternList.every(pattern => image.tags.includes(pattern))
        );
    };
    const expired = new Set<string>();
    const claimed = new Set<string>();
    for (const rule of [...rules].sort((a, b) => a.rulePriority - b.rulePriority)) {
        const selected = images.filter(image => selects(rule, image)).sort((a, b) => a.age - b.age);
        const { countType, countNumber } = rule.selection;
        const candidates =
            countType === "imageCountMoreThan"
                ? selected.slice(countNumber)
                : selected.filter(i => i.age > countNumber);
        for (const image of candidates) {
            if (!claimed.has(image.id)) expired.add(image.id);
        }
        for (const image of selected) claimed.add(image.id);
    }
    return expired;
}
