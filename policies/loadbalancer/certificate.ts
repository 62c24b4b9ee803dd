/** ACM certificates of the stack: DNS validation, and listeners that wait for the certificate to be issued. */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    checkEachResource,
    dependsOnThrough,
    knownValue,
    lbTypes,
    refersToThrough,
    resourcesOfType,
    validateResourceOfTypes,
    validateStackOfTypes,
    type PlatformResourcePolicy,
    type PlatformStackPolicy,
} from "../lib";

/** Input props of `aws.acm.Certificate`. */
type CertificateProps = Unwrap<aws.acm.CertificateArgs>;

const certificateType = awsType("acm", "certificate");
const validationType = awsType("acm", "certificateValidation");

export const acmDnsValidation: PlatformResourcePolicy = {
    name: "acm-dns-validation",
    description:
        "Checks that ACM certificates the stack requests are validated through DNS, so ACM renews them without anyone answering an email.",
    severity: "medium",
    remediationSteps:
        'Set `validationMethod: "DNS"` on the aws.acm.Certificate and write its `domainValidationOptions` as Route 53 records (aws.route53.Record), then wait for them with aws.acm.CertificateValidation. Email validation needs a person to approve every renewal.',
    enforcementLevel: "mandatory",
    tags: ["aws-config:acm-certificate-expiration-check", "family:loadbalancer"],
    validateResource: validateResourceOfTypes<CertificateProps>(certificateType, (certificate, args, report) => {
        // Imported certificates (a body and key) and private-CA certificates are not validated at all.
        if (certificate.certificateBody !== undefined || certificate.certificateAuthorityArn !== undefined) {
            args.notApplicable("An imported or private-CA certificate has no domain validation");
        }
        const method = certificate.validationMethod;
        if (method !== "DNS") {
            report(
                `Certificate for ${certificate.domainName ?? "#{domainName}"} uses ${method ?? "no"} validation, not DNS.`,
            );
        }
    }),
};

export const lbCertificateValidated: PlatformStackPolicy = {
    name: "lb-certificate-validated",
    description:
        "Checks that a listener using a certificate the stack requests takes its ARN from the certificate's validation, so the listener waits until ACM has issued it.",
    severity: "high",
    remediationSteps:
        "Create an aws.acm.CertificateValidation for the certificate (with the validation records' `fqdn`s) and set the listener's `certificateArn: validation.certificateArn`, not `certificate.arn`: CreateListener rejects a certificate that is still pending validation.",
    enforcementLevel: "mandatory",
    tags: ["family:loadbalancer"],
    validateStack: validateStackOfTypes(certificateType, (certificates, args, report) => {
        const listeners = resourcesOfType(args.resources, lbTypes("listener"));
        const validations = resourcesOfType(args.resources, validationType);
        checkEachResource(listeners, report, listener => {
            for (const certificate of certificates.filter(c => refersToThrough(listener, "certificateArn", c))) {
                const waits = validations.some(
                    v =>
                        refersToThrough(v, "certificateArn", certificate) &&
                        dependsOnThrough(listener, "certificateArn", v),
                );
                if (!waits) {
                    report(
                        `Listener ${listener.name} uses certificate ${certificate.name} without waiting for its validation.`,
                        listener.urn,
                    );
                }
            }
        });
    }),
};

/** Input props of `aws.route53.Record`. */
type RecordProps = Unwrap<aws.route53.RecordArgs>;

/** Hostnames of AWS load balancers (ALB, NLB, classic), which Route 53 can answer for with an alias. */
const LOAD_BALANCER_HOSTNAME = /\.elb\.amazonaws\.com\.?$/i;

export const route53LoadBalancerAlias: PlatformResourcePolicy = {
    name: "route53-lb-alias",
    description:
        "Checks that DNS names pointing at an AWS load balancer use Route 53 alias A/AAAA records, not CNAMEs (which cannot sit at a zone apex and cost a query each).",
    severity: "low",
    remediationSteps:
        "Replace the CNAME with aws.route53.Record of type A (and AAAA) with `aliases: [{ name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true }]`.",
    enforcementLevel: "advisory",
    tags: ["family:loadbalancer"],
    validateResource: validateResourceOfTypes<RecordProps>(awsType("route53", "record"), (record, args, report) => {
        if (record.type !== "CNAME") {
            args.notApplicable("Not a CNAME record");
        }
        const targets = knownValue(() => record.records) ?? [];
        const loadBalancers = targets.filter(t => typeof t === "string" && LOAD_BALANCER_HOSTNAME.test(t));
        if (loadBalancers.length > 0) {
            report(
                `CNAME ${record.name} points at the load balancer ${loadBalancers.join(", ")}: use an alias record.`,
            );
        }
    }),
};
