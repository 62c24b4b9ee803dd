import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import * as fc from "fast-check";
import { EcrLifecycleRule, LifecycleRules, renderLifecyclePolicy } from "../../../components/registry";
import { expiredBy, Image } from "./ecr-lifecycle";

/** The default policy, as ECR will store it. */
const GOLDEN_DEFAULT = {
    rules: [
        {
            rulePriority: 1,
            description: "Expire untagged images 7 days after push",
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
            action: { type: "expire" },
        },
        {
            rulePriority: 2,
            description: 'Keep the newest 30 images tagged "v*"',
            selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30 },
            action: { type: "expire" },
        },
        {
            rulePriority: 3,
            description: "Expire other tagged images 30 days after push",
            selection: { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 },
            action: { type: "expire" },
        },
    ],
};

function rulesOf(rules?: LifecycleRules, deployedTags?: string[]): EcrLifecycleRule[] {
    return JSON.parse(renderLifecyclePolicy(rules, deployedTags)).rules;
}

/** The constraints ECR's PutLifecyclePolicy validation and evaluation rely on; returns what is violated. */
function ecrViolations(rules: EcrLifecycleRule[]): string[] {
    const problems: string[] = [];
    const priorities = rules.map(r => r.rulePriority);
    if (priorities.some(p => !Number.isInteger(p) || p < 1)) problems.push("priorities must be positive integers");
    if (new Set(priorities).size !== priorities.length) problems.push("priorities must be unique");
    if (priorities.some((p, i) => i > 0 && p <= priorities[i - 1])) problems.push("priorities must ascend");
    const anyRules = rules.filter(r => r.selection.tagStatus === "any");
    if (anyRules.length > 1) problems.push("at most one any rule");
    if (anyRules.length === 1 && anyRules[0].rulePriority !== Math.max(...priorities))
        problems.push("the any rule must have the highest priority");
    if (rules.filter(r => r.selection.tagStatus === "untagged").length > 1) problems.push("at most one untagged rule");
    const prefixSets = new Set<string>();
    for (const { selection, action } of rules) {
        if (action.type !== "expire") problems.push("action must be expire");
        if (selection.tagStatus === "tagged" && !selection.tagPrefixList?.length === !selection.tagPatternList?.length)
            problems.push("tagged rules need exactly one of tagPrefixList and tagPatternList");
        if (selection.tagStatus !== "tagged" && (selection.tagPrefixList ?? selection.tagPatternList) !== undefined)
            problems.push("only tagged rules take tagPrefixList or tagPatternList");
        if (selection.tagPrefixList) {
            const key = [...selection.tagPrefixList].sort().join(",");
            if (prefixSets.has(key)) problems.push("tag prefix sets must be unique");
            prefixSets.add(key);
        }
        if (!Number.isInteger(selection.countNumber) || selection.countNumber < 1)
            problems.push("countNumber must be a positive integer");
        if (selection.countType === "sinceImagePushed" && selection.countUnit !== "days")
            problems.push("sinceImagePushed needs countUnit days");
        if (selection.countType === "imageCountMoreThan" && selection.countUnit !== undefined)
            problems.push("imageCountMoreThan takes no countUnit");
        if (!["sinceImagePushed", "imageCountMoreThan"].includes(selection.countType))
            problems.push("unknown countType");
    }
    return problems;
}

