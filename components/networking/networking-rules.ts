import { parseIpv4Cidr } from "./cidr-plan";
import type { ResolvedArgs } from "./networking";

/** Fails fast, before any resource exists, on arguments AWS would reject or that would collide. */
export function validate(args: ResolvedArgs): void {
    if (args.availabilityZoneCount < 2) {
        throw new Error(
            `availabilityZoneCount must be at least 2 (an Application Load Balancer needs two AZs), got ${args.availabilityZoneCount}`,
        );
    }
    args.loadBalancerIngressCidrs.forEach(cidr => parseIpv4Cidr(cidr, "loadBalancerIngressCidrs entry"));
    assertUnique("loadBalancerIngressCidrs", args.loadBalancerIngressCidrs);
    if (args.ssmEndpoint && !args.interfaceEndpoints) {
        throw new Error("ssmEndpoint requires interfaceEndpoints: the ssm endpoint shares their security group");
    }
}

function assertUnique(field: string, values: (string | number)[]): void {
    const duplicate = values.find((value, i) => values.indexOf(value) !== i);
    if (duplicate !== undefined) {
        throw new Error(`${field} lists ${duplicate} more than once`);
    }
}
