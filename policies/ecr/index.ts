import type { PlatformPolicy } from "../lib";
import { ecrLifecycleContent, ecrLifecyclePresent } from "./lifecycle";
import { ecrKms, ecrNoForceDelete, ecrTagImmutable } from "./repository";
import { ecrPolicyNotPublic } from "./repository-policy";
import { ecrScanOnPush } from "./scan-on-push";

/** ECR repository, lifecycle and repository-policy policies. */
export const ecrPolicies: PlatformPolicy[] = [
    ecrScanOnPush,
    ecrTagImmutable,
    ecrKms,
    ecrLifecyclePresent,
    ecrLifecycleContent,
    ecrPolicyNotPublic,
    ecrNoForceDelete,
];
