import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { isReferencedBy, referenceIds, refersToThrough, UNKNOWN, unknownCheckingProxy } from "../../../policies/lib";

/** A stack policy's view of a resource: props behind the engine's proxy, dependencies by property. */
function resource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, PolicyResource[]> = {},
) {
    const urn = `urn:pulumi:test::project::${type}::${name}`;
    return {
        type,
        name,
        urn,
        props: unknownCheckingProxy(props),
        propertyDependencies,
        dependencies: [],
    } as unknown as PolicyResource;
}

describe("policies/lib/references", () => {
    const props = unknownCheckingProxy({ list: ["subnet-1", UNKNOWN, ""], wholeList: UNKNOWN, one: "sg-1", unset: "" });

    it("keeps the known, non-empty ids of a list or a single value, and reports unknown ones", () => {
        assert.deepEqual(
            referenceIds(() => props.list),
            { values: ["subnet-1"], someUnknown: true },
        );
        assert.deepEqual(
            referenceIds(() => props.one),
            { values: ["sg-1"], someUnknown: false },
        );
        assert.deepEqual(
            referenceIds(() => props.unset),
            { values: [], someUnknown: false },
        );
    });

    it("reports a list unknown as a whole instead of throwing", () => {
        assert.deepEqual(
            referenceIds(() => props.wholeList),
            { values: [], someUnknown: true },
        );
    });

    describe("isReferencedBy", () => {
        const repository = resource("aws:ecr/repository:Repository", "api", { name: "api", id: "api" });
        const byName = resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "by-name", { repository: "api" });
        const other = resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "other", { repository: "web" });
        const pending = resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "pending", { repository: UNKNOWN });
        const pendingDependent = resource(
            "aws:ecr/lifecyclePolicy:LifecyclePolicy",
            "dependent",
            { repository: UNKNOWN },
            { repository: [repository] },
        );

        it("finds a reference by value or, while the value is unknown, by dependency", () => {
            assert.ok(refersToThrough(byName, "repository", repository));
            assert.equal(isReferencedBy(repository, [other, byName], "repository"), true);
            assert.equal(isReferencedBy(repository, [pending, pendingDependent], "repository"), true);
        });

        it("is unknown when no referrer names the target but one is not known yet, and false otherwise", () => {
            assert.equal(isReferencedBy(repository, [other, pending], "repository"), "unknown");
            assert.equal(isReferencedBy(repository, [other], "repository"), false);
            assert.equal(isReferencedBy(repository, [], "repository"), false);
        });
    });
});
