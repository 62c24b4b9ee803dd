/** Pack-level settings shared by `index.ts` (the served pack) and `run.ts` (the in-process runner). */
import type { EnforcementLevel } from "@pulumi/policy";

/** The pack's name, as published (`pulumi policy publish`) and enabled (`<org>/ecs-platform-policies`). */
export const packName = "ecs-platform-policies";

/** Level of policies that set none themselves; config (`all`, then per-policy entries) overrides it. */
export const packEnforcementLevel: EnforcementLevel = "advisory";
