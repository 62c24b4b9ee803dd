import { expectCompliant, expectViolation, fakeResource } from "../helpers";

const service = (serviceConnectConfiguration?: object) =>
    fakeResource("aws:ecs/service:Service", "prod-api", { name: "api", serviceConnectConfiguration });

describe("policies/ecs/service-connect", () => {
    it("passes a service on Service Connect", async () => {
        await expectCompliant("ecs-service-connect", [
            service({ enabled: true, namespace: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1" }),
        ]);
    });

    it("flags a service without it, or with it turned off", async () => {
        await expectViolation("ecs-service-connect", [service()], { message: "not on Service Connect" });
        await expectViolation("ecs-service-connect", [service({ enabled: false })], {
            message: "not on Service Connect",
        });
    });
});
