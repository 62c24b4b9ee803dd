import * as assert from "assert";
import * as fc from "fast-check";
import { IPv4, IPv4CidrRange, IPv4Prefix, IPv6CidrRange, IPv6Prefix } from "ip-num";
import {
    CidrPlanError,
    ipv6SubnetCidr,
    LARGEST_VPC_PREFIX,
    MAX_AZ_COUNT,
    minimumVpcPrefix,
    parseIpv6Cidr,
    planSubnets,
    SMALLEST_VPC_PREFIX,
    SubnetPlan,
} from "../../../components/networking/cidr-plan";

/** The plan as `[tier, cidr]` lists, for compact golden comparisons. */
function cidrs(plan: SubnetPlan): { public: string[]; private: string[] } {
    plan.public.forEach((s, i) => assert.strictEqual(s.azIndex, i));
    plan.private.forEach((s, i) => assert.strictEqual(s.azIndex, i));
    return { public: plan.public.map(s => s.cidr), private: plan.private.map(s => s.cidr) };
}

function assertPlanError(fn: () => unknown, message: RegExp): void {
    assert.throws(
        fn,
        (err: unknown) =>
            err instanceof CidrPlanError && err.problems.length === 1 && message.test(err.problems[0].message),
    );
}

describe("networking/cidr-plan", () => {
    describe("golden plans", () => {
        it("10.0.0.0/16 with 2 AZs: private /20s from the bottom, public /24s from the top", () => {
            assert.deepStrictEqual(cidrs(planSubnets("10.0.0.0/16", 2)), {
                private: ["10.0.0.0/20", "10.0.16.0/20"],
                public: ["10.0.255.0/24", "10.0.254.0/24"],
            });
        });

        it("10.0.0.0/16 with 3 AZs", () => {
            assert.deepStrictEqual(cidrs(planSubnets("10.0.0.0/16", 3)), {
                private: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
                public: ["10.0.255.0/24", "10.0.254.0/24", "10.0.253.0/24"],
            });
        });

        it("172.16.0.0/20 with 3 AZs: private /24s, public subnets floored at the ALB's /27", () => {
            assert.deepStrictEqual(cidrs(planSubnets("172.16.0.0/20", 3)), {
                private: ["172.16.0.0/24", "172.16.1.0/24", "172.16.2.0/24"],
                public: ["172.16.15.224/27", "172.16.15.192/27", "172.16.15.160/27"],
            });
        });

        it("10.2.0.0/22 with 3 AZs: private subnets floored at /26", () => {
            assert.deepStrictEqual(cidrs(planSubnets("10.2.0.0/22", 3)), {
                private: ["10.2.0.0/26", "10.2.0.64/26", "10.2.0.128/26"],
                public: ["10.2.3.224/27", "10.2.3.192/27", "10.2.3.160/27"],
            });
        });

        it("10.2.0.0/22 holds all 6 AZs", () => {
            assert.deepStrictEqual(cidrs(planSubnets("10.2.0.0/22", 6)), {
                private: [
                    "10.2.0.0/26",
                    "10.2.0.64/26",
                    "10.2.0.128/26",
                    "10.2.0.192/26",
                    "10.2.1.0/26",
                    "10.2.1.64/26",
                ],
                public: [
                    "10.2.3.224/27",
                    "10.2.3.192/27",
                    "10.2.3.160/27",
                    "10.2.3.128/27",
                    "10.2.3.96/27",
                    "10.2.3.64/27",
                ],
            });
        });

        it("192.168.0.0/25 holds a single AZ", () => {
            assert.deepStrictEqual(cidrs(planSubnets("192.168.0.0/25", 1)), {
                private: ["192.168.0.0/26"],
                public: ["192.168.0.96/27"],
            });
        });
    });

    describe("minimum VPC size", () => {
        it("is /25 for 1 AZ, /24 for 2, /23 for 3 to 5, /22 for 6", () => {
            assert.deepStrictEqual([1, 2, 3, 4, 5, 6].map(minimumVpcPrefix), [25, 24, 23, 23, 23, 22]);
        });

        it("rejects a VPC too small for the AZ count and names the prefix that fits", () => {
            assertPlanError(
                () => planSubnets("10.0.0.0/24", 3),
                /^a \/24 VPC is too small for 3 AZs .*: use \/23 or larger$/,
            );
            assertPlanError(() => planSubnets("10.0.0.0/23", 6), /too small for 6 AZs .*: use \/22 or larger$/);
            assertPlanError(() => planSubnets("10.0.0.0/28", 1), /use \/25 or larger$/);
        });

        it("agrees with planSubnets at every prefix and AZ count", () => {
            for (let azCount = 1; azCount <= MAX_AZ_COUNT; azCount++) {
                for (let prefix = LARGEST_VPC_PREFIX; prefix <= SMALLEST_VPC_PREFIX; prefix++) {
                    const plans = () => planSubnets(`10.0.0.0/${prefix}`, azCount);
                    if (prefix <= minimumVpcPrefix(azCount)) {
                        assert.doesNotThrow(plans, `/${prefix} with ${azCount} AZs`);
                    } else {
                        assert.throws(plans, CidrPlanError, `/${prefix} with ${azCount} AZs`);
                    }
                }
            }
        });
    });

    describe("invalid input", () => {
        it("rejects strings that are not IPv4 CIDR blocks", () => {
            for (const bad of ["foo", "10.0.0.0", "10.0.0.0/33", "10.0.0.256/16", "2001:db8::/56", ""]) {
                assertPlanError(() => planSubnets(bad, 2), /is not an IPv4 CIDR block/);
            }
        });

        it("rejects host bits and suggests the network address", () => {
            assertPlanError(() => planSubnets("10.0.0.1/16", 2), /has host bits set: use 10\.0\.0\.0\/16$/);
        });

        it("rejects VPC sizes AWS does not allow", () => {
            assertPlanError(() => planSubnets("10.0.0.0/8", 2), /AWS VPCs are \/16 to \/28/);
            assertPlanError(() => planSubnets("10.0.0.0/29", 1), /AWS VPCs are \/16 to \/28/);
        });

        it("rejects AZ counts outside 1..6", () => {
            for (const bad of [0, -1, 7, 2.5, NaN]) {
                assertPlanError(() => planSubnets("10.0.0.0/16", bad), /must be an integer from 1 to 6/);
            }
        });
    });

    describe("properties", () => {
        /** A canonical VPC CIDR anywhere in the IPv4 space, its prefix between `minPrefix` and `maxPrefix`. */
        const vpcCidr = (minPrefix = LARGEST_VPC_PREFIX, maxPrefix = SMALLEST_VPC_PREFIX) =>
            fc
                .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: minPrefix, max: maxPrefix }))
                .map(([address, prefix]) => {
                    const network = new IPv4CidrRange(
                        IPv4.fromNumber(BigInt(address)),
                        IPv4Prefix.fromNumber(BigInt(prefix)),
                    ).getFirst();
                    return `${network.toString()}/${prefix}`;
                });
        const prefixOf = (cidr: string) => Number(cidr.split("/")[1]);
        const azCount = fc.integer({ min: 1, max: MAX_AZ_COUNT });
        /** A VPC and an AZ count that fits it. */
        const fittingPlanInput = azCount.chain(n =>
            fc.tuple(vpcCidr(LARGEST_VPC_PREFIX, minimumVpcPrefix(n)), fc.constant(n)),
        );
        /** A VPC and an AZ count too many for it. */
        const tooSmallPlanInput = azCount.chain(n => fc.tuple(vpcCidr(minimumVpcPrefix(n) + 1), fc.constant(n)));

        it("keeps every subnet inside the VPC and no two subnets overlapping", () => {
            fc.assert(
                fc.property(fittingPlanInput, ([cidr, azCount]) => {
                    const vpc = IPv4CidrRange.fromCidr(cidr);
                    const plan = planSubnets(cidr, azCount);
                    const subnets = [...plan.public, ...plan.private].map(s => IPv4CidrRange.fromCidr(s.cidr));
                    assert.strictEqual(subnets.length, 2 * azCount);
                    subnets.forEach(subnet =>
                        assert.ok(subnet.inside(vpc), `${subnet.toCidrString()} outside ${cidr}`),
                    );
                    subnets.forEach((a, i) =>
                        subnets
                            .slice(i + 1)
                            .forEach(b =>
                                assert.ok(!a.isOverlapping(b), `${a.toCidrString()} overlaps ${b.toCidrString()}`),
                            ),
                    );
                }),
            );
        });

        it("makes private subnets larger than public ones, and public ones at least the ALB's /27", () => {
            fc.assert(
                fc.property(fittingPlanInput, ([cidr, azCount]) => {
                    const plan = planSubnets(cidr, azCount);
                    const privatePrefix = prefixOf(plan.private[0].cidr);
                    const publicPrefix = prefixOf(plan.public[0].cidr);
                    assert.ok(privatePrefix < publicPrefix);
                    assert.ok(publicPrefix <= 27);
                }),
            );
        });

        it("is stable as AZs are added: plan(n) is a prefix of plan(n + 1) in each tier", () => {
            fc.assert(
                fc.property(vpcCidr(), cidr => {
                    let previous: SubnetPlan | undefined;
                    for (
                        let azCount = 1;
                        azCount <= MAX_AZ_COUNT && prefixOf(cidr) <= minimumVpcPrefix(azCount);
                        azCount++
                    ) {
                        const plan = planSubnets(cidr, azCount);
                        if (previous) {
                            assert.deepStrictEqual(plan.public.slice(0, azCount - 1), previous.public);
                            assert.deepStrictEqual(plan.private.slice(0, azCount - 1), previous.private);
                        }
                        previous = plan;
                    }
                }),
            );
        });

        it("is deterministic", () => {
            fc.assert(
                fc.property(fittingPlanInput, ([cidr, azCount]) =>
                    assert.deepStrictEqual(planSubnets(cidr, azCount), planSubnets(cidr, azCount)),
                ),
            );
        });

        it("rejects exactly the VPCs too small for the AZ count", () => {
            fc.assert(
                fc.property(tooSmallPlanInput, ([cidr, azCount]) => {
                    assertPlanError(
                        () => planSubnets(cidr, azCount),
                        new RegExp(`use /${minimumVpcPrefix(azCount)} or larger$`),
                    );
                }),
            );
        });
    });

    describe("IPv6 /64s of the VPC's /56", () => {
        const VPC = "2a05:d018:1abc:1d00::/56";

        it("places public subnet i at /64 number i counted down from the top, like its IPv4 block", () => {
            assert.deepStrictEqual(
                [0, 1, 2].map(i => ipv6SubnetCidr(VPC, "public", i)),
                ["2a05:d018:1abc:1dff::/64", "2a05:d018:1abc:1dfe::/64", "2a05:d018:1abc:1dfd::/64"],
            );
            assert.strictEqual(ipv6SubnetCidr(VPC, "private", 1), "2a05:d018:1abc:1d01::/64");
        });

        it("gives every (tier, AZ) its own /64 inside the /56, in the compressed form AWS stores", () => {
            const vpc = IPv6CidrRange.fromCidr(VPC);
            const all = (["public", "private"] as const).flatMap(tier =>
                Array.from({ length: MAX_AZ_COUNT }, (_, i) => ipv6SubnetCidr(VPC, tier, i)),
            );
            assert.strictEqual(new Set(all).size, 2 * MAX_AZ_COUNT);
            for (const cidr of all) {
                assert.ok(vpc.contains(IPv6CidrRange.fromCidr(cidr)), cidr);
                assert.doesNotThrow(() => parseIpv6Cidr(cidr, "cidr"), cidr);
            }
        });

        it("for any /56, public /64s fill it from the top down and private ones from the bottom up", () => {
            fc.assert(
                fc.property(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 1, max: 0xff }), (group3, high) => {
                    const block = `2600:1f18:${group3.toString(16)}:${(high << 8).toString(16)}::/56`;
                    // The n-th /64: counted with ip-num's own range stepping, not the arithmetic under test.
                    const bottom = new IPv6CidrRange(
                        IPv6CidrRange.fromCidr(block).getFirst(),
                        IPv6Prefix.fromNumber(64n),
                    );
                    const steps = [bottom];
                    while (steps.length < 256) steps.push(steps[steps.length - 1].nextRange()!);
                    const at = (n: number) => steps[n].getFirst().toString();
                    for (let i = 0; i < MAX_AZ_COUNT; i++) {
                        const pub = IPv6CidrRange.fromCidr(ipv6SubnetCidr(block, "public", i));
                        const priv = IPv6CidrRange.fromCidr(ipv6SubnetCidr(block, "private", i));
                        assert.strictEqual(pub.getFirst().toString(), at(255 - i));
                        assert.strictEqual(priv.getFirst().toString(), at(i));
                    }
                }),
                { numRuns: 8 },
            );
        });

        it("refuses a block that is not a canonical /56, and an AZ index outside the plan", () => {
            for (const bad of ["2a05:d018:1abc:1d00::/64", "2a05:D018:1abc:1d00::/56", "10.0.0.0/16"]) {
                assert.throws(() => ipv6SubnetCidr(bad, "public", 0), CidrPlanError, bad);
            }
            assert.throws(() => ipv6SubnetCidr(VPC, "public", MAX_AZ_COUNT), CidrPlanError);
        });
    });
});
