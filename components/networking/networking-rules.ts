import { ArgumentProblems } from "../shared";
import { CidrPlanError, isIpv6Cidr, parseIpv4Cidr, parseIpv6Cidr } from "./cidr-plan";
import type { ResolvedArgs } from "./networking-args";

/** Every problem with Networking's arguments AWS would reject or that would collide, before any resource exists. */
export function networkingProblems(args: ResolvedArgs): ArgumentProblems {
    const problems = new ArgumentProblems();
    if (args.azCount < 2) {
        problems.add("azCount", `must be at least 2 (an Application Load Balancer needs two AZs), got ${args.azCount}`);
    }
    const ingress = { ipv6: args.ipv6, switch: "ipv6" };
    for (const p of cidrAllowlistProblems("loadBalancerIngressCidrs", args.loadBalancerIngressCidrs, ingress).list) {
        problems.add(p.argument, p.message);
    }
    if (args.ssmEndpoint && !args.interfaceEndpoints) {
        problems.add("ssmEndpoint", "requires interfaceEndpoints: the ssm endpoint shares their security group");
    }
    return problems;
}

/**
 * What is wrong with a CIDR allowlist of the load balancer (problems on `<argument>[i]`): each entry a canonical
 * IPv4 block, or, when the load balancer is dual-stack, a canonical IPv6 block; each listed once. `ipv6.switch`
 * names the setting that turns IPv6 on, for the message. Pure: the config boundary runs it on the stack's keys.
 */
export function cidrAllowlistProblems(
    argument: string,
    cidrs: readonly string[],
    ipv6: { ipv6: boolean; switch: string },
): ArgumentProblems {
    const problems = new ArgumentProblems();
    cidrs.forEach((cidr, i) => {
        const entry = `${argument}[${i}]`;
        if (isIpv6Cidr(cidr) && !ipv6.ipv6) {
            problems.add(entry, `${cidr} is an IPv6 block, but the load balancer is IPv4-only: turn on ${ipv6.switch}`);
            return;
        }
        try {
            (isIpv6Cidr(cidr) ? parseIpv6Cidr : parseIpv4Cidr)(cidr, entry);
        } catch (err) {
            if (!(err instanceof CidrPlanError)) throw err;
            err.problems.forEach(p => problems.add(p.argument, p.message));
        }
    });
    const duplicate = cidrs.find((cidr, i) => cidrs.indexOf(cidr) !== i);
    if (duplicate !== undefined) {
        problems.add(argument, `lists ${duplicate} more than once`);
    }
    return problems;
}
