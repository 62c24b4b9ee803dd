import { z } from "zod";
import { DUAL_STACK_DEFAULT } from "../../components/networking/dual-stack";
import { cidr, ipCidr } from "./schema-primitives";

export const networkSchema = z.strictObject({
    vpcCidr: cidr
        .default("10.0.0.0/16")
        .describe("VPC CIDR block; subnets are planned from it (see components/networking/cidr-plan.ts)."),
    azCount: z
        .number()
        .int()
        .min(2)
        .max(6)
        .optional()
        .describe("Availability zones to span (2–6; an ALB needs two): staging 2, prod 3."),
    natGateways: z
        .enum(["single", "perAz"])
        .optional()
        .describe(
            "`perAz`: one NAT gateway per AZ (prod); `single`: one shared NAT (staging, cheaper, one AZ's failure cuts egress).",
        ),
    interfaceEndpoints: z
        .boolean()
        .optional()
        .describe(
            "Interface endpoints for ECR, CloudWatch Logs and Secrets Manager (each costs money per AZ): on in prod.",
        ),
    ipv6: z
        .boolean()
        .default(DUAL_STACK_DEFAULT)
        .describe(
            "Dual-stack edge: an Amazon-provided IPv6 /56 on the VPC, a /64 per public subnet, `::/0` to the internet gateway, a `dualstack` ALB and AAAA alias records. Private subnets and tasks stay IPv4.",
        ),
    loadBalancerIngressCidrs: z
        .array(ipCidr)
        .min(1)
        .optional()
        .describe(
            "Who may reach the load balancer on 80/443: IPv4 and (with `ipv6`) IPv6 blocks. Default: the whole internet, `0.0.0.0/0` and `::/0` (without `ipv6`, `0.0.0.0/0`).",
        ),
});
