/**
 * The subnet CIDR plan: a pure function from a VPC CIDR and an AZ count to one public and one private subnet per AZ.
 *
 * ## Sizing rule (derived from the VPC prefix `/p` alone, never from the AZ count)
 * - private subnet: `/min(p + 4, 26)`, i.e. 1/16 of the VPC (a /20 in a /16) and never smaller than a /26;
 *   the tasks live here and each Fargate task takes one address.
 * - public subnet: `/min(p + 8, 27)`, i.e. 1/256 of the VPC (a /24 in a /16) and never smaller than a /27, the
 *   smallest subnet an Application Load Balancer accepts; only the load balancer and the NAT gateways live here.
 *
 * ## Placement (what keeps the plan stable)
 * Think of the VPC cut into equal blocks of each tier's size. The private subnet of AZ `i` is block `i` counted up
 * from the bottom of the VPC; the public subnet of AZ `i` is block `i` counted down from the top. A subnet's CIDR
 * therefore depends only on the VPC CIDR, its tier and its AZ index: adding an AZ appends subnets and never
 * renumbers an existing one (renumbering a subnet replaces it and everything in it). The space between the two
 * tiers stays free for later tiers. At most {@link MAX_AZ_COUNT} AZs are planned.
 *
 * Example, `10.0.0.0/16` with 3 AZs: private `10.0.0.0/20`, `10.0.16.0/20`, `10.0.32.0/20`;
 * public `10.0.255.0/24`, `10.0.254.0/24`, `10.0.253.0/24`.
 *
 * A VPC too small for the requested AZ count is a {@link CidrPlanError} naming the smallest VPC that fits;
 * {@link minimumVpcPrefix} gives that bound directly. All CIDR arithmetic is done by `ip-num`.
 *
 * ## IPv6 (dual-stack public subnets)
 * The VPC's Amazon-provided IPv6 block is a /56, known only once AWS assigns it; each subnet takes a /64 of it,
 * placed like its IPv4 block: {@link ipv6SubnetCidr} gives AZ `i`'s public subnet /64 number `i` counted down from
 * the top of the /56 (and would give a private subnet number `i` counted up from the bottom). So a subnet's IPv6
 * block, too, depends only on the VPC block, its tier and its AZ index.
 */
import { collapseIPv6Number, IPv4, IPv4CidrRange, IPv4Prefix, IPv6, IPv6CidrRange, Validator } from "ip-num";
import { ComponentArgumentError } from "../shared/errors";

/** Most AZs the plan places subnets for: the most any AWS region has (us-east-1 has 6). */
export const MAX_AZ_COUNT = 6;

/** Largest VPC AWS allows (`/16`). */
export const LARGEST_VPC_PREFIX = 16;

/** Smallest VPC AWS allows (`/28`). */
export const SMALLEST_VPC_PREFIX = 28;

/** Private subnets are 1/16 of the VPC (prefix + 4), down to this floor. */
const PRIVATE_PREFIX_OFFSET = 4;
const SMALLEST_PRIVATE_PREFIX = 26;

/** Public subnets are 1/256 of the VPC (prefix + 8), down to the /27 an Application Load Balancer requires. */
const PUBLIC_PREFIX_OFFSET = 8;
const SMALLEST_PUBLIC_PREFIX = 27;

/** The subnet tiers of the plan. */
export type SubnetTier = "public" | "private";

/** One planned subnet. */
export interface PlannedSubnet {
    /** Index of the AZ (0-based, in the order of the region's available AZ names) the subnet lives in. */
    azIndex: number;
    /** The subnet's IPv4 CIDR block, e.g. `10.0.0.0/20`. */
    cidr: string;
}

/** The subnets of each tier, in AZ order (`plan.private[i].azIndex === i`). */
export interface SubnetPlan extends Record<SubnetTier, PlannedSubnet[]> {
    /** The load balancer's and the NAT gateways' subnets. */
    public: PlannedSubnet[];
    /** The tasks' and the interface endpoints' subnets. */
    private: PlannedSubnet[];
}

/**
 * An invalid VPC CIDR or AZ count, or a VPC too small for the plan: a {@link ComponentArgumentError} naming the
 * argument (`vpcCidr`, `azCount`, or the caller's name for a CIDR) and how to fix it.
 */
export class CidrPlanError extends ComponentArgumentError {
    constructor(argument: string, message: string) {
        super("planSubnets", argument, [{ argument, message }]);
    }
}

