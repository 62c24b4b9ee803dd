import { networkStack, nt } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import { expectCompliant, expectNotApplicable, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";

const prod = networkStack("prod");
const staging = networkStack("staging");
const alb = prod.loadBalancer;
/** The same load balancer declared through `aws.alb` instead of `aws.lb`. */
const viaAlbModule = (lb = alb) => ({
    ...lb,
    type: nt.albLoadBalancer,
    urn: lb.urn.replace(nt.loadBalancer, nt.albLoadBalancer),
});
const nlb = withProps(alb, {
    loadBalancerType: "network",
    dropInvalidHeaderFields: undefined,
    desyncMitigationMode: undefined,
    accessLogs: undefined,
});

describe("policies/loadbalancer/load-balancer", () => {
    describe("alb-access-logs", () => {
        it("flags an ALB without access logs, and with a bucket but logging not enabled", async () => {
            await expectViolation("alb-access-logs", [withProps(alb, { accessLogs: undefined })], {
                message: "No accessLogs",
            });
            await expectViolation(
                "alb-access-logs",
                [viaAlbModule(withProps(alb, { accessLogs: { bucket: "logs" } }))],
                {
                    message: "accessLogs.enabled is not true",
                },
            );
        });

        it("passes the platform's ALB, whose bucket name is unknown in the first preview", async () => {
            await expectCompliant("alb-access-logs", [alb]);
            await expectCompliant(
                "alb-access-logs",
                [withProps(alb, { accessLogs: { enabled: true, bucket: UNKNOWN } })],
                { preview: true },
            );
        });

        it("does not apply to network load balancers", async () => {
            await expectNotApplicable("alb-access-logs", [nlb]);
        });

        it("is advisory during preview when `enabled` is unknown", async () => {
            await expectPreviewAdvisory("alb-access-logs", [
                withProps(alb, { accessLogs: { enabled: UNKNOWN, bucket: "logs" } }),
            ]);
        });
    });

    describe("alb-deletion-protection", () => {
        it("flags staging's ALB (config turns the policy off there)", async () => {
            await expectViolation("alb-deletion-protection", [staging.loadBalancer], {
                message: "enableDeletionProtection is not true",
            });
            await expectViolation("alb-deletion-protection", [viaAlbModule(staging.loadBalancer)]);
        });

        it("passes prod's ALB", async () => {
            await expectCompliant("alb-deletion-protection", [alb]);
        });
    });

    describe("alb-drop-invalid-headers", () => {
        it("flags an ALB that passes invalid headers on (the default)", async () => {
            await expectViolation(
                "alb-drop-invalid-headers",
                [withProps(alb, { dropInvalidHeaderFields: undefined })],
                { message: "default is false" },
            );
            await expectViolation("alb-drop-invalid-headers", [
                viaAlbModule(withProps(alb, { dropInvalidHeaderFields: false })),
            ]);
        });

        it("passes the platform's ALB and does not apply to NLBs", async () => {
            await expectCompliant("alb-drop-invalid-headers", [alb]);
            await expectNotApplicable("alb-drop-invalid-headers", [nlb]);
        });
    });

    describe("alb-desync-mode", () => {
        it("flags monitor mode", async () => {
            await expectViolation("alb-desync-mode", [withProps(alb, { desyncMitigationMode: "monitor" })], {
                message: "desyncMitigationMode is monitor",
            });
        });

        it("passes defensive (explicit or the default) and strictest", async () => {
            await expectCompliant("alb-desync-mode", [
                alb,
                withProps(alb, { desyncMitigationMode: undefined }),
                withProps(alb, { desyncMitigationMode: "strictest" }),
            ]);
        });

        it("follows allowedModes", async () => {
            await expectViolation("alb-desync-mode", [alb], {
                config: { "alb-desync-mode": { allowedModes: ["strictest"] } },
                message: "defensive",
            });
        });
    });

    describe("lb-internal-default", () => {
        it("flags an internet-facing load balancer without the allow tag (internal defaults to false)", async () => {
            const untagged = withProps(alb, { internal: undefined, tags: { environment: "prod" } });
            await expectViolation("lb-internal-default", [untagged], { message: "lacks the exposure=internet tag" });
            await expectViolation("lb-internal-default", [viaAlbModule(untagged)]);
        });

        it("passes the platform's tagged public ALB and internal load balancers", async () => {
            await expectCompliant("lb-internal-default", [alb, withProps(alb, { internal: true, tags: {} })]);
        });

        it("uses the configured allow tag", async () => {
            await expectViolation("lb-internal-default", [alb], {
                config: { "lb-internal-default": { allowTag: "public=yes" } },
            });
        });
    });
});
