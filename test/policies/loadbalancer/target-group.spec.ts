import { networkStack, nt } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectNotApplicable, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const { targetGroup } = networkStack("prod");
const viaAlbModule = (group: typeof targetGroup) => ({
    ...group,
    type: nt.albTargetGroup,
    urn: group.urn.replace(nt.targetGroup, nt.albTargetGroup),
});

describe("policies/loadbalancer/target-group", () => {
    describe("tg-health-check", () => {
        it("flags an HTTP target group without a health-check path, or with health checks off", async () => {
            await expectViolation("tg-health-check", [withProps(targetGroup, { healthCheck: undefined })], {
                message: "healthCheck.path is not set",
            });
            await expectViolation(
                "tg-health-check",
                [viaAlbModule(withProps(targetGroup, { healthCheck: { enabled: false, path: "/healthz" } }))],
                {
                    message: "healthCheck.enabled is false",
                },
            );
        });

        it("passes the platform's target group", async () => {
            await expectCompliant("tg-health-check", [targetGroup]);
        });

        it("does not apply to TCP or Lambda target groups", async () => {
            await expectNotApplicable("tg-health-check", [
                withProps(targetGroup, { protocol: "TCP", healthCheck: { protocol: "TCP" } }),
                withProps(targetGroup, { targetType: "lambda", protocol: undefined }),
            ]);
        });

        it("is advisory during preview when the health check is unknown", async () => {
            await expectPreviewAdvisory("tg-health-check", [withProps(targetGroup, { healthCheck: UNKNOWN })]);
        });
    });

    describe("tg-deregistration-delay", () => {
        it("flags the 300 s default and longer delays", async () => {
            await expectViolation(
                "tg-deregistration-delay",
                [withProps(targetGroup, { deregistrationDelay: undefined })],
                { message: "300 s (the default)" },
            );
            await expectViolation(
                "tg-deregistration-delay",
                [viaAlbModule(withProps(targetGroup, { deregistrationDelay: 600 }))],
                { message: "at most 120 s" },
            );
        });

        it("passes the platform's 30 s and follows maxSeconds", async () => {
            await expectCompliant("tg-deregistration-delay", [targetGroup]);
            await expectViolation("tg-deregistration-delay", [targetGroup], {
                config: { "tg-deregistration-delay": { maxSeconds: 15 } },
            });
        });
    });
});
