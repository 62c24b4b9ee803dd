import * as aws from "@pulumi/aws";
import { ConfigError, ConfigProblem } from "./errors";
import type { StackConfig } from "./resolve";
import { accountOf } from "./aws-formats";
import { namedArns } from "./rules";

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
 * The certificate, web ACL and rotation function the stack names must be in the deploying account: an ALB cannot
 * use another account's ACM certificate or (outside Firewall Manager) web ACL, and Secrets Manager invokes
 * rotation functions of its own account.
 */
export function accountProblems(config: StackConfig, accountId: string): ConfigProblem[] {
    return namedArns(config)
        .filter(({ arn }) => accountOf(arn) !== accountId)
        .map(({ key, arn }) => ({
            key: `ecs-platform:${key}`,
            message: `belongs to account ${accountOf(arn)}, but the stack deploys to account ${accountId}: name one of account ${accountId}`,
        }));
}

/**
 * Looks up what is only known at deploy time (the Region's zones, the account) and fails with a
 * {@link ConfigError} before any resource is registered when the stack asks for what is not there.
 */
export async function checkDeployTimeFacts(config: StackConfig): Promise<void> {
    const [zones, identity] = await Promise.all([aws.getAvailabilityZones(REGULAR_ZONES), aws.getCallerIdentity()]);
    const problems = [...availabilityZoneProblems(config, zones.names), ...accountProblems(config, identity.accountId)];
    if (problems.length > 0) {
        throw new ConfigError(config.stackFile, problems);
    }
}
