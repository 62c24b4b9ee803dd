import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";

/** Where the per-region price tables live: `prices/<region>.json`. */
export const PRICES_DIR = path.join(__dirname, "prices");

const priceSchema = z.strictObject({
    value: z.number().nonnegative(),
    unit: z.string().min(1),
    /** The AWS price page the figure comes from. */
    source: z.url(),
    /** Whether a stored copy of a page stating this figure was found when the table was written. */
    confirmed: z.boolean(),
    note: z.string().optional(),
});

export type Price = z.infer<typeof priceSchema>;

/** Every figure a region's table must have (EC2 instance types are optional: a missing one is reported, not guessed). */
export const PRICE_KEYS = [
    "natGatewayHour",
    "publicIpv4Hour",
    "albHour",
    "albLcuHour",
    "interfaceEndpointAzHour",
    "fargateX86VcpuHour",
    "fargateX86GbHour",
    "fargateArmVcpuHour",
    "fargateArmGbHour",
    "fargateSpotDiscount",
    "ebsGp3GbMonth",
    "kmsKeyMonth",
    "secretsManagerSecretMonth",
    "ssmAdvancedParameterMonth",
    "cloudwatchAlarmMonth",
    "cloudwatchHighResolutionAlarmMonth",
    "cloudwatchCompositeAlarmMonth",
    "cloudwatchDashboardMonth",
    "route53HostedZoneMonth",
    "route53QueriesMillion",
    "sqsStandardRequestsMillion",
    "sqsFifoRequestsMillion",
    "schedulerInvocationsMillion",
    "wafWebAclMonth",
    "wafRuleMonth",
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];

const priceTableSchema = z.strictObject({
    region: z.string(),
    currency: z.literal("USD"),
    /** The day the figures were read. */
    priceDate: z.iso.date(),
    hoursPerMonth: z.literal(730),
    about: z.string(),
    prices: z.strictObject(
        Object.fromEntries(PRICE_KEYS.map(k => [k, priceSchema])) as Record<PriceKey, typeof priceSchema>,
    ),
    ec2InstanceHour: z.record(z.string(), priceSchema),
});

export type PriceTable = z.infer<typeof priceTableSchema>;

/** The price table of a region, or undefined when the repository has none (never a guess from another region). */
export function loadPriceTable(region: string, dir: string = PRICES_DIR): PriceTable | undefined {
    const file = path.join(dir, `${region}.json`);
    if (!/^[a-z0-9-]+$/.test(region) || !existsSync(file)) {
        return undefined;
    }
    const parsed = priceTableSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
        throw new Error(`Invalid price table ${file}: ${z.prettifyError(parsed.error)}`);
    }
    if (parsed.data.region !== region) {
        throw new Error(`Price table ${file} is for region ${parsed.data.region}, not ${region}.`);
    }
    return parsed.data;
}
