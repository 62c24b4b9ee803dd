/**
 * Preview-time unknowns. During `pulumi preview` the engine wraps props in `unknownCheckingProxy`, and reading a
 * value that is not known yet throws `UnknownValueError`. The engine turns an escaped error into one advisory
 * "can't run during preview" note for the whole policy; these helpers let stack policies do that per resource.
 */
import * as policySdk from "@pulumi/policy";
import type { PolicyResource, ReportViolation } from "@pulumi/policy";

/**
 * `@pulumi/policy` 1.21 exports these at run time, but its typings strip them (`@internal`), hence `any`.
 */
const sdk = policySdk as any;

/** The SDK's error class for a read of an unknown value. */
export const UnknownValueError: new (...args: any[]) => Error = sdk.UnknownValueError;

/** The SDK's proxy that throws `UnknownValueError` on reads of unknown values. */
export const unknownCheckingProxy: <T>(value: T) => T = sdk.unknownCheckingProxy;

/** The marker `@pulumi/pulumi` puts in place of an unknown value (it is the SDK's "unknown string"). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `error` is a read of a value that is unknown during preview. */
export function isUnknownValueError(error: unknown): error is Error {
    return error instanceof UnknownValueError;
}

/** The result of {@link readKnown}. */
export type KnownValue<T> = { known: true; value: T } | { known: false };

/**
 * Runs `read` and reports whether the value it reads is known. Use it where an unknown value is an expected,
 * checkable case (for example a reference that is matched by dependency URN when its id is not known yet);
 * never use it to skip a check silently.
 */
export function readKnown<T>(read: () => T): KnownValue<T> {
    try {
        return { known: true, value: read() };
    } catch (error) {
        if (isUnknownValueError(error)) {
            return { known: false };
        }
        throw error;
    }
}

/** The value `read` returns, or `undefined` when it reads an unknown value (same caveat as {@link readKnown}). */
export function knownValue<T>(read: () => T): T | undefined {
    const result = readKnown(read);
    return result.known ? result.value : undefined;
}

/**
 * Whether the value `read` returns is set: known and not `undefined`/`null`/`""`, or unknown (during preview an
 * unknown value is another resource's output, such as a KMS key ARN, which will be set). For presence checks only.
 */
export function isSetOrPending(read: () => unknown): boolean {
    const result = readKnown(read);
    return !result.known || (result.value !== undefined && result.value !== null && result.value !== "");
}

/** The message used for a check that needs values that are unknown during preview. */
export function previewMessage(error: Error): string {
    return `cannot be checked during preview: ${error.message}`;
}

/**
 * Reports an advisory note against one resource, whatever the policy's enforcement level. Uses the object form
 * that the engine's `reportViolation` accepts (not in the typings).
 */
export function reportAdvisory(reportViolation: ReportViolation, urn: string, message: string): void {
    const report = reportViolation as unknown as (violation: {
        message: string;
        urn: string;
        enforcementLevel: "advisory";
    }) => void;
    report({ message, urn, enforcementLevel: "advisory" });
}

/**
 * Runs `check` for each resource of a stack policy. A resource whose check reads an unknown value gets an advisory
 * "cannot be checked during preview" note, and the other resources are still checked (the engine would drop the
 * whole policy instead).
 */
export function checkEachResource(
    resources: readonly PolicyResource[],
    reportViolation: ReportViolation,
    check: (resource: PolicyResource) => void,
): void {
    for (const resource of resources) {
        try {
            check(resource);
        } catch (error) {
            if (!isUnknownValueError(error)) {
                throw error;
            }
            reportAdvisory(reportViolation, resource.urn, previewMessage(error));
        }
    }
}
