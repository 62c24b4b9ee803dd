import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../shared";

/** The names the load balancer answers on, and the public Route 53 zone that holds them. */
export interface DomainArgs {
    /** Primary name, e.g. `app.example.com`: the certificate's subject and an alias record. Required. */
    name: string;
    /** Extra names (`api.app.example.com`, `*.app.example.com`): certificate SANs and alias records. Default: none. */
    alternativeNames?: string[];
    /** The public hosted zone holding the names, by name (looked up with `route53.getZone`); or set `hostedZoneId`. */
    hostedZone?: string;
    /** The same zone by id (`Z…`), instead of `hostedZone`: exactly one of the two is set. */
    hostedZoneId?: pulumi.Input<string>;
}

/** A domain with its defaults applied. */
export interface ResolvedDomain extends Pick<DomainArgs, "hostedZone" | "hostedZoneId"> {
    names: string[];
}

/** A DNS name as a resource-name fragment: `*.app.example.com` → `wildcard-app-example-com`. */
function slug(dnsName: string): string {
    return dnsName.toLowerCase().replace(/^\*\./, "wildcard.").replace(/\./g, "-");
}

/** The zone's id, looked up by name when only the name is given. */
export function hostedZoneId(domain: ResolvedDomain, parent: pulumi.Resource): pulumi.Output<string> {
    return domain.hostedZoneId !== undefined
        ? pulumi.output(domain.hostedZoneId)
        : aws.route53.getZoneOutput({ name: domain.hostedZone, privateZone: false }, { parent }).zoneId;
}

/**
 * An ACM certificate for the domain's names, validated through DNS records in the zone. Returns the ARN from the
 * `CertificateValidation`, so a listener using it waits until ACM has issued the certificate. DNS validation renews
 * by itself as long as the records stay in place.
 */
export function createValidatedCertificate(
    name: string,
    parent: pulumi.Resource,
    domain: ResolvedDomain,
    zoneId: pulumi.Output<string>,
    tags: Tags,
): pulumi.Output<string> {
    const [primary, ...alternatives] = domain.names;
    const certificate = new aws.acm.Certificate(
        `${name}-certificate`,
        {
            domainName: primary,
            subjectAlternativeNames: alternatives,
            validationMethod: "DNS",
            options: { certificateTransparencyLoggingPreference: "ENABLED" },
            tags,
        },
        // A new name replaces the certificate: the listener moves to the new one before the old one is deleted.
        { parent },
    );
    // `*.app.example.com` and `app.example.com` share one validation record: write it once.
    const byRecord = new Map<string, string>();
    for (const dnsName of domain.names) {
        const base = dnsName.replace(/^\*\./, "");
        if (!byRecord.has(base)) {
            byRecord.set(base, dnsName);
        }
    }
    const records = [...byRecord.entries()].map(([base, dnsName]) => {
        const option = certificate.domainValidationOptions.apply(options => {
            const found = options.find(o => o.domainName === dnsName);
            if (!found) {
                throw new pulumi.RunError(`ACM returned no DNS validation record for ${dnsName}`);
            }
            return found;
        });
        return new aws.route53.Record(
            `${name}-validation-${slug(base)}`,
            {
                zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                // A record left from an earlier certificate for the same name has the same value: take it over.
                allowOverwrite: true,
            },
            { parent },
        );
    });
    const validation = new aws.acm.CertificateValidation(
        `${name}-certificate-validation`,
        { certificateArn: certificate.arn, validationRecordFqdns: records.map(r => r.fqdn) },
        { parent },
    );
    return validation.certificateArn;
}

/**
 * Alias records from each of the domain's names to the load balancer: A, and AAAA beside it when the load
 * balancer is dual-stack (an AAAA alias to an IPv4-only load balancer would answer with no address).
 */
export function createAliasRecords(
    name: string,
    parent: pulumi.Resource,
    domain: ResolvedDomain,
    zoneId: pulumi.Output<string>,
    target: { dnsName: pulumi.Output<string>; zoneId: pulumi.Output<string> },
    dualStack: boolean,
): aws.route53.Record[] {
    const types = dualStack ? (["A", "AAAA"] as const) : (["A"] as const);
    return domain.names.flatMap(dnsName =>
        types.map(
            type =>
                new aws.route53.Record(
                    `${name}-alias-${slug(dnsName)}-${type.toLowerCase()}`,
                    {
                        zoneId,
                        name: dnsName,
                        type,
                        aliases: [{ name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true }],
                    },
                    { parent },
                ),
        ),
    );
}

/** Whether `host` (a route's host condition) is covered by one of the certificate's names (one-label wildcards). */
export function coveredByNames(host: string, names: string[]): boolean {
    const h = host.toLowerCase();
    return names.some(n => {
        const name = n.toLowerCase();
        if (name === h) {
            return true;
        }
        if (name.startsWith("*.")) {
            const rest = name.slice(1);
            return h.endsWith(rest) && !h.slice(0, -rest.length).includes(".") && h.length > rest.length;
        }
        return false;
    });
}
