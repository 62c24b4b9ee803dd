import { asFirstPreview, networkStack, nt, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
// The platform's prod stack has a WAF; these cases start from the load balancer without one.
const stack = resourcesOf({ ...prod, webAclAssociations: [] });

describe("policies/loadbalancer/stack", () => {
    describe("alb-waf", () => {
        it("flags an internet-facing ALB with no web ACL", async () => {
            await expectViolation("alb-waf", stack, {
                urn: prod.loadBalancer.urn,
                message: "no WAF web ACL association",
            });
        });

        it("passes once a web ACL is associated, also during the first preview", async () => {
            const association = fakeResource(
                nt.webAclAssociation,
                "alb-waf",
                {
                    resourceArn: prod.loadBalancer.props.arn,
                    webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/platform/abc",
                },
                { propertyDependencies: { resourceArn: [prod.loadBalancer.urn] } },
            );
            await expectCompliant("alb-waf", [...stack, association]);
            await expectCompliant("alb-waf", asFirstPreview([...stack, association]), { preview: true });
        });

        it("does not ask internal load balancers for one", async () => {
            await expectCompliant("alb-waf", replacing(stack, withProps(prod.loadBalancer, { internal: true })));
        });
    });

    describe("lb-multi-az", () => {
        it("passes the platform's ALB in two zones, also during the first preview", async () => {
            await expectCompliant("lb-multi-az", stack);
            await expectCompliant("lb-multi-az", asFirstPreview(stack), { preview: true });
        });

        it("flags a load balancer in one subnet", async () => {
            const single = withProps(prod.loadBalancer, { subnets: [prod.publicSubnets[0].props.id] });
            await expectViolation("lb-multi-az", replacing(stack, { ...single, propertyDependencies: {} }), {
                message: "has 1 subnet(s)",
            });
        });

        it("flags two subnets in the same zone (subnet mappings count too)", async () => {
            const sameZone = withProps(prod.publicSubnets[1], { availabilityZone: "eu-west-1a" });
            await expectViolation("lb-multi-az", replacing(stack, sameZone), { message: "in 1 zone(s) (eu-west-1a)" });
            const mapped = withProps(prod.loadBalancer, {
                subnets: undefined,
                subnetMappings: prod.publicSubnets.map(s => ({ subnetId: s.props.id })),
            });
            await expectViolation("lb-multi-az", replacing(stack, sameZone, { ...mapped, propertyDependencies: {} }), {
                message: "in 1 zone(s)",
            });
        });

        it("is advisory during preview when a subnet's zone is unknown", async () => {
            await expectPreviewAdvisory(
                "lb-multi-az",
                replacing(stack, withProps(prod.publicSubnets[1], { availabilityZone: UNKNOWN })),
                {
                    urn: prod.loadBalancer.urn,
                },
            );
        });
    });

    describe("tg-ip-target-for-fargate", () => {
        it("passes the platform's ip target group, also during the first preview", async () => {
            await expectCompliant("tg-ip-target-for-fargate", stack);
            await expectCompliant("tg-ip-target-for-fargate", asFirstPreview(stack), { preview: true });
        });

        it("flags an instance target group behind a Fargate service (instance is the default)", async () => {
            const instance = withProps(prod.targetGroup, { targetType: undefined });
            await expectViolation("tg-ip-target-for-fargate", replacing(stack, instance), {
                urn: instance.urn,
                message: "has targetType instance",
            });
        });

        it("flags it for an EC2 service whose task definition uses awsvpc", async () => {
            const task = fakeResource(nt.taskDefinition, "api", {
                family: "api",
                networkMode: "awsvpc",
                containerDefinitions: "[]",
                arn: "arn:td:1",
            });
            const ec2Service = {
                ...withProps(prod.service, {
                    launchType: "EC2",
                    networkConfiguration: undefined,
                    taskDefinition: "arn:td:1",
                }),
                propertyDependencies: { loadBalancers: [prod.targetGroup.urn], taskDefinition: [task.urn] },
            };
            const instance = withProps(prod.targetGroup, { targetType: "instance" });
            await expectViolation("tg-ip-target-for-fargate", [...replacing(stack, ec2Service, instance), task], {
                urn: instance.urn,
            });
        });

        it("leaves bridge-mode EC2 services on instance target groups alone", async () => {
            const bridgeService = {
                ...withProps(prod.service, { launchType: "EC2", networkConfiguration: undefined }),
                propertyDependencies: { loadBalancers: [prod.targetGroup.urn] },
            };
            await expectCompliant(
                "tg-ip-target-for-fargate",
                replacing(stack, bridgeService, withProps(prod.targetGroup, { targetType: "instance" })),
            );
        });
    });
});