describe("registry/renderLifecyclePolicy", () => {
    it("renders the default policy (golden)", () => {
        assert.deepStrictEqual(JSON.parse(renderLifecyclePolicy()), GOLDEN_DEFAULT);
        assert.deepStrictEqual(JSON.parse(renderLifecyclePolicy({})), GOLDEN_DEFAULT);
    });

    it("applies every setting", () => {
        const rules = rulesOf({
            untaggedExpireDays: 1,
            releaseTagPrefixes: ["release-"],
            keepReleaseImages: 5,
            otherTaggedExpireDays: 14,
        });
        assert.deepStrictEqual(
            rules.map(r => [
                r.rulePriority,
                r.selection.tagStatus,
                r.selection.tagPrefixList,
                r.selection.countType,
                r.selection.countNumber,
            ]),
            [
                [1, "untagged", undefined, "sinceImagePushed", 1],
                [2, "tagged", ["release-"], "imageCountMoreThan", 5],
                [3, "any", undefined, "sinceImagePushed", 14],
            ],
        );
    });

    it("gives each release prefix its own rule, since one tagPrefixList selects only images carrying all its prefixes", () => {
        const rules = rulesOf({ releaseTagPrefixes: ["v", "release-"] });
        assert.deepStrictEqual(
            rules.filter(r => r.selection.tagStatus === "tagged").map(r => [r.rulePriority, r.selection.tagPrefixList]),
            [
                [2, ["v"]],
                [3, ["release-"]],
            ],
        );
        assert.strictEqual(rules[rules.length - 1].selection.tagStatus, "any");
        assert.strictEqual(rules[rules.length - 1].rulePriority, 4);
    });

    it("drops the release rules when there are no release prefixes", () => {
        assert.deepStrictEqual(
            rulesOf({ releaseTagPrefixes: [] }).map(r => r.selection.tagStatus),
            ["untagged", "any"],
        );
    });

    it("meets ECR's constraints for any valid settings", () => {
        const prefix = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,9}$/);
        fc.assert(
            fc.property(
                fc.record({
                    untaggedExpireDays: fc.integer({ min: 1, max: 3650 }),
                    releaseTagPrefixes: fc.uniqueArray(prefix, { maxLength: 5 }),
                    keepReleaseImages: fc.integer({ min: 1, max: 1000 }),
                    otherTaggedExpireDays: fc.integer({ min: 1, max: 3650 }),
                }),
                settings => {
                    const rules = rulesOf(settings);
                    assert.deepStrictEqual(ecrViolations(rules), []);
                    assert.strictEqual(rules.length, settings.releaseTagPrefixes.length + 2);
                },
            ),
        );
    });

    it("the constraint check catches an any rule that is not last", () => {
        const [untagged, release, any] = rulesOf();
        assert.ok(
            ecrViolations([
                { ...any, rulePriority: 1 },
                { ...untagged, rulePriority: 2 },
                { ...release, rulePriority: 3 },
            ]).length > 0,
        );
    });

    it("does what the notes ask: keep the newest release images whatever their age, age out everything else", () => {
        const releases: Image[] = Array.from({ length: 32 }, (_, i) => ({
            id: `v1.${i}`,
            tags: [`v1.${i}`],
            age: 400 - i * 10,
        }));
        const images: Image[] = [
            ...releases,
            { id: "sha-new", tags: ["sha-abc", "main"], age: 29 },
            { id: "sha-old", tags: ["sha-def"], age: 31 },
            { id: "untagged-new", tags: [], age: 6 },
            { id: "untagged-old", tags: [], age: 8 },
            { id: "release-with-sha", tags: ["v2.0", "sha-123"], age: 1 },
        ];
        const expired = expiredBy(rulesOf(), images);
        // 33 release images (32 + the dual-tagged one): the 3 oldest go by count, none by age.
        assert.deepStrictEqual([...expired].sort(), ["sha-old", "untagged-old", "v1.0", "v1.1", "v1.2"]);
    });

    it("never expires the deployed image, however many builds CI pushed since (F9: the count rule lost it)", () => {
        // The stacks' settings: `sha-` counted like a release. 40 builds since prod's image; staging runs the newest.
        const settings = { releaseTagPrefixes: ["v", "sha-"] };
        const builds: Image[] = Array.from({ length: 41 }, (_, i) => ({
            id: `b${i}`,
            tags: [`sha-${i}`],
            age: 41 - i,
        }));
        const running = "sha-0";
        assert.ok(expiredBy(rulesOf(settings), builds).has("b0"), "without the deployed tag the count rule expires it");
        const expired = expiredBy(rulesOf(settings, [running, "sha-40"]), builds);
        assert.ok(!expired.has("b0") && !expired.has("b40"));
        // The kept image still counts: the newest 30 stay, so the previous deployments remain within reach.
        assert.deepStrictEqual(expired.size, 41 - 30 - 1);
        const [keep] = rulesOf(settings, [running]);
        assert.deepStrictEqual(keep.selection, {
            tagStatus: "tagged",
            tagPatternList: [running],
            countType: "imageCountMoreThan",
            countNumber: 1,
        });
        assert.strictEqual(keep.rulePriority, 1);
    });

    it("keeps deployed tags within ECR's constraints, each once, and rejects a wildcard", () => {
        const rules = rulesOf({}, ["sha-1", "v2", "sha-1"]);
        assert.deepStrictEqual(ecrViolations(rules), []);
        assert.deepStrictEqual(
            rules.filter(r => r.selection.tagPatternList).map(r => r.selection.tagPatternList),
            [["sha-1"], ["v2"]],
        );
        assert.throws(
            () => renderLifecyclePolicy({}, ["sha-*"]),
            (err: unknown) =>
                ComponentArgumentError.isComponentArgumentError(err) && /deployedTags\[0\]: "sha-\*"/.test(err.message),
        );
    });

    for (const [label, rules, message] of [
        ["zero days", { untaggedExpireDays: 0 }, /- untaggedExpireDays: must be a positive integer/],
        ["a fractional count", { keepReleaseImages: 2.5 }, /keepReleaseImages/],
        ["a negative age", { otherTaggedExpireDays: -1 }, /otherTaggedExpireDays/],
        ["an empty prefix", { releaseTagPrefixes: [""] }, /- releaseTagPrefixes\[0\]: /],
        ["a repeated prefix", { releaseTagPrefixes: ["v", "v"] }, /- releaseTagPrefixes\[1\]: "v" is listed twice/],
    ] as const) {
        it(`rejects ${label}`, () => {
            assert.throws(
                () => renderLifecyclePolicy(rules as LifecycleRules),
                (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
            );
        });
    }
});
