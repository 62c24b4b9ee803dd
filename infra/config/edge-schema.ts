import { z } from "zod";
import { DEFAULT_ALB_QUOTAS } from "../../components/ecs/routing";
import { ipCidr } from "./schema-primitives";

/** `ecs-platform:loadBalancer`: the ALB in front of the web services, its TLS, DNS names and WAF. */

const dnsName = z
    .string()
    .max(253)
    .regex(
        /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be a lowercase DNS name such as app.example.com (a leading *. for a wildcard)",
    );

export const loadBalancerSchema = z.strictObject({
    domain: dnsName
        .optional()
        .describe(
            "Name the ALB answers on, e.g. `app.example.com`: a DNS-validated ACM certificate (unless `certificateArn` is set) and alias A/AAAA records in `hostedZone`.",
        ),
    alternativeNames: z
        .array(dnsName)
        .max(99)
        .default([])
        .describe("Extra names on the certificate, each with alias records (e.g. `api.app.example.com`)."),
    hostedZone: dnsName
        .optional()
        .describe("Public Route 53 hosted zone of `domain`, by name (looked up), e.g. `example.com`."),
    hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ")
        .optional()
        .describe("The same zone by id, instead of `hostedZone`."),
    certificateArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "must be an ACM certificate ARN")
        .refine(arn => !/certificate\/0{8}-0{4}-0{4}-0{4}-0{12}$/.test(arn), "is the documentation placeholder")
        .optional()
        .describe(
            "Your own ACM certificate (this stack's region and account) instead of the requested one; without it and without `domain`, HTTP only.",
        ),
    sslPolicy: z
        .enum([
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ])
        .default("ELBSecurityPolicy-TLS13-1-2-2021-06")
        .describe("TLS policy of the HTTPS listener (TLS 1.2+/1.3)."),
    deletionProtection: z.boolean().optional().describe("Deletion protection on the ALB: on in prod."),
    waf: z
        .boolean()
        .optional()
        .describe("A WAFv2 web ACL (AWS managed rules, per-IP rate limit) in front of the ALB: on in prod."),
    wafWebAclArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/, "must be a regional WAFv2 web ACL ARN")
        .optional()
        .describe("Use this existing web ACL instead of creating one (with waf on)."),
    wafRequestsPerFiveMinutesPerIp: z
        .number()
        .int()
        .min(100)
        .max(2000000000)
        .default(2000)
        .describe("Per-IP rate limit of the created web ACL."),
    desyncMitigationMode: z.enum(["defensive", "strictest"]).default("defensive").describe("HTTP desync mitigation."),
    accessLogs: z
        .strictObject({ enabled: z.boolean().default(false), expireDays: z.number().int().min(1).default(90) })
        .default({ enabled: false, expireDays: 90 })
        .describe("ALB access logs to an encrypted, private S3 bucket that expires objects."),
    deregistrationDelaySeconds: z
        .number()
        .int()
        .min(0)
        .max(3600)
        .optional()
        .describe("Seconds a deregistering target drains; short so rolling deploys don't wait AWS's 300 s default."),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe("ALB idle connection timeout."),
    testTraffic: z
        .strictObject({
            headerName: z
                .string()
                .regex(/^[A-Za-z0-9-]{1,40}$/, "must be an HTTP header name (letters, digits, '-', at most 40)")
                .default("X-Blue-Green-Test"),
            sourceCidrs: z
                .array(ipCidr)
                .max(4)
                .default([])
                .describe("Client CIDRs (IPv4, or IPv6 with `network.ipv6`) that may reach green."),
        })
        .default({ headerName: "X-Blue-Green-Test", sourceCidrs: [] })
        .describe(
            "Who reaches green before a traffic shift: the header carrying the secret `testTrafficToken`, and/or these source CIDRs; neither = no test stage.",
        ),
    quotas: z
        .strictObject({
            rules: z.number().int().min(1).max(10000).default(DEFAULT_ALB_QUOTAS.rules),
            targetGroups: z.number().int().min(1).max(10000).default(DEFAULT_ALB_QUOTAS.targetGroups),
        })
        .default({ ...DEFAULT_ALB_QUOTAS })
        .describe("Your account's ALB quotas (rules and target groups per load balancer), if raised from 100."),
});
