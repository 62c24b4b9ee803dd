import * as aws from "@pulumi/aws";
import { ConfigError, ConfigProblem } from "./errors";
import type { StackConfig } from "./resolve";

/**
 * The zones the network may use: available, regular AZs (no Local or Wavelength Zones), as the
 * Networking component looks them up. How many a Region has, and which, depends on the account
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html).
 */
export const REGULAR_ZONES = {
    state: "available",
    filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
};

/** `network.azCount` against the zones the Region offers this account. Pure: the lookup's answer in, problems out. */
export function availabilityZoneProblems(config: StackConfig, zoneNames: readonly string[]): ConfigProblem[] {
    const wanted = config.network.azCount;
    if (wanted <= zoneNames.length) {
        return [];
    }
    return [
        {
            key: "ecs-platform:network.azCount",
            message: `is ${wanted}, but ${config.region} has ${zoneNames.length} availability zones for this account (${zoneNames.join(", ")}): use at most ${zoneNames.length}`,
        },
    ];
}

/**
 * Looks the Region's zones up (a deploy-time fact) and fails with a {@link ConfigError} before any resource is
 * registered when the stack asks for more than there are.
 */
export async function checkAvailabilityZones(config: StackConfig): Promise<void> {
    const zones = await aws.getAvailabilityZones(REGULAR_ZONES);
    const problems = availabilityZoneProblems(config, zones.names);
    if (problems.length > 0) {
        throw new ConfigError(config.stackFile, problems);
    }
}
