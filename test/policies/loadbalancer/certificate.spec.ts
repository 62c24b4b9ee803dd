import { expectCompliant, expectNotApplicable, expectViolation, fakeResource } from "../helpers";
import { withProps } from "../platform-stack";

const CERT_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const certificate = fakeResource("aws:acm/certificate:Certificate", "edge-certificate", {
    arn: CERT_ARN,
    domainName: "app.example.com",
    subjectAlternativeNames: ["api.app.example.com"],
    validationMethod: "DNS",
});
const validation = fakeResource(
    "aws:acm/certificateValidation:CertificateValidation",
    "edge-certificate-validation",
    { certificateArn: CERT_ARN, validationRecordFqdns: ["_a.app.example.com"] },
    { propertyDependencies: { certificateArn: [certificate.urn] } },
);
const listener = (certificateArnFrom: string[]) =>
    fakeResource(
        "aws:lb/listener:Listener",
        "edge-https",
        { port: 443, protocol: "HTTPS", certificateArn: CERT_ARN, defaultActions: [] },
        { propertyDependencies: { certificateArn: certificateArnFrom } },
    );

describe("policies/loadbalancer/certificate", () => {
    describe("acm-dns-validation", () => {
        it("flags email validation and a certificate without a validation method", async () => {
            await expectViolation("acm-dns-validation", [withProps(certificate, { validationMethod: "EMAIL" })], {
                message: "Certificate for app.example.com uses EMAIL validation, not DNS.",
            });
            await expectViolation("acm-dns-validation", [withProps(certificate, { validationMethod: undefined })]);
        });

        it("passes DNS validation and ignores imported certificates", async () => {
            await expectCompliant("acm-dns-validation", [certificate]);
            const imported = fakeResource("aws:acm/certificate:Certificate", "imported", {
                certificateBody: "-----BEGIN CERTIFICATE-----",
                privateKey: "secret",
            });
            await expectNotApplicable("acm-dns-validation", [imported]);
        });
    });

    describe("lb-certificate-validated", () => {
        it("flags a listener that takes the certificate's ARN directly (it would not wait for the issue)", async () => {
            await expectViolation("lb-certificate-validated", [certificate, validation, listener([certificate.urn])], {
                message: "Listener edge-https uses certificate edge-certificate without waiting for its validation.",
            });
        });

        it("passes a listener whose certificate comes through the validation", async () => {
            await expectCompliant("lb-certificate-validated", [certificate, validation, listener([validation.urn])]);
        });
    });

    describe("route53-lb-alias", () => {
        const cname = fakeResource("aws:route53/record:Record", "www", {
            zoneId: "Z0ABC",
            name: "www.example.com",
            type: "CNAME",
            ttl: 300,
            records: ["prod-alb-1234.eu-west-1.elb.amazonaws.com"],
        });

        it("flags a CNAME to a load balancer", async () => {
            await expectViolation("route53-lb-alias", [cname], { message: "use an alias record" });
        });

        it("passes an alias record and a CNAME elsewhere", async () => {
            const alias = fakeResource("aws:route53/record:Record", "apex", {
                zoneId: "Z0ABC",
                name: "example.com",
                type: "A",
                aliases: [{ name: "prod-alb-1234.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2" }],
            });
            await expectNotApplicable("route53-lb-alias", [alias]);
            await expectCompliant("route53-lb-alias", [withProps(cname, { records: ["docs.example.net"] })]);
        });
    });
});
