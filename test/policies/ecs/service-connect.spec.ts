import { expectCompliant, expectNotApplicable, expectViolation, fakeResource } from "../helpers";

const namespace = fakeResource("aws:servicediscovery/httpNamespace:HttpNamespace", "prod-namespace", {
    arn: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1",
});
const service = (serviceConnectConfiguration?: object) =>
    fakeResource("aws:ecs/service:Service", "prod-api", { name: "api", serviceConnectConfiguration });

describe("policies/ecs/service-connect", () => {
    it("passes a service on the stack's Service Connect namespace", async () => {
        await expectCompliant("ecs-service-connect", [
            namespace,
            service({ enabled: true, namespace: namespace.props.arn }),
        ]);
    });

    it("flags a service left off it, or with it turned off", async () => {
        await expectViolation("ecs-service-connect", [namespace, service()], { message: "not on Service Connect" });
        await expectViolation("ecs-service-connect", [namespace, service({ enabled: false })], {
            message: "not on Service Connect",
        });
    });

    it("does not apply to a stack without a namespace", async () => {
        await expectNotApplicable("ecs-service-connect", [service()]);
    });
});
