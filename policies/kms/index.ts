import type { PlatformPolicy } from "../lib";
import { kmsDeletionWindow, kmsRotation } from "./key";
import { kmsPolicyNoStar } from "./key-policy";

/** KMS key rotation, key policy and deletion policies. */
export const kmsPolicies: PlatformPolicy[] = [kmsRotation, kmsPolicyNoStar, kmsDeletionWindow];
