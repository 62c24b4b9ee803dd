import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import {
    anyRefersTo,
    isReferencedBy,
    perResource,
    referencedResources,
    referenceIds,
    refersTo,
    refersToThrough,
    resourcesOfType,
    UNKNOWN,
    unknownCheckingProxy,
} from "../../../policies/lib";

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

    describe("anyRefersTo", () => {
        const group = resource("aws:ec2/securityGroup:SecurityGroup", "api", { id: "sg-api", name: "api" });
        const other = resource("aws:ec2/securityGroup:SecurityGroup", "web", { id: "sg-web", name: "web" });
        const pending = resource("aws:ec2/securityGroup:SecurityGroup", "new", { id: UNKNOWN, name: "new" });
        const byId = resource("aws:ecs/service:Service", "api", {
            networkConfiguration: { securityGroups: ["sg-api"] },
        });
        const byName = resource("aws:ecs/service:Service", "named", { tags: { Name: "web" } });
        const byDependency = resource(
            "aws:ecs/service:Service",
            "new",
            { networkConfiguration: { securityGroups: [UNKNOWN] } },
            { networkConfiguration: [pending] },
        );
        const targets = [group, other, pending];

        it("answers as refersTo from any of the referrers, whatever the order of the questions", () => {
            const referrers = [byName, byDependency, byId];
            for (const order of [targets, [...targets].reverse()]) {
                const referenced = anyRefersTo(referrers);
                for (const target of order) {
                    assert.equal(
                        referenced(target),
                        referrers.some(referrer => refersTo(referrer, target)),
                        target.name,
                    );
                }
            }
            assert.deepEqual(targets.map(anyRefersTo(referrers)), [true, false, true]);
        });

        it("finds nothing without referrers", () => {
            assert.equal(anyRefersTo([])(group), false);
        });
    });

    describe("resourcesOfType", () => {
        const group = resource("aws:ec2/securityGroup:SecurityGroup", "api", {});
        const service = resource("aws:ecs/service:Service", "api", {});
        const resources = [service, group, service];

        it("keeps the stack's order across tokens, and answers each array for itself", () => {
            const tokens = ["aws:ec2/securityGroup:SecurityGroup", "aws:ecs/service:Service"];
            assert.deepEqual(resourcesOfType(resources, tokens), resources);
            assert.deepEqual(resourcesOfType(resources, "aws:ecs/service:Service"), [service, service]);
            assert.deepEqual(resourcesOfType([group], "aws:ecs/service:Service"), []);
        });

        it("returns a list of its own, which the caller may change", () => {
            resourcesOfType(resources, "aws:ecs/service:Service").pop();
            assert.deepEqual(resourcesOfType(resources, "aws:ecs/service:Service"), [service, service]);
        });
    });

    describe("perResource", () => {
        it("derives once per resource object, and again for a new object of the same resource", () => {
            const derived: string[] = [];
            const nameOf = perResource(r => {
                derived.push(r.name);
                return { name: r.props.name };
            });
            const first = resource("aws:ecr/repository:Repository", "api", { name: "api" });
            const again = resource("aws:ecr/repository:Repository", "api", { name: "renamed" });
            assert.equal(nameOf(first), nameOf(first));
            assert.deepEqual(nameOf(again), { name: "renamed" });
            assert.deepEqual(derived, ["api", "api"]);
        });

        it("does not remember a derivation that threw: it throws again", () => {
            const pending = resource("aws:ecr/repository:Repository", "pending", { name: UNKNOWN });
            let calls = 0;
            const nameOf = perResource(r => {
                calls++;
                return String(r.props.name);
            });
            assert.throws(() => nameOf(pending), /can't be known during preview/);
            assert.throws(() => nameOf(pending), /can't be known during preview/);
            assert.equal(calls, 2);
        });
    });

    describe("referencedResources", () => {
        const subnet = (name: string, id: string) => resource("aws:ec2/subnet:Subnet", name, { id });
        const [a, b, c] = [subnet("a", "subnet-a"), subnet("b", "subnet-b"), subnet("c", "subnet-c")];
        const vpc = resource("aws:ec2/vpc:Vpc", "main", { id: "subnet-c" });
        const candidates = [c, vpc, b, a];
        const service = resource("aws:ecs/service:Service", "api", {}, { networkConfiguration: [a, vpc] });

        it("finds candidates of the tokens by dependency or by identifier, once each, in the candidates' order", () => {
            const found = (values: unknown[]) =>
                referencedResources(service, "networkConfiguration", candidates, "aws:ec2/subnet:Subnet", values);
            assert.deepEqual(found(["subnet-a", "subnet-c", 7, b.urn]), [c, b, a]);
            assert.deepEqual(found([]), [a]);
            assert.deepEqual(referencedResources(service, "other", candidates, "aws:ec2/subnet:Subnet", ["subnet-b"]), [
                b,
            ]);
            assert.deepEqual(
                referencedResources(service, "networkConfiguration", candidates, ["aws:ec2/vpc:Vpc"], ["subnet-c"]),
                [vpc],
            );
        });
    });
});
