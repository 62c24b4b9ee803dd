/**
 * Image scanning on push. A repository is covered by its own `imageScanningConfiguration.scanOnPush`, or by a
 * registry scanning rule (`aws.ecr.RegistryScanningConfiguration`) whose filter matches its name with a frequency
 * other than MANUAL. With ENHANCED (Amazon Inspector) scanning the registry rules alone decide: ECR ignores the
 * repository setting then, so `scanOnPush: true` does not count.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import {
    awsType,
    checkEachResource,
    policyConfig,
    readKnown,
    reportAdvisory,
    resourcesOfType,
    validateStackOfTypes,
} from "../lib";
import type { PlatformStackPolicy } from "../lib";
import { wildcardMatches } from "../iam/document";
import { ecrRepositoryType } from "./repository";

/** Type token of `aws.ecr.RegistryScanningConfiguration`. */
export const ecrRegistryScanningType = awsType("ecr", "registryScanningConfiguration");

interface ScanningRule {
    scanFrequency?: string;
    repositoryFilters?: { filter?: string; filterType?: string }[];
}

const schema = {
    properties: {
        exemptRepositoryNames: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Repository names that need no scanning (e.g. caches of images scanned elsewhere).",
        },
    },
} satisfies PolicyConfigSchema;

export const ecrScanOnPush: PlatformStackPolicy = {
    name: "ecr-scan-on-push",
    description: "Checks that every ECR repository scans images on push, itself or through registry scanning rules.",
    severity: "high",
    remediationSteps:
        "Set `imageScanningConfiguration: { scanOnPush: true }` on the aws.ecr.Repository; with ENHANCED registry scanning, add a rule with scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN whose WILDCARD filter matches the repository name.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECR.1", "checkov:CKV_AWS_163", "trivy:AVD-AWS-0030", "family:ecr"],
    configSchema: schema,
    validateStack: validateStackOfTypes(ecrRepositoryType, (repositories, args, reportViolation) => {
        const { exemptRepositoryNames } = policyConfig<{ exemptRepositoryNames: string[] }>(args, schema);
        const registry = registryScanning(resourcesOfType(args.resources, ecrRegistryScanningType));
        checkEachResource(repositories, reportViolation, repository => {
            // Only name-based checks need the name, so a repository whose name is not known yet can still pass on its own setting.
            const name = readKnown(() => repository.props.name as string);
            if (
                name.known &&
                (exemptRepositoryNames.includes(name.value) ||
                    registry.rules.some(rule => ruleCovers(rule, name.value)))
            ) {
                return;
            }
            if (!registry.enhanced && repository.props.imageScanningConfiguration?.scanOnPush === true) {
                return;
            }
            if (!name.known && (registry.rules.length > 0 || exemptRepositoryNames.length > 0)) {
                reportAdvisory(
                    reportViolation,
                    repository.urn,
                    "cannot be checked during preview: the repository name is not known yet",
                );
            } else if (registry.enhanced) {
                reportViolation(
                    `repository ${repository.name}: registry scanning is ENHANCED and no rule with scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN matches it (its own scanOnPush is ignored).`,
                    repository.urn,
                );
            } else {
                reportViolation(
                    `repository ${repository.name}: imageScanningConfiguration.scanOnPush is not true; pushed images are never scanned.`,
                    repository.urn,
                );
            }
        });
    }),
};

/** The registry scanning rules of the stack (an account has at most one configuration per region). */
function registryScanning(configurations: PolicyResource[]): { enhanced: boolean; rules: ScanningRule[] } {
    return {
        enhanced: configurations.some(c => c.props.scanType === "ENHANCED"),
        rules: configurations.flatMap(c => (c.props.rules ?? []) as ScanningRule[]),
    };
}

function ruleCovers(rule: ScanningRule, repositoryName: string): boolean {
    return (
        (rule.scanFrequency === "SCAN_ON_PUSH" || rule.scanFrequency === "CONTINUOUS_SCAN") &&
        (rule.repositoryFilters ?? []).some(
            f => f.filterType === "WILDCARD" && f.filter !== undefined && wildcardMatches(f.filter, repositoryName),
        )
    );
}
