/** Pack-level settings shared by `index.ts` (the served pack) and `run.ts` (the in-process runner). */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyPackIdentity } from "./runner/types";

/** The pack's name, as published (`pulumi policy publish`) and enabled (`<org>/ecs-platform-policies`). */
export const packName = "ecs-platform-policies";

/** Level of policies that set none themselves; config (`all`, then per-policy entries) overrides it. */
export const packEnforcementLevel: EnforcementLevel = "advisory";

/**
 * The pack's version: its `package.json`'s, which `new PolicyPack` also reads and `pulumi policy publish` publishes.
 * Found by walking up, so the compiled library (`bin/`) reads the same file.
 */
export const packVersion: string = packageVersion(__dirname);

function packageVersion(dir: string): string {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
        return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("ecs-platform-policies: no package.json above the pack");
    return packageVersion(parent);
}

/** This pack, as the runner and the SDK's messages name it. */
export const thisPack: PolicyPackIdentity = {
    name: packName,
    version: packVersion,
    enforcementLevel: packEnforcementLevel,
};
