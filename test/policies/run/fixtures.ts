import type { ResourceValidationPolicy } from "@pulumi/policy";
import { remediateResourceOfTypes, validateResourceOfTypes } from "../../../policies/lib";
import { fakeResource } from "../helpers";
import packageJson = require("../../../policies/package.json");

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

/** The pack's name and version as the SDK names it in its notes (from policies/package.json). */
const PACK = `${packageJson.name}@v${packageJson.version}`;

/** The SDK's note for a policy that read an unknown value. */
export function previewNote(policy: string, detail: string, kind: "policy" | "remediation" = "policy"): string {
    return `can't run ${kind} '${policy}' from policy pack '${PACK}' during preview: ${detail}`;
}
