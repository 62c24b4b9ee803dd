import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { lifecycleDocument, lifecyclePolicy, repository, typeTokens, withProps } from "../platform-stack";

/** One expire rule. */
function rule(rulePriority: number, selection: Record<string, unknown>) {
    return { rulePriority, selection, action: { type: "expire" } };
}

const untaggedAfter7Days = rule(1, {
    tagStatus: "untagged",
    countType: "sinceImagePushed",
    countUnit: "days",
    countNumber: 7,
});
const keepNewest50 = rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 });

function lifecycle(...rules: object[]) {
    return withProps(lifecyclePolicy, { policy: JSON.stringify({ rules }) });
}

describe("policies/ecr/lifecycle", () => {
    describe("ecr-lifecycle-present", () => {
        it("passes a repository with a lifecycle policy that depends on it", async () => {
            await expectCompliant("ecr-lifecycle-present", [repository, lifecyclePolicy]);
        });

        it("matches the lifecycle policy by repository name when there are no dependencies", async () => {
            await expectCompliant("ecr-lifecycle-present", [
                repository,
                { ...lifecyclePolicy, propertyDependencies: {} },
            ]);
        });

        it("flags a repository without a lifecycle policy, even when another repository has one", async () => {
            const other = fakeResource(typeTokens.repository, "registry-worker", {
                ...repository.props,
                name: "worker",
                id: "worker",
            });
            await expectViolation("ecr-lifecycle-present", [repository, lifecyclePolicy, other], {
                urn: other.urn,
                message: "registry-worker has no aws.ecr.LifecyclePolicy",
            });
        });

        it("skips repositories listed in exemptRepositoryNames", async () => {
            await expectCompliant("ecr-lifecycle-present", [repository], {
                config: { "ecr-lifecycle-present": { exemptRepositoryNames: ["api"] } },
            });
        });

        it("is advisory in a preview when a lifecycle policy's repository is unknown and not a dependency", async () => {
            const unresolved = { ...withProps(lifecyclePolicy, { repository: UNKNOWN }), propertyDependencies: {} };
            await expectPreviewAdvisory("ecr-lifecycle-present", [repository, unresolved], { urn: repository.urn });
        });

        it("resolves an unknown repository name through the dependency in a preview", async () => {
            await expectCompliant(
                "ecr-lifecycle-present",
                [repository, withProps(lifecyclePolicy, { repository: UNKNOWN })],
                { preview: true },
            );
        });
    });

    describe("ecr-lifecycle-content", () => {
        it("passes the platform registry's policy (untagged by age, releases by count, the rest by age)", async () => {
            await expectCompliant("ecr-lifecycle-content", [withProps(lifecyclePolicy, { policy: lifecycleDocument })]);
        });

        it("passes an untagged rule plus a catch-all count cap, as an object document too", async () => {
            await expectCompliant("ecr-lifecycle-content", [
                withProps(lifecyclePolicy, { policy: { rules: [untaggedAfter7Days, keepNewest50] } }),
            ]);
        });

        it("flags a policy without an untagged rule", async () => {
            await expectViolation("ecr-lifecycle-content", [lifecycle(keepNewest50)], {
                message: "no rule expires untagged images",
            });
        });

        it("flags untagged expiry later than maxUntaggedDays", async () => {
            const after30Days = rule(1, {
                tagStatus: "untagged",
                countType: "sinceImagePushed",
                countUnit: "days",
                countNumber: 30,
            });
            await expectViolation("ecr-lifecycle-content", [lifecycle(after30Days, keepNewest50)], {
                message: "untagged",
            });
        });

        it("flags a policy whose only count rule covers one tag prefix", async () => {
            const releasesOnly = rule(2, {
                tagStatus: "tagged",
                tagPrefixList: ["v"],
                countType: "imageCountMoreThan",
                countNumber: 30,
            });
            await expectViolation("ecr-lifecycle-content", [lifecycle(untaggedAfter7Days, releasesOnly)], {
                message: "no catch-all rule",
            });
        });

        it("flags a catch-all cap above maxImageCount", async () => {
            const keep500 = rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 500 });
            await expectViolation("ecr-lifecycle-content", [lifecycle(untaggedAfter7Days, keep500)], {
                message: "imageCountMoreThan ≤ 100",
            });
        });

        it("flags a document that is not a lifecycle policy", async () => {
            await expectViolation("ecr-lifecycle-content", [withProps(lifecyclePolicy, { policy: "{not json" })], {
                message: "`rules` array",
            });
        });

        it("is advisory in a preview while the document is unknown", async () => {
            await expectPreviewAdvisory("ecr-lifecycle-content", [withProps(lifecyclePolicy, { policy: UNKNOWN })]);
        });
    });
});
