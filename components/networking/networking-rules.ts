import { ArgumentProblems } from "../shared";
import { CidrPlanError, parseIpv4Cidr } from "./cidr-plan";
import type { ResolvedArgs } from "./networking-args";

/** Every problem with Networking's arguments AWS would reject or that would collide, before any resource exists. */
export function networkingProblems(args: ResolvedArgs): ArgumentProblems {
    const problems = new ArgumentProblems();
    if (args.azCount < 2) {
        problems.add("azCount", `must be at least 2 (an Application Load Balancer needs two AZs), got ${args.azCount}`);
    }
    args.loadBalancerIngressCidrs.forEach((cidr, i) => {
        try {
            parseIpv4Cidr(cidr, `loadBalancerIngressCidrs[${i}]`);
        } catch (err) {
            if (!(err instanceof CidrPlanError)) throw err;
            err.problems.forEach(p => problems.add(p.argument, p.message));
        }
    });
    const duplicate = args.loadBalancerIngressCidrs.find(
        (cidr, i) => args.loadBalancerIngressCidrs.indexOf(cidr) !== i,
    );
    if (duplicate !== undefined) {
        problems.add("loadBalancerIngressCidrs", `lists ${duplicate} more than once`);
    }
    if (args.ssmEndpoint && !args.interfaceEndpoints) {
        problems.add("ssmEndpoint", "requires interfaceEndpoints: the ssm endpoint shares their security group");
    }
    return problems;
}
