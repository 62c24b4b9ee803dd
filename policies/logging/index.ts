import type { PlatformPolicy } from "../lib";
import { logGroupKms, logRetentionBounds, logRetentionSet } from "./log-group";

/** CloudWatch log group retention and encryption. */
export const loggingPolicies: PlatformPolicy[] = [logRetentionSet, logRetentionBounds, logGroupKms];
