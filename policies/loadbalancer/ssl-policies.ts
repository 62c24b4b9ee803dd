/**
 * The predefined ELB security policies (Application and Network Load Balancers), as AWS documents them
 * ("Security policies for your Application Load Balancer", `aws elbv2 describe-ssl-policies`): the protocols and
 * ciphers each allows. Policies are judged from these properties, not by name.
 */

/** TLS protocol versions, oldest first. */
export const tlsVersions = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;

/** A TLS protocol version. */
export type TlsVersion = (typeof tlsVersions)[number];

/** What a security policy allows. */
export interface SslPolicy {
    protocols: readonly TlsVersion[];
    ciphers: readonly string[];
}

const tls13Ciphers = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
const tls13FipsCiphers = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"];
const ecdheGcm = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
];
const ecdheCbcSha2 = [
    "ECDHE-ECDSA-AES128-SHA256",
    "ECDHE-RSA-AES128-SHA256",
    "ECDHE-ECDSA-AES256-SHA384",
    "ECDHE-RSA-AES256-SHA384",
];
const ecdheCbcSha1 = [
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-RSA-AES256-SHA",
    "ECDHE-ECDSA-AES256-SHA",
];
const staticRsaSha2 = ["AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256"];
const staticRsaSha1 = ["AES128-SHA", "AES256-SHA"];

const tls10To12: readonly TlsVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2"];
const tls10To13: readonly TlsVersion[] = [...tlsVersions];
const tls11To13: readonly TlsVersion[] = ["TLSv1.1", "TLSv1.2", "TLSv1.3"];
const tls12To13: readonly TlsVersion[] = ["TLSv1.2", "TLSv1.3"];
const legacy: SslPolicy = {
    protocols: tls10To12,
    ciphers: [...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1, ...staticRsaSha2, ...staticRsaSha1],
};
const tls13Ext2 = [...tls13Ciphers, ...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1, ...staticRsaSha2, ...staticRsaSha1];
const tls13FipsExt2 = [...tls13FipsCiphers, ...tls13Ext2.filter(c => !c.startsWith("TLS_"))];

/** Every predefined policy, by name. */
export const sslPolicies: Readonly<Record<string, SslPolicy>> = {
    "ELBSecurityPolicy-2016-08": legacy,
    "ELBSecurityPolicy-2015-05": legacy,
    "ELBSecurityPolicy-TLS-1-0-2015-04": { protocols: tls10To12, ciphers: [...legacy.ciphers, "DES-CBC3-SHA"] },
    "ELBSecurityPolicy-TLS-1-1-2017-01": { protocols: ["TLSv1.1", "TLSv1.2"], ciphers: legacy.ciphers },
    "ELBSecurityPolicy-TLS-1-2-2017-01": {
        protocols: ["TLSv1.2"],
        ciphers: [...ecdheGcm, ...ecdheCbcSha2, ...staticRsaSha2],
    },
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": { protocols: ["TLSv1.2"], ciphers: legacy.ciphers },
    "ELBSecurityPolicy-FS-2018-06": { protocols: tls10To12, ciphers: [...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1] },
    "ELBSecurityPolicy-FS-1-1-2019-08": {
        protocols: ["TLSv1.1", "TLSv1.2"],
        ciphers: [...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1],
    },
    "ELBSecurityPolicy-FS-1-2-2019-08": {
        protocols: ["TLSv1.2"],
        ciphers: [...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1],
    },
    "ELBSecurityPolicy-FS-1-2-Res-2019-08": { protocols: ["TLSv1.2"], ciphers: [...ecdheGcm, ...ecdheCbcSha2] },
    "ELBSecurityPolicy-FS-1-2-Res-2020-10": { protocols: ["TLSv1.2"], ciphers: ecdheGcm },
    "ELBSecurityPolicy-TLS13-1-3-2021-06": { protocols: ["TLSv1.3"], ciphers: tls13Ciphers },
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": { protocols: tls12To13, ciphers: [...tls13Ciphers, ...ecdheGcm] },
    "ELBSecurityPolicy-TLS13-1-2-2021-06": {
        protocols: tls12To13,
        ciphers: [...tls13Ciphers, ...ecdheGcm, ...ecdheCbcSha2],
    },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": {
        protocols: tls12To13,
        ciphers: [...tls13Ciphers, ...ecdheGcm, ...ecdheCbcSha2, ...staticRsaSha2],
    },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": { protocols: tls12To13, ciphers: tls13Ext2 },
    "ELBSecurityPolicy-TLS13-1-1-2021-06": { protocols: tls11To13, ciphers: tls13Ext2 },
    "ELBSecurityPolicy-TLS13-1-0-2021-06": { protocols: tls10To13, ciphers: tls13Ext2 },
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": { protocols: ["TLSv1.3"], ciphers: tls13FipsCiphers },
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04": {
        protocols: tls12To13,
        ciphers: [...tls13FipsCiphers, ...ecdheGcm],
    },
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": {
        protocols: tls12To13,
        ciphers: [...tls13FipsCiphers, ...ecdheGcm, ...ecdheCbcSha2],
    },
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": {
        protocols: tls12To13,
        ciphers: [...tls13FipsCiphers, ...ecdheGcm, ...ecdheCbcSha2, ...ecdheCbcSha1],
    },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": {
        protocols: tls12To13,
        ciphers: [...tls13FipsCiphers, ...ecdheGcm, ...ecdheCbcSha2, ...staticRsaSha2],
    },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": { protocols: tls12To13, ciphers: tls13FipsExt2 },
    "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": { protocols: tls11To13, ciphers: tls13FipsExt2 },
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": { protocols: tls10To13, ciphers: tls13FipsExt2 },
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": { protocols: ["TLSv1.3"], ciphers: tls13Ciphers },
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": { protocols: tls12To13, ciphers: [...tls13Ciphers, ...ecdheGcm] },
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": {
        protocols: tls12To13,
        ciphers: [...tls13Ciphers, ...ecdheGcm, ...ecdheCbcSha2],
    },
};

/** The policy AWS applies when a listener sets none (API, CloudFormation and Terraform-provider default). */
export const defaultSslPolicyName = "ELBSecurityPolicy-2016-08";

/** Properties of a policy that the pack judges. */
export interface SslPolicyTraits {
    /** The oldest protocol version it accepts. */
    minimumProtocol: TlsVersion;
    /** Whether every cipher uses an ephemeral key exchange (TLS 1.3 suites and ECDHE). */
    forwardSecrecy: boolean;
    /** The CBC-mode ciphers it allows (TLS 1.2 ciphers that are neither GCM nor ChaCha20). */
    cbcCiphers: string[];
}

/** The traits of a security policy. */
export function traitsOf(policy: SslPolicy): SslPolicyTraits {
    const minimumProtocol = tlsVersions.find(version => policy.protocols.includes(version)) ?? "TLSv1.3";
    return {
        minimumProtocol,
        forwardSecrecy: policy.ciphers.every(c => c.startsWith("TLS_") || c.startsWith("ECDHE-")),
        cbcCiphers: policy.ciphers.filter(c => !c.startsWith("TLS_") && !/GCM|CHACHA20/.test(c)),
    };
}