/** The subnet prefix length of each tier for a VPC of prefix `/vpcPrefix` (see the module's sizing rule). */
export function subnetPrefixes(vpcPrefix: number): Record<SubnetTier, number> {
    return {
        private: Math.min(vpcPrefix + PRIVATE_PREFIX_OFFSET, SMALLEST_PRIVATE_PREFIX),
        public: Math.min(vpcPrefix + PUBLIC_PREFIX_OFFSET, SMALLEST_PUBLIC_PREFIX),
    };
}

/**
 * The longest VPC prefix (the smallest VPC) that holds the plan for `azCount` AZs,
 * e.g. 23 for 3 AZs: a /23 or larger VPC fits, a /24 does not.
 */
export function minimumVpcPrefix(azCount: number): number {
    assertAzCount(azCount);
    for (let prefix = SMALLEST_VPC_PREFIX; prefix >= LARGEST_VPC_PREFIX; prefix--) {
        if (fits(prefix, azCount)) {
            return prefix;
        }
    }
    // Unreachable for azCount <= MAX_AZ_COUNT: a /16 holds 15 AZs.
    throw new CidrPlanError("azCount", `no VPC AWS allows holds ${azCount} AZs`);
}

/**
 * Plans one private and one public subnet in each of the first `azCount` AZs of the VPC `vpcCidr`.
 *
 * @throws CidrPlanError when `vpcCidr` is not a canonical IPv4 CIDR between /16 and /28, when `azCount` is not an
 * integer from 1 to {@link MAX_AZ_COUNT}, or when the VPC is too small (the message names the prefix that fits).
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
    const vpc = parseVpcCidr(vpcCidr);
    assertAzCount(azCount);
    const vpcPrefix = Number(vpc.getPrefix().getValue());
    const prefixes = subnetPrefixes(vpcPrefix);
    if (!fits(vpcPrefix, azCount)) {
        throw new CidrPlanError(
            "vpcCidr",
            `a /${vpcPrefix} VPC is too small for ${azCount} AZs (each AZ takes a /${prefixes.private} private and a ` +
                `/${prefixes.public} public subnet): use /${minimumVpcPrefix(azCount)} or larger`,
        );
    }
    const privateBlocks = walk(blockContaining(vpc.getFirst(), prefixes.private), azCount, block => block.nextRange());
    const publicBlocks = walk(blockContaining(vpc.getLast(), prefixes.public), azCount, block => block.previousRange());
    const toSubnets = (blocks: IPv4CidrRange[]) =>
        blocks.map((block, azIndex) => ({ azIndex, cidr: block.toCidrString() }));
    return { public: toSubnets(publicBlocks), private: toSubnets(privateBlocks) };
}

/**
 * Validates an IPv4 CIDR block in canonical form (`10.0.0.0/16`, not `10.0.0.1/16`).
 * @throws CidrPlanError naming what is wrong; `what` is the argument the value came from (e.g. `vpcCidr`).
 */
export function parseIpv4Cidr(cidr: string, what: string): IPv4CidrRange {
    const [isNotation, notationErrors] = Validator.isValidIPv4CidrNotation(cidr);
    if (!isNotation) {
        throw new CidrPlanError(what, `"${cidr}" is not an IPv4 CIDR block: ${notationErrors.join("; ")}`);
    }
    const range = IPv4CidrRange.fromCidr(cidr);
    const [isCanonical] = Validator.isValidIPv4CidrRange(cidr);
    if (!isCanonical) {
        const canonical = `${range.getFirst().toString()}/${range.getPrefix().getValue()}`;
        throw new CidrPlanError(what, `"${cidr}" has host bits set: use ${canonical}`);
    }
    return range;
}

