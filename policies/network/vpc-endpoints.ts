/**
 * VPC endpoints that let private tasks start without the internet: pull images (ECR API and Docker registry, whose
 * layers live in S3), write logs, read secrets. Without them every pull and log line goes through the NAT gateways
 * (cost, and an outage when they fail).
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    awsType,
    checkEachResource,
    policyConfig,
    refersToThrough,
    types,
    validateStackOfTypes,
    type PlatformStackPolicy,
} from "../lib";
import { isPublicSubnet, publicSubnetTagProperty, RoutingGraph } from "./routing";

/** Type token of `aws.ec2.VpcEndpoint`. */
const vpcEndpointType = awsType("ec2", "vpcEndpoint");

/** Services with gateway endpoints (the others have interface endpoints only). */
const gatewayServices = ["s3", "dynamodb"];

const endpointsSchema = {
    properties: {
        requiredServices: {
            type: "array",
            items: { type: "string" },
            default: ["ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager"],
            description:
                "Endpoint services (the part after `com.amazonaws.<region>.`) every VPC with private subnets needs. Gateway endpoints need route tables; interface endpoints need private DNS.",
        },
        ...publicSubnetTagProperty,
    },
} satisfies PolicyConfigSchema;

export const vpcEndpointsPrivateEcs: PlatformStackPolicy = {
    name: "vpc-endpoints-private-ecs",
    description:
        "Checks that every VPC with private subnets has the VPC endpoints private ECS tasks need (by default ECR API and Docker, S3, CloudWatch Logs, Secrets Manager), with private DNS on interface endpoints and route tables on gateway endpoints.",
    severity: "low",
    remediationSteps:
        'Add aws.ec2.VpcEndpoint resources with `serviceName: "com.amazonaws.<region>.<service>"`: for `s3` `vpcEndpointType: "Gateway"` with the private `routeTableIds`; for the others `vpcEndpointType: "Interface"`, `privateDnsEnabled: true`, the private `subnetIds` and a security group allowing 443 from the VPC. Trim `requiredServices` where the cost is not worth it (e.g. staging: `["s3"]`).',
    enforcementLevel: "advisory",
    tags: ["securityhub:EC2.55", "securityhub:EC2.56", "family:network"],
    configSchema: endpointsSchema,
    validateStack: validateStackOfTypes(types.vpc, (vpcs, args, report) => {
        const { requiredServices, publicSubnetTag } = policyConfig<{
            requiredServices: string[];
            publicSubnetTag: string;
        }>(args, endpointsSchema);
        const { subnets } = new RoutingGraph(args.resources);
        const endpoints = args.resources.filter(r => r.type === vpcEndpointType);
        const ofVpc = (vpc: PolicyResource) => (resource: PolicyResource) => refersToThrough(resource, "vpcId", vpc);
        checkEachResource(vpcs, report, vpc => {
            if (!subnets.filter(ofVpc(vpc)).some(subnet => !isPublicSubnet(subnet, publicSubnetTag))) {
                return;
            }
            const own = endpoints.filter(ofVpc(vpc));
            for (const service of requiredServices) {
                const endpoint = own.find(e => String(e.props.serviceName ?? "").endsWith(`.${service}`));
                if (endpoint === undefined) {
                    report(`VPC ${vpc.name} has private subnets but no ${service} endpoint.`, vpc.urn);
                    continue;
                }
                const type = endpoint.props.vpcEndpointType ?? "Gateway";
                if (type === "Gateway" && !gatewayServices.includes(service)) {
                    report(
                        `The ${service} endpoint must be an Interface endpoint (only ${gatewayServices.join(" and ")} have gateway endpoints).`,
                        endpoint.urn,
                    );
                } else if (type === "Gateway" && (endpoint.props.routeTableIds ?? []).length === 0) {
                    report(`The ${service} gateway endpoint is in no route table, so no subnet uses it.`, endpoint.urn);
                } else if (type === "Interface" && endpoint.props.privateDnsEnabled !== true) {
                    report(
                        `The ${service} interface endpoint has privateDnsEnabled off, so tasks keep resolving the public endpoint.`,
                        endpoint.urn,
                    );
                }
            }
        });
    }),
};
