import * as assert from "node:assert/strict";
import { asFirstPreview, networkStack, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const staging = networkStack("staging");
const prodStack = resourcesOf(prod);
const endpointFor = (service: string) =>
    prod.interfaceEndpoints.find(e => String(e.props.serviceName).endsWith(service))!;

describe("policies/network/vpc-endpoints", () => {
    describe("vpc-endpoints-private-ecs", () => {
        it("passes prod: S3 gateway endpoint plus ECR, logs and Secrets Manager interface endpoints", async () => {
            await expectCompliant("vpc-endpoints-private-ecs", prodStack);
            await expectCompliant("vpc-endpoints-private-ecs", asFirstPreview(prodStack), { preview: true });
        });

        it("flags each missing endpoint in staging under the defaults, and passes it with requiredServices [s3]", async () => {
            const violations = await expectViolation("vpc-endpoints-private-ecs", resourcesOf(staging), {
                urn: staging.vpc.urn,
                message: "no ecr.dkr endpoint",
            });
            assert.equal(violations.length, 4);
            await expectCompliant("vpc-endpoints-private-ecs", resourcesOf(staging), {
                config: { "vpc-endpoints-private-ecs": { requiredServices: ["s3"] } },
            });
        });

        it("flags an interface endpoint without private DNS", async () => {
            const noDns = withProps(endpointFor("ecr.api"), { privateDnsEnabled: undefined });
            await expectViolation("vpc-endpoints-private-ecs", replacing(prodStack, noDns), {
                urn: noDns.urn,
                message: "privateDnsEnabled off",
            });
        });

        it("flags a gateway endpoint in no route table, and a gateway endpoint for a service that has none", async () => {
            const noRoutes = withProps(prod.s3Endpoint, { routeTableIds: [] });
            await expectViolation("vpc-endpoints-private-ecs", replacing(prodStack, noRoutes), {
                message: "in no route table",
            });
            const wrongType = withProps(endpointFor("logs"), { vpcEndpointType: undefined });
            await expectViolation("vpc-endpoints-private-ecs", replacing(prodStack, wrongType), {
                message: "logs endpoint must be an Interface endpoint",
            });
        });

        it("does not apply its requirements to a VPC with public subnets only", async () => {
            const publicOnly = resourcesOf(staging).filter(r => !staging.privateSubnets.some(s => s.urn === r.urn));
            await expectCompliant("vpc-endpoints-private-ecs", publicOnly);
        });

        it("is advisory during preview when an endpoint's service name is unknown", async () => {
            const unknownName = withProps(prod.s3Endpoint, { serviceName: UNKNOWN });
            await expectPreviewAdvisory("vpc-endpoints-private-ecs", replacing(prodStack, unknownName), {
                urn: prod.vpc.urn,
            });
        });
    });
});