function parseVpcCidr(vpcCidr: string): IPv4CidrRange {
    const vpc = parseIpv4Cidr(vpcCidr, "vpcCidr");
    const prefix = Number(vpc.getPrefix().getValue());
    if (prefix < LARGEST_VPC_PREFIX || prefix > SMALLEST_VPC_PREFIX) {
        throw new CidrPlanError(
            "vpcCidr",
            `"${vpcCidr}" is a /${prefix}: AWS VPCs are /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
        );
    }
    return vpc;
}

/** The block of size `/prefix` that holds `address`. */
function blockContaining(address: IPv4, prefix: number): IPv4CidrRange {
    const block = new IPv4CidrRange(address, IPv4Prefix.fromNumber(BigInt(prefix)));
    return new IPv4CidrRange(block.getFirst(), block.getPrefix());
}

/** `count` adjacent blocks from `first`, each `step` from the previous (the fit check keeps them inside the VPC). */
function walk(
    first: IPv4CidrRange,
    count: number,
    step: (block: IPv4CidrRange) => IPv4CidrRange | undefined,
): IPv4CidrRange[] {
    const blocks = [first];
    while (blocks.length < count) {
        blocks.push(step(blocks[blocks.length - 1])!);
    }
    return blocks;
}

function assertAzCount(azCount: number): void {
    if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZ_COUNT) {
        throw new CidrPlanError("azCount", `must be an integer from 1 to ${MAX_AZ_COUNT}, got ${azCount}`);
    }
}

/** Whether `azCount` private blocks from the bottom and as many public blocks from the top fit without meeting. */
function fits(vpcPrefix: number, azCount: number): boolean {
    const prefixes = subnetPrefixes(vpcPrefix);
    const sizeOf = (prefix: number) => IPv4Prefix.fromNumber(BigInt(prefix)).toRangeSize();
    const perAz = sizeOf(prefixes.private) + sizeOf(prefixes.public);
    return BigInt(azCount) * perAz <= sizeOf(vpcPrefix);
}

/** The Amazon-provided IPv6 block of a VPC is always a /56. */
export const VPC_IPV6_PREFIX = 56;

/** A subnet of an Amazon-provided block takes a /64 of it. */
export const SUBNET_IPV6_PREFIX = 64;

/**
 * The /64 of a subnet inside the VPC's /56 (see the module's IPv6 section), in the compressed form AWS returns
 * (`2a05:d018:1234:56ff::/64`), so the provider sees no difference between what was sent and what AWS stores.
 *
 * @throws CidrPlanError when `vpcIpv6Cidr` is not a canonical /56 or `azIndex` is outside the plan.
 */
export function ipv6SubnetCidr(vpcIpv6Cidr: string, tier: SubnetTier, azIndex: number): string {
    const vpc = parseIpv6Cidr(vpcIpv6Cidr, "vpcIpv6CidrBlock");
    if (Number(vpc.getPrefix().getValue()) !== VPC_IPV6_PREFIX) {
        throw new CidrPlanError("vpcIpv6CidrBlock", `"${vpcIpv6Cidr}" is not a /${VPC_IPV6_PREFIX}`);
    }
    if (!Number.isInteger(azIndex) || azIndex < 0 || azIndex >= MAX_AZ_COUNT) {
        throw new CidrPlanError("azIndex", `must be an integer from 0 to ${MAX_AZ_COUNT - 1}, got ${azIndex}`);
    }
    const count = 1 << (SUBNET_IPV6_PREFIX - VPC_IPV6_PREFIX);
    const index = tier === "private" ? azIndex : count - 1 - azIndex;
    const first = vpc.getFirst().getValue() + (BigInt(index) << BigInt(128 - SUBNET_IPV6_PREFIX));
    return `${collapseIPv6Number(new IPv6(first).toString())}/${SUBNET_IPV6_PREFIX}`;
}

/**
 * Validates an IPv6 CIDR block in canonical form: no host bits set, lowercase and compressed as AWS stores it
 * (`2001:db8::/32`, not `2001:DB8:0:0::/32`), since another spelling would show as a change on every preview.
 * @throws CidrPlanError naming what is wrong; `what` is the argument the value came from.
 */
export function parseIpv6Cidr(cidr: string, what: string): IPv6CidrRange {
    const [isNotation, notationErrors] = Validator.isValidIPv6CidrNotation(cidr);
    if (!isNotation) {
        throw new CidrPlanError(what, `"${cidr}" is not an IPv6 CIDR block: ${notationErrors.join("; ")}`);
    }
    const range = IPv6CidrRange.fromCidr(cidr);
    const canonical = `${collapseIPv6Number(range.getFirst().toString())}/${range.getPrefix().getValue()}`;
    if (cidr !== canonical) {
        throw new CidrPlanError(what, `"${cidr}" is not in canonical form: use ${canonical}`);
    }
    return range;
}

/** Whether `cidr` is written as an IPv6 block (it has a `:`); which family a CIDR allowlist entry belongs to. */
export function isIpv6Cidr(cidr: string): boolean {
    return cidr.includes(":");
}
