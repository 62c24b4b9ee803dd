import { expectCompliant, expectViolation } from "../helpers";
import { compliantStack, replacing, withProps } from "./fixtures";

/** A service that waits for its image and secret: zero tasks, the dormant tag, no scaling target (or one at 0). */
function dormantStack(serviceProps: Record<string, unknown> = {}) {
    const stack = compliantStack();
    const dormant = withProps(stack.service, {
        desiredCount: 0,
        tags: { dormant: "image=prod/api:v0.1.0 secret=/prod/api/DATABASE_PASSWORD" },
        ...serviceProps,
    });
    const withoutScaling = replacing(stack.all, dormant).filter(
        r => r !== stack.scalingTarget && r !== stack.scalingPolicy,
    );
    return { stack, dormant, withoutScaling };
}

describe("policies/ecs/service-dormant", () => {
    describe("ecs-service-dormant", () => {
        const name = "ecs-service-dormant";

        it("accepts a service that is not dormant", async () => {
            await expectCompliant(name, compliantStack().all);
        });

        it("reports a dormant service with each step that ends the wait", async () => {
            const { withoutScaling, dormant } = dormantStack();
            await expectViolation(name, withoutScaling, {
                urn: dormant.urn,
                message:
                    "waits for image=prod/api:v0.1.0 secret=/prod/api/DATABASE_PASSWORD and runs no tasks until then: push the image prod/api:v0.1.0; write the secret (aws secretsmanager put-secret-value --secret-id /prod/api/DATABASE_PASSWORD",
            });
        });

        it("flags the tag on a service that runs tasks", async () => {
            const { withoutScaling } = dormantStack({ desiredCount: 2 });
            await expectViolation(name, withoutScaling, { message: "but asks for 2 tasks: remove the tag" });
        });
    });

    describe("the availability policies exempt exactly a dormant service", () => {
        it("ecs-service-ha: zero tasks with the tag pass, without the tag or with one task they do not", async () => {
            const { withoutScaling, stack } = dormantStack();
            await expectCompliant("ecs-service-ha", withoutScaling);
            const untagged = replacing(stack.all, withProps(stack.service, { desiredCount: 0 }));
            await expectViolation("ecs-service-ha", untagged, { message: "desiredCount 0, below 2" });
            await expectViolation("ecs-service-ha", dormantStack({ desiredCount: 1 }).withoutScaling, {
                message: "desiredCount 1, below 2",
            });
            await expectViolation("ecs-service-ha", dormantStack({ tags: { dormant: " " } }).withoutScaling, {
                message: "desiredCount 0, below 2",
            });
        });

        it("ecs-autoscaling-present: no target, or a target held at 0, while dormant; a live target still counts", async () => {
            const { withoutScaling, stack, dormant } = dormantStack();
            await expectCompliant("ecs-autoscaling-present", withoutScaling);
            const heldAtZero = replacing(
                stack.all,
                dormant,
                withProps(stack.scalingTarget, { minCapacity: 0, maxCapacity: 0 }),
            );
            await expectCompliant("ecs-autoscaling-present", heldAtZero);
            const live = replacing(stack.all, dormant, withProps(stack.scalingTarget, { minCapacity: 0 }));
            await expectViolation("ecs-autoscaling-present", live, { message: "minCapacity 0, below 2" });
            const untagged = replacing(stack.all, withProps(stack.service, { desiredCount: 0 })).filter(
                r => r !== stack.scalingTarget && r !== stack.scalingPolicy,
            );
            await expectViolation("ecs-autoscaling-present", untagged, {
                message: "has no application auto scaling target",
            });
        });
    });
});
