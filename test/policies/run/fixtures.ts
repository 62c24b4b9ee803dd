import type { ResourceValidationPolicy } from "@pulumi/policy";
import { remediateResourceOfTypes, validateResourceOfTypes } from "../../../policies/lib";
import { fakeResource } from "../helpers";

export const bucketType = "aws:s3/bucket:Bucket";
export const queueType = "aws:sqs/queue:Queue";

/** A class-like value as `validateResourceOfType` expects (only `__pulumiType` is read). */
export const Bucket = { __pulumiType: bucketType } as unknown as new (name: string, args: { acl?: string }) => any;

/** A mandatory-capable policy that reports public buckets. */
export function flagAcl(overrides: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return {
        name: "no-public-acl",
        description: "Checks that buckets are private.",
        validateResource: validateResourceOfTypes<{ acl?: string }>(bucketType, (bucket, _args, report) => {
            if (bucket.acl === "public-read") {
                report("acl is public-read", "urn:ignored");
            }
        }),
        ...overrides,
    };
}

/** A remediation that sets the bucket's acl (always returns the props, changed or not). */
export function setAcl(name: string, acl: string): ResourceValidationPolicy {
    return {
        name,
        description: `Sets acl to ${acl}.`,
        enforcementLevel: "remediate",
        remediateResource: remediateResourceOfTypes<{ acl?: string }>(bucketType, bucket => ({ ...bucket, acl })),
    };
}

export const publicBucket = fakeResource(bucketType, "public", { acl: "public-read" });
export const privateBucket = fakeResource(bucketType, "private", { acl: "private" });

/** The SDK's note for a policy that read an unknown value. */
export function previewNote(policy: string, detail: string, kind: "policy" | "remediation" = "policy"): string {
    return `can't run ${kind} '${policy}' from policy pack 'ecs-platform-policies@v0.1.0' during preview: ${detail}`;
}
