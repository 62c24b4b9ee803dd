import { z } from "zod";
import { cidr } from "./schema-primitives";

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
    loadBalancerIngressCidrs: z
        .array(cidr)
        .min(1)
        .default(["0.0.0.0/0"])
        .describe("Who may reach the load balancer on 80/443."),
});
