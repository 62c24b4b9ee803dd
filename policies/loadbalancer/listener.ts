/** Listeners (`aws.lb.Listener` and `aws.alb.Listener`): HTTPS, TLS policies and certificates. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { lbTypes, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

/** Input props of `aws.lb.Listener`. */
export type ListenerProps = Unwrap<aws.lb.ListenerArgs>;

const listenerTypes = lbTypes("listener");

/**
 * The listener's protocol. An ALB listener without one is HTTP (the provider's default); a Gateway Load Balancer
 * listener has neither protocol nor port, so it gets `undefined`.
 */
function protocolOf(listener: ListenerProps): string | undefined {
    if (listener.protocol !== undefined) {
        return listener.protocol.toUpperCase();
    }
    return listener.port === undefined ? undefined : "HTTP";
}

/** Whether the listener terminates TLS (and so needs a certificate and a TLS policy). */
function terminatesTls(listener: ListenerProps): boolean {
    const protocol = protocolOf(listener);
    return protocol === "HTTPS" || protocol === "TLS";
}

export const albHttpsOrRedirect: PlatformResourcePolicy = {
    name: "alb-https-or-redirect",
    description: "Checks that HTTP listeners only redirect to HTTPS, so no traffic is served in clear text.",
    severity: "high",
    remediationSteps:
        'Serve traffic on an HTTPS listener (port 443, ACM certificate) and make the HTTP listener\'s only default action `{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }`. A stack without a certificate (staging) runs this policy as advisory.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:ELB.1",
        "cdk-nag:ALBHttpToHttpsRedirection",
        "checkov:CKV_AWS_2",
        "checkov:CKV2_AWS_20",
        "trivy:AVD-AWS-0054",
        "awsguard:alb-http-to-https-redirection",
        "family:loadbalancer",
    ],
    validateResource: validateResourceOfTypes<ListenerProps>(listenerTypes, (listener, args, report) => {
        if (protocolOf(listener) !== "HTTP") {
            args.notApplicable("Not an HTTP listener");
        }
        const actions = listener.defaultActions ?? [];
        const redirects = actions.some(a => a.type === "redirect" && a.redirect?.protocol?.toUpperCase() === "HTTPS");
        const serves = actions.filter(a => a.type === "forward" || a.type === "fixed-response").map(a => a.type);
        if (!redirects || serves.length > 0) {
            const found = actions.map(a =>
                a.type === "redirect" ? `redirect to ${a.redirect?.protocol ?? "#{protocol}"}` : a.type,
            );
            report(
                `HTTP listener on port ${listener.port ?? 80}: the default actions are [${found.join(", ")}], not a redirect to HTTPS.`,
            );
        }
    }),
};

/** TLS 1.2+ policies with forward secrecy only (TLS 1.3 policies and the FS-1-2-Res policies). */
const defaultSslPolicies = [
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

const tlsPolicySchema = {
    properties: {
        allowedSslPolicies: {
            type: "array",
            items: { type: "string" },
            default: defaultSslPolicies,
            description: "Accepted `sslPolicy` names for HTTPS and TLS listeners.",
        },
    },
} satisfies PolicyConfigSchema;

export const lbTlsPolicy: PlatformResourcePolicy = {
    name: "lb-tls-policy",
    description:
        "Checks that HTTPS and TLS listeners use an allowed security policy (TLS 1.2 or later with forward secrecy).",
    severity: "high",
    remediationSteps:
        'Set `sslPolicy` to one of `allowedSslPolicies`, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06". Without `sslPolicy` the listener gets ELBSecurityPolicy-2016-08, which allows TLS 1.0.',
    enforcementLevel: "mandatory",
    tags: [
        "securityhub:ELB.17",
        "checkov:CKV_AWS_103",
        "checkov:CKV2_AWS_74",
        "trivy:AVD-AWS-0047",
        "family:loadbalancer",
    ],
    configSchema: tlsPolicySchema,
    validateResource: validateResourceOfTypes<ListenerProps>(listenerTypes, (listener, args, report) => {
        if (!terminatesTls(listener)) {
            args.notApplicable("The listener does not terminate TLS");
        }
        const { allowedSslPolicies } = policyConfig<{ allowedSslPolicies: string[] }>(args, tlsPolicySchema);
        const policy = listener.sslPolicy ?? "ELBSecurityPolicy-2016-08 (the default)";
        if (!allowedSslPolicies.includes(policy)) {
            report(`sslPolicy is ${policy}, which is not in allowedSslPolicies.`);
        }
    }),
};

export const lbAcmCert: PlatformResourcePolicy = {
    name: "lb-acm-cert",
    description:
        "Checks that HTTPS and TLS listeners use an ACM certificate (renewed by AWS), not an IAM server certificate.",
    severity: "medium",
    remediationSteps:
        "Issue the certificate with aws.acm.Certificate (DNS validation) and set `certificateArn: certificate.arn` (through the validation's `certificateArn` so the listener waits for it).",
    enforcementLevel: "mandatory",
    tags: ["cdk-nag:ELBv2ACMCertificateRequired", "family:loadbalancer"],
    validateResource: validateResourceOfTypes<ListenerProps>(listenerTypes, (listener, args, report) => {
        if (!terminatesTls(listener)) {
            args.notApplicable("The listener does not terminate TLS");
        }
        const arn = listener.certificateArn;
        if (arn === undefined || !/^arn:aws[a-z-]*:acm:/.test(arn)) {
            report(arn === undefined ? "No certificateArn." : `certificateArn ${arn} is not an ACM certificate.`);
        }
    }),
};
