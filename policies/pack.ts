/** Pack-level settings shared by `index.ts` (the served pack) and `run.ts` (the in-process runner). */
import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyPackIdentity } from "./runner/types";

/** The pack's name, as published (`pulumi policy publish`) and enabled (`<org>/ecs-platform-policies`). */
export const packName = "ecs-platform-policies";

/** Level of policies that set none themselves; config (`all`, then per-policy entries) overrides it. */
export const packEnforcementLevel: EnforcementLevel = "advisory";

/** The pack's version: `package.json`'s, which `new PolicyPack` also reads and `pulumi policy publish` publishes. */
export const packVersion: string = (require("./package.json") as { version: string }).version;

/** This pack, as the runner and the SDK's messages name it. */
export const thisPack: PolicyPackIdentity = {
    name: packName,
    version: packVersion,
    enforcementLevel: packEnforcementLevel,
};
