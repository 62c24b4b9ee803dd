import { networkStack, nt } from "../platform-network-stack";
import { withProps } from "../platform-stack";
import {
    expectCompliant,
    expectNotApplicable,
    expectPreviewAdvisory,
    expectViolation,
    fakeResource,
    UNKNOWN,
} from "../helpers";

const prod = networkStack("prod");
const staging = networkStack("staging");
const [https, httpRedirect] = prod.listeners;
const [stagingHttp] = staging.listeners;
const viaAlbModule = (listener: typeof https) => ({
    ...listener,
    type: nt.albListener,
    urn: listener.urn.replace(nt.listener, nt.albListener),
});

describe("policies/loadbalancer/listener", () => {
    describe("alb-https-or-redirect", () => {
        it("flags staging's HTTP listener, which serves instead of redirecting (advisory there by config)", async () => {
            await expectViolation("alb-https-or-redirect", [stagingHttp], {
                message: "the default actions are [fixed-response], not a redirect to HTTPS",
            });
        });

        it("flags a forward, an HTTP redirect, and a listener without protocol (HTTP by default)", async () => {
            const forward = withProps(stagingHttp, {
                defaultActions: [{ type: "forward", targetGroupArn: staging.targetGroup.props.arn }],
            });
            await expectViolation("alb-https-or-redirect", [viaAlbModule(forward)], { message: "[forward]" });
            const toHttp = withProps(httpRedirect, {
                defaultActions: [{ type: "redirect", redirect: { port: "8080", statusCode: "HTTP_301" } }],
            });
            await expectViolation("alb-https-or-redirect", [toHttp], { message: "redirect to #{protocol}" });
            await expectViolation("alb-https-or-redirect", [withProps(stagingHttp, { protocol: undefined })]);
        });

        it("passes prod's HTTP→HTTPS redirect", async () => {
            await expectCompliant("alb-https-or-redirect", [httpRedirect]);
        });

        it("does not apply to HTTPS listeners, or to Gateway Load Balancer listeners (no protocol, no port)", async () => {
            const gateway = fakeResource(nt.listener, "gwlb", {
                loadBalancerArn: "arn:gwlb",
                defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
            });
            await expectNotApplicable("alb-https-or-redirect", [https, gateway]);
        });

        it("is advisory during preview when the protocol is unknown", async () => {
            await expectPreviewAdvisory("alb-https-or-redirect", [withProps(httpRedirect, { protocol: UNKNOWN })]);
        });
    });

    describe("lb-tls-policy", () => {
        it("flags an outdated policy and a missing one (ELBSecurityPolicy-2016-08 by default)", async () => {
            await expectViolation("lb-tls-policy", [withProps(https, { sslPolicy: "ELBSecurityPolicy-2016-08" })], {
                message:
                    "sslPolicy is ELBSecurityPolicy-2016-08, which accepts TLSv1 (older than TLSv1.2); allows ciphers without forward secrecy",
            });
            await expectViolation("lb-tls-policy", [viaAlbModule(withProps(https, { sslPolicy: undefined }))], {
                message: "(the default)",
            });
            const nlbTls = fakeResource(nt.listener, "tls", {
                port: 443,
                protocol: "TLS",
                sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01",
                defaultActions: [],
            });
            await expectViolation("lb-tls-policy", [nlbTls], { message: "accepts TLSv1.1" });
        });

        it("judges by property: TLS 1.2 without forward secrecy fails, whatever the name", async () => {
            await expectViolation(
                "lb-tls-policy",
                [withProps(https, { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" })],
                { message: "allows ciphers without forward secrecy" },
            );
            await expectViolation("lb-tls-policy", [withProps(https, { sslPolicy: "ELBSecurityPolicy-Custom" })], {
                message: "not a predefined ELB security policy",
            });
        });

        it("passes any TLS 1.2+ forward-secrecy policy, e.g. FS-1-2-2019-08 or the FIPS and PQ policies", async () => {
            for (const sslPolicy of [
                "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "ELBSecurityPolicy-FS-1-2-2019-08",
                "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
                "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            ]) {
                await expectCompliant("lb-tls-policy", [withProps(https, { sslPolicy })]);
            }
        });

        it("follows minimumProtocol and allowCbcCiphers", async () => {
            await expectViolation("lb-tls-policy", [https], {
                config: { "lb-tls-policy": { minimumProtocol: "TLSv1.3" } },
                message: "accepts TLSv1.2 (older than TLSv1.3)",
            });
            await expectViolation(
                "lb-tls-policy",
                [withProps(https, { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
                {
                    config: { "lb-tls-policy": { allowCbcCiphers: false } },
                    message: "allows CBC ciphers (ECDHE-ECDSA-AES128-SHA256",
                },
            );
            await expectCompliant(
                "lb-tls-policy",
                [withProps(https, { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" })],
                { config: { "lb-tls-policy": { allowCbcCiphers: false } } },
            );
        });

        it("does not apply to HTTP listeners", async () => {
            await expectNotApplicable("lb-tls-policy", [httpRedirect, stagingHttp]);
        });
    });

    describe("lb-acm-cert", () => {
        it("flags an HTTPS listener without a certificate, or with an IAM server certificate", async () => {
            await expectViolation("lb-acm-cert", [withProps(https, { certificateArn: undefined })], {
                message: "No certificateArn",
            });
            const iamCert = withProps(https, { certificateArn: "arn:aws:iam::123456789012:server-certificate/legacy" });
            await expectViolation("lb-acm-cert", [viaAlbModule(iamCert)], { message: "is not an ACM certificate" });
        });

        it("passes prod's ACM certificate", async () => {
            await expectCompliant("lb-acm-cert", [https]);
        });

        it("is advisory during the first preview, when the certificate's ARN is unknown", async () => {
            await expectPreviewAdvisory("lb-acm-cert", [withProps(https, { certificateArn: UNKNOWN })]);
        });
    });
});
