import type { PlatformPolicy } from "../lib";
import { acmDnsValidation, lbCertificateValidated, route53LoadBalancerAlias } from "./certificate";
import { albHttpsOrRedirect, lbAcmCert, lbTlsPolicy } from "./listener";
import { albHttpRulesRedirectOnly } from "./listener-rules";
import {
    albAccessLogs,
    albDeletionProtection,
    albDesyncMode,
    albDropInvalidHeaders,
    lbInternalDefault,
} from "./load-balancer";
import { albWaf, lbMultiAz, tgIpTargetForFargate } from "./stack";
import { tgDeregistrationDelay, tgHealthCheck } from "./target-group";

/** Load balancer, listener and target group policies (`aws.lb.*` and `aws.alb.*` alike). */
export const loadBalancerPolicies: PlatformPolicy[] = [
    albAccessLogs,
    albDeletionProtection,
    albDropInvalidHeaders,
    albDesyncMode,
    lbInternalDefault,
    albHttpsOrRedirect,
    albHttpRulesRedirectOnly,
    lbTlsPolicy,
    lbAcmCert,
    acmDnsValidation,
    lbCertificateValidated,
    route53LoadBalancerAlias,
    albWaf,
    lbMultiAz,
    tgHealthCheck,
    tgIpTargetForFargate,
    tgDeregistrationDelay,
];
