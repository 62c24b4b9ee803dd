import { asFirstPreview, networkStack, nt, resourcesOf, vpcCidr } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const stack = resourcesOf(prod);
const servicesIn = prod.rules.find(r => r.name.endsWith("services-in"))!;

describe("policies/network/task-security-group", () => {
    describe("ecs-task-sg-from-lb-only", () => {
        it("passes the platform stack: the services' group takes the container port from the load balancer's group only", async () => {
            await expectCompliant("ecs-task-sg-from-lb-only", stack);
        });

        it("passes during the first preview, matching groups by property dependencies", async () => {
            await expectCompliant("ecs-task-sg-from-lb-only", asFirstPreview(stack), { preview: true });
        });

        it("flags ingress from the VPC CIDR", async () => {
            const fromVpc = withProps(servicesIn, { referencedSecurityGroupId: undefined, cidrIpv4: vpcCidr });
            const stackWithCidr = replacing(stack, {
                ...fromVpc,
                propertyDependencies: { securityGroupId: [prod.servicesGroup.urn] },
            });
            await expectViolation("ecs-task-sg-from-lb-only", stackWithCidr, {
                urn: fromVpc.urn,
                message: `allows CIDR ${vpcCidr}`,
            });
        });

        it("accepts the CIDRs listed in allowedCidrs", async () => {
            const fromPeering = {
                ...withProps(servicesIn, { referencedSecurityGroupId: undefined, cidrIpv4: "172.16.0.0/16" }),
                propertyDependencies: { securityGroupId: [prod.servicesGroup.urn] },
            };
            await expectCompliant("ecs-task-sg-from-lb-only", replacing(stack, fromPeering), {
                config: { "ecs-task-sg-from-lb-only": { allowedCidrs: ["172.16.0.0/16"] } },
            });
        });

        it("notes, as advisory, security groups managed outside the stack", async () => {
            const external = withProps(prod.service, {
                networkConfiguration: {
                    subnets: prod.privateSubnets.map(s => s.props.id),
                    securityGroups: ["sg-shared"],
                },
            });
            await expectViolation(
                "ecs-task-sg-from-lb-only",
                replacing(stack, { ...external, propertyDependencies: {} }),
                {
                    enforcementLevel: "advisory",
                    message: "not managed in this stack (sg-shared)",
                },
            );
        });

        it("flags an inline rule from a group that is not a load balancer's, and `self`", async () => {
            const inline = withProps(prod.servicesGroup, {
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 8080,
                        toPort: 8080,
                        securityGroups: [prod.efsGroup.props.id],
                        self: true,
                        description: "peers",
                    },
                ],
            });
            await expectViolation("ecs-task-sg-from-lb-only", replacing(stack, inline), {
                urn: inline.urn,
                message: `allows the group itself (self), security group ${prod.efsGroup.name}`,
            });
        });

        it("flags a peer group from outside the stack", async () => {
            const external = withProps(servicesIn, { referencedSecurityGroupId: "sg-elsewhere" });
            await expectViolation(
                "ecs-task-sg-from-lb-only",
                replacing(stack, { ...external, propertyDependencies: { securityGroupId: [prod.servicesGroup.urn] } }),
                {
                    message: "security group sg-elsewhere (not in this stack)",
                },
            );
        });

        it("flags a service without security groups (it gets the VPC's default group)", async () => {
            const service = withProps(prod.service, {
                networkConfiguration: { subnets: prod.privateSubnets.map(s => s.props.id), assignPublicIp: false },
            });
            await expectViolation("ecs-task-sg-from-lb-only", replacing(stack, service), {
                urn: service.urn,
                message: "default security group",
            });
        });

        it("does not judge services without a load balancer", async () => {
            const worker = fakeResource(nt.service, "worker", {
                launchType: "FARGATE",
                networkConfiguration: { subnets: ["subnet-private0"], securityGroups: ["sg-worker"] },
            });
            const group = fakeResource(nt.securityGroup, "worker", {
                description: "worker",
                ingress: [
                    { protocol: "tcp", fromPort: 9000, toPort: 9000, cidrBlocks: [vpcCidr], description: "metrics" },
                ],
                id: "sg-worker",
            });
            await expectCompliant("ecs-task-sg-from-lb-only", [...stack, worker, group]);
        });

        it("is advisory during preview when an inline rule's peer is unknown and nothing else identifies it", async () => {
            const inline = withProps(prod.servicesGroup, {
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 8080,
                        toPort: 8080,
                        securityGroups: [UNKNOWN],
                        description: "from lb",
                    },
                ],
            });
            await expectPreviewAdvisory("ecs-task-sg-from-lb-only", replacing(stack, inline), { urn: inline.urn });
        });
    });
});
