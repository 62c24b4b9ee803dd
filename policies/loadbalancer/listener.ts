/** Listeners (`aws.lb.Listener` and `aws.alb.Listener`): HTTPS, TLS policies and certificates. */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { lbTypes, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";
import {
    defaultSslPolicyName,
    sslPolicies,
    tlsVersions,
    traitsOf,
    type SslPolicyTraits,
    type TlsVersion,
} from "./ssl-policies";

/** Input props of `aws.lb.Listener`. */
export type ListenerProps = Unwrap<aws.lb.ListenerArgs>;

const listenerTypes = lbTypes("listener");

/**
 * The listener's protocol. An ALB listener without one is HTTP (the provider's default); a Gateway Load Balancer
 * listener has neither protocol nor port, so it gets `undefined`.
 */
export function protocolOf(listener: ListenerProps): string | undefined {
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

const tlsPolicySchema = {
    properties: {
        minimumProtocol: {
            type: "string",
            enum: [...tlsVersions],
            default: "TLSv1.2",
            description: "Oldest TLS version a listener's security policy may accept.",
        },
        requireForwardSecrecy: {
            type: "boolean",
            default: true,
            description:
                "Require every cipher of the security policy to use an ephemeral key exchange (ECDHE or TLS 1.3).",
        },
        allowCbcCiphers: {
            type: "boolean",
            default: true,
            description:
                "Accept CBC-mode ciphers (`ECDHE-*-AES*-SHA256/384`), which TLS 1.2 clients without AES-GCM need; set false for GCM and ChaCha20 only.",
        },
    },
} satisfies PolicyConfigSchema;

/** What is wrong with a security policy under the settings, or nothing. */
function tlsPolicyProblems(
    traits: SslPolicyTraits,
    settings: { minimumProtocol: TlsVersion; requireForwardSecrecy: boolean; allowCbcCiphers: boolean },
): string[] {
    const problems: string[] = [];
    if (tlsVersions.indexOf(traits.minimumProtocol) < tlsVersions.indexOf(settings.minimumProtocol)) {
        problems.push(`accepts ${traits.minimumProtocol} (older than ${settings.minimumProtocol})`);
    }
    if (settings.requireForwardSecrecy && !traits.forwardSecrecy) {
        problems.push("allows ciphers without forward secrecy (static RSA key exchange)");
    }
    if (!settings.allowCbcCiphers && traits.cbcCiphers.length > 0) {
        problems.push(`allows CBC ciphers (${traits.cbcCiphers.join(", ")})`);
    }
    return problems;
}

/**
 * Judged from what the policy allows (AWS's table in `ssl-policies.ts`), so any predefined policy that meets the
 * settings passes, whatever its name.
 */
export const lbTlsPolicy: PlatformResourcePolicy = {
    name: "lb-tls-policy",
    description:
        "Checks that HTTPS and TLS listeners use a security policy that accepts only TLS 1.2 or later with forward secrecy (by the protocols and ciphers it allows).",
    severity: "high",
    remediationSteps:
        'Set `sslPolicy` to a policy of TLS 1.2 or later whose ciphers are all ECDHE or TLS 1.3, e.g. "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" or "ELBSecurityPolicy-TLS13-1-2-2021-06". Without `sslPolicy` the listener gets ELBSecurityPolicy-2016-08, which allows TLS 1.0.',
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
        const settings = policyConfig<{
            minimumProtocol: TlsVersion;
            requireForwardSecrecy: boolean;
            allowCbcCiphers: boolean;
        }>(args, tlsPolicySchema);
        const name = listener.sslPolicy ?? defaultSslPolicyName;
        const label = listener.sslPolicy === undefined ? `${name} (the default)` : name;
        const policy = sslPolicies[name];
        if (policy === undefined) {
            report(
                `sslPolicy is ${label}, which is not a predefined ELB security policy (see \`aws elbv2 describe-ssl-policies\`).`,
            );
            return;
        }
        const problems = tlsPolicyProblems(traitsOf(policy), settings);
        if (problems.length > 0) {
            report(`sslPolicy is ${label}, which ${problems.join("; ")}.`);
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
