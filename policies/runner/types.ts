/** The runner's inputs and outputs (re-exported by `policies/run.ts`). */
import type { EnforcementLevel, Policies, PolicyPackConfig, PolicyResourceOptions } from "@pulumi/policy";

/** A resource as the engine passes it to the pack (inputs for resource policies, outputs for stack policies). */
export interface PolicyInputResource {
    /** Type token, e.g. `aws:ecs/service:Service`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN; `parent`, `dependencies`, `propertyDependencies` and `provider` refer to resources by it. */
    urn: string;
    /** Properties; unknown values are the marker `"04da6b54-80e4-46f7-96ec-b56ff0331ba9"` (preview only). */
    props: Record<string, unknown>;
    /** URN of the parent resource, if any (the engine gives top-level resources the root stack as parent). */
    parent?: string;
    /** URNs the resource depends on. Defaults to none. */
    dependencies?: string[];
    /** URNs each top-level input property depends on. Defaults to none; empty lists are dropped. */
    propertyDependencies?: Record<string, string[]>;
    /** URN of the provider resource (one of the inputs, `pulumi:providers:<package>`) that manages it, if any. */
    provider?: string;
    /** Resource options, as `args.opts` reports them. Defaults: not protected, no aliases, no timeouts, etc. */
    options?: Partial<Omit<PolicyResourceOptions, "parent">>;
}

/** One entry the engine would print for the pack. */
export interface PolicyViolation {
    /** Policy name. */
    policy: string;
    /** `mandatory` blocks the update; `advisory` warns; `remediate` reports a remediation that was applied. */
    enforcementLevel: Exclude<EnforcementLevel, "disabled">;
    /**
     * Resource the entry is about. A stack policy's entry without a URN of the stack belongs to the root stack
     * (`pulumi:pulumi:Stack`), and has no URN when the inputs do not include it.
     */
    urn?: string;
    /**
     * As the engine prints it: `${description}\n${detail}` (the object form of `reportViolation` sets it
     * verbatim); the SDK's "can't run … during preview: …" note; a remediation's policy description.
     */
    message: string;
}

/** Options of `runPolicies`. */
export interface RunPoliciesOptions {
    /** Contents of a `--policy-pack-config` file. Defaults to none (every policy at its default level). */
    config?: PolicyPackConfig;
    /**
     * Whether this is a preview, where props may hold unknown values. Defaults to `false`: an unknown value in an
     * update is a bug in the caller, so it throws.
     */
    preview?: boolean;
    /** Policies to run instead of the pack's (`policies.ts`); for tests and for packs assembled from a selection. */
    policies?: Policies;
    /** The pack they belong to, as messages name it. Defaults to this pack (`ecs-platform-policies` and its version). */
    pack?: PolicyPackIdentity;
    /** Stack tags (`args.stackTags`), e.g. `pulumi:project`. Defaults to none. */
    stackTags?: Record<string, string>;
}

/** Name, version and default level of a policy pack. */
export interface PolicyPackIdentity {
    name: string;
    version: string;
    /** Level of policies that set none. */
    enforcementLevel: EnforcementLevel;
}

/** Whether a policy looked at a resource (or, for stack policies, the stack). */
export interface PolicyEvaluation {
    /** Policy name. */
    policy: string;
    /** Resource URN; absent for stack policies. */
    urn?: string;
    /** `applied`: ran to the end; `notApplicable`: skipped itself or by type; `unknown`: read an unknown value. */
    outcome: "applied" | "notApplicable" | "unknown";
}

/** Everything `analyzePolicies` found. */
export interface PolicyAnalysis {
    /** Entries the engine would print, in engine order (per resource, then the stack). */
    violations: PolicyViolation[];
    /** Which policies ran on what; lets tests prove a "compliant" case actually exercised the policy. */
    evaluations: PolicyEvaluation[];
    /** The props each remediation returned (what the engine applies), in order. */
    remediations: PolicyRemediation[];
}

/** One remediation's result. */
export interface PolicyRemediation {
    /** Policy name. */
    policy: string;
    /** Resource URN. */
    urn: string;
    /** The props it returned, as plain data. */
    props: Record<string, unknown>;
}
