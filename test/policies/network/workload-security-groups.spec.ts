import { expectCompliant, expectViolation, fakeResource } from "../helpers";

const group = (name: string) => fakeResource("aws:ec2/securityGroup:SecurityGroup", name, { id: `sg-${name}`, name });
const service = (name: string, groupId: string) =>
    fakeResource("aws:ecs/service:Service", name, {
        name,
        networkConfiguration: { subnets: ["subnet-a"], securityGroups: [groupId], assignPublicIp: false },
    });
const schedule = (groupId: string) =>
    fakeResource("aws:scheduler/schedule:Schedule", "nightly", {
        target: { ecsParameters: { networkConfiguration: { subnets: ["subnet-a"], securityGroups: [groupId] } } },
    });

describe("policies/network/workload-security-groups", () => {
    it("passes one group per service and per scheduled task", async () => {
        await expectCompliant("sg-per-workload", [
            group("web"),
            group("api"),
            group("job"),
            service("web", "sg-web"),
            service("api", "sg-api"),
            schedule("sg-job"),
        ]);
    });

    it("flags a group shared by two services, or by a service and a schedule", async () => {
        await expectViolation(
            "sg-per-workload",
            [group("shared"), service("web", "sg-shared"), service("api", "sg-shared")],
            {
                message: "shared is shared by web, api",
            },
        );
        await expectViolation(
            "sg-per-workload",
            [group("shared"), service("web", "sg-shared"), schedule("sg-shared")],
            {
                message: "shared by web, nightly",
            },
        );
    });
});
