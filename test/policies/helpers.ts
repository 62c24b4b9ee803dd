/**
 * Test helpers for policies: fake resources and assertions over the in-process runner.
 *
 * `expectViolation`, `expectRemediation` and `expectCompliant` record, once they have passed, that the policy has a
 * violating / compliant case. `test/policies/coverage.spec.ts` fails the run if a policy of the pack lacks either.
 * `expectCompliant` only counts when the policy actually applied to something (not "not applicable"), so a case
 * with the wrong resource type cannot pass for a compliant one.
 */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { UNKNOWN } from "../../policies/lib";
import { policies } from "../../policies/policies";
import { analyzePolicies, type PolicyInputResource, type PolicyViolation } from "../../policies/run";
import { assertSameAsPolicyServer } from "./parity";

export { UNKNOWN };

/** Links of a fake resource to others, by URN. */
export interface FakeLinks {
    /** Parent URN. */
    parent?: string;
    /** URNs it depends on. */
    dependencies?: string[];
    /** URNs each top-level property depends on. */
    propertyDependencies?: Record<string, string[]>;
}

/** The URN the fake builder gives a resource of `type` named `name`. */
export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::ecs-platform::${type}::${name}`;
}

/** A resource as the engine would pass it; `links` refer to other fakes by URN (use `.urn`). */
export function fakeResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    links: FakeLinks = {},
): PolicyInputResource {
    return { type, name, urn: urnOf(type, name), props, ...links };
}

/** Options of the assertions. */
export interface RunOptions {
    /** `--policy-pack-config` contents. Defaults to none. */
    config?: PolicyPackConfig;
    /** Whether props may hold {@link UNKNOWN}. Defaults to `false`. */
    preview?: boolean;
}

/** What a violation must look like; every field is optional. */
export interface ViolationExpectation extends RunOptions {
    /** URN the entry must be about. */
    urn?: string;
    /** Text the message must contain, or a pattern it must match. */
    message?: string | RegExp;
    /** Level the entry must have. */
    enforcementLevel?: PolicyViolation["enforcementLevel"];
}

/** Names with a passing violating / compliant case in this run. */
export const coverage = { violating: new Set<string>(), compliant: new Set<string>() };

/** The pack's policy called `name` (fails the test if there is none). */
export function policyNamed(name: string): Policies[number] {
    const policy = policies.find(p => p.name === name);
    assert.ok(policy, `no policy named ${name} in policies/policies.ts`);
    return policy;
}

/**
 * Runs only the policy `name` over `resources`, and asserts that `@pulumi/policy`'s own handlers, driven as the
 * engine drives them, report exactly the same entries and remediations (see ./parity.ts).
 */
export async function analyzeWith(name: string, resources: PolicyInputResource[], options: RunOptions = {}) {
    const policies = [policyNamed(name)];
    const analysis = await analyzePolicies(resources, { ...options, policies });
    await assertSameAsPolicyServer(resources, { ...options, policies }, analysis);
    return analysis;
}

/** Entries of policy `name` for `resources`. */
export async function violationsOf(
    name: string,
    resources: PolicyInputResource[],
    options: RunOptions = {},
): Promise<PolicyViolation[]> {
    return (await analyzeWith(name, resources, options)).violations;
}

function isPreviewNote(violation: PolicyViolation): boolean {
    return /cannot be checked during preview|can't run (policy|remediation) .* during preview/.test(violation.message);
}

function matches(violation: PolicyViolation, expected: ViolationExpectation): boolean {
    const { urn, message, enforcementLevel } = expected;
    return (
        (urn === undefined || violation.urn === urn) &&
        (enforcementLevel === undefined || violation.enforcementLevel === enforcementLevel) &&
        (message === undefined ||
            (typeof message === "string" ? violation.message.includes(message) : message.test(violation.message)))
    );
}

/**
 * Asserts that policy `name` reports (not a preview note, not a remediation) an entry matching `expected`.
 * Returns all its entries.
 */
export async function expectViolation(
    name: string,
    resources: PolicyInputResource[],
    expected: ViolationExpectation = {},
): Promise<PolicyViolation[]> {
    const violations = await violationsOf(name, resources, expected);
    const real = violations.filter(v => v.enforcementLevel !== "remediate" && !isPreviewNote(v));
    assert.ok(
        real.some(v => matches(v, expected)),
        `expected ${name} to report ${JSON.stringify({ ...expected, config: undefined })}, got ${JSON.stringify(violations, null, 2)}`,
    );
    coverage.violating.add(name);
    return violations;
}

/**
 * Asserts that policy `name` remediated a resource (an entry at level `remediate`) and, with `props`, that the
 * remediated props contain them. Returns its entries.
 */
export async function expectRemediation(
    name: string,
    resources: PolicyInputResource[],
    expected: Omit<ViolationExpectation, "enforcementLevel" | "message"> & { props?: Record<string, unknown> } = {},
): Promise<PolicyViolation[]> {
    const { violations, remediations } = await analyzeWith(name, resources, expected);
    assert.ok(
        violations.some(v => matches(v, { ...expected, enforcementLevel: "remediate" })),
        `expected ${name} to remediate, got ${JSON.stringify(violations, null, 2)}`,
    );
    if (expected.props) {
        const last = remediations.filter(r => expected.urn === undefined || r.urn === expected.urn).at(-1);
        assert.deepEqual(pick(last?.props ?? {}, Object.keys(expected.props)), expected.props);
    }
    coverage.violating.add(name);
    return violations;
}

function pick(props: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map(key => [key, props[key]]));
}

/** Asserts that policy `name` applied to `resources` and reported nothing. */
export async function expectCompliant(
    name: string,
    resources: PolicyInputResource[],
    options: RunOptions = {},
): Promise<void> {
    const { violations, evaluations } = await analyzeWith(name, resources, options);
    assert.deepEqual(violations, [], `expected no entries from ${name}`);
    assert.ok(
        evaluations.some(e => e.outcome === "applied"),
        `${name} did not apply to any of the resources (${JSON.stringify(evaluations)}); the case proves nothing`,
    );
    coverage.compliant.add(name);
}

/** Asserts that policy `name` does not apply to `resources` (no entries, and never "applied"). */
export async function expectNotApplicable(
    name: string,
    resources: PolicyInputResource[],
    options: RunOptions = {},
): Promise<void> {
    const { violations, evaluations } = await analyzeWith(name, resources, options);
    assert.deepEqual(violations, [], `expected no entries from ${name}`);
    assert.ok(
        evaluations.every(e => e.outcome === "notApplicable"),
        `expected ${name} not to apply, got ${JSON.stringify(evaluations)}`,
    );
}

/**
 * Asserts that, in a preview, policy `name` reports an advisory "cannot be checked during preview" entry (and no
 * blocking one: an unknown value must neither pass silently nor fail the preview).
 */
export async function expectPreviewAdvisory(
    name: string,
    resources: PolicyInputResource[],
    expected: Omit<ViolationExpectation, "preview" | "enforcementLevel"> = {},
): Promise<PolicyViolation[]> {
    const violations = await violationsOf(name, resources, { ...expected, preview: true });
    assert.ok(
        violations.some(v => isPreviewNote(v) && matches(v, { ...expected, enforcementLevel: "advisory" })),
        `expected a preview advisory from ${name}, got ${JSON.stringify(violations, null, 2)}`,
    );
    assert.ok(
        violations.every(v => v.enforcementLevel === "advisory"),
        `expected only advisory entries from ${name} in preview, got ${JSON.stringify(violations, null, 2)}`,
    );
    return violations;
}
