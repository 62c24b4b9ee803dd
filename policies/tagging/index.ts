import type { PlatformPolicy } from "../lib";
import { requiredTags } from "./required-tags";

/** Cross-cutting tagging policies. */
export const taggingPolicies: PlatformPolicy[] = [requiredTags];
