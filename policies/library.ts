/**
 * The pack as a library, for teams that assemble their own pack from a selection (pulumi/compliance-policies style):
 *
 *     import { PolicyPack } from "@pulumi/policy";
 *     import { ecsNoSecretsInEnvironment, selectPolicies } from "ecs-platform-policies";
 *     new PolicyPack("team-pack", { policies: [...selectPolicies(["ecr-scan-on-push"]), ecsNoSecretsInEnvironment] });
 *
 * Importing this module serves nothing; `index.ts` is the pack this repository publishes.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import type { PlatformPolicy } from "./lib";
import { policies as allPolicies } from "./policies";
import prodConfig from "./config.prod.json";
import stagingConfig from "./config.staging.json";

export { packEnforcementLevel, packName, packVersion } from "./pack";
export * from "./lib";

/** Every policy, in layer order (network → … → cost). */
export const policies = allPolicies as readonly PlatformPolicy[];

/** Each family's policies. */
export { networkPolicies } from "./network";
export { loadBalancerPolicies } from "./loadbalancer";
export { storagePolicies } from "./storage";
export { computePolicies } from "./compute";
export { ecsPolicies } from "./ecs";
export { ecrPolicies } from "./ecr";
export { iamPolicies } from "./iam";
export { kmsPolicies } from "./kms";
export { secretsPolicies } from "./secrets";
export { loggingPolicies } from "./logging";
export { taggingPolicies } from "./tagging";
export { costPolicies } from "./cost";

/** Each policy, by its own name. */
export { naclNoWorldAdminPorts } from "./network/network-acl";
export { routeNoOpenIgw, defaultRouteViaNat, natPerAz } from "./network/routes";
export { sgNoWorldIngress, sgAttached } from "./network/security-group-exposure";
export { sgDescription, sgNoWorldAdminPorts, sgNoWorldEgress } from "./network/security-group";
export { subnetNoAutoPublicIp } from "./network/subnet";
export { ecsTaskSgFromLbOnly } from "./network/task-security-group";
export { vpcEndpointsPrivateEcs } from "./network/vpc-endpoints";
export { vpcFlowLogs, vpcDefaultSgClosed, noDefaultVpc } from "./network/vpc";
export { albHttpRulesRedirectOnly } from "./loadbalancer/listener-rules";
export { albHttpsOrRedirect, lbTlsPolicy, lbAcmCert } from "./loadbalancer/listener";
export {
    albAccessLogs,
    albDeletionProtection,
    albDropInvalidHeaders,
    albDesyncMode,
    lbInternalDefault,
} from "./loadbalancer/load-balancer";
export { albWaf, lbMultiAz, tgIpTargetForFargate } from "./loadbalancer/stack";
export { tgHealthCheck, tgDeregistrationDelay } from "./loadbalancer/target-group";
export { efsEncrypted, efsAccessPointNonRoot } from "./storage/efs";
export { s3PublicAccessBlock, s3Encryption, s3LifecycleExpiry } from "./storage/s3-bucket";
export { asgLaunchTemplate, ecsCapacityProviderTerminationProtection } from "./compute/auto-scaling";
export { launchTemplateImdsv2, launchTemplateEbsEncrypted, launchTemplateNoPublicIp } from "./compute/launch-template";
export { ecsContainerInsights, ecsEphemeralStorageCmk, ecsExecAudited } from "./ecs/cluster";
export {
    ecsReadonlyRootFilesystem,
    ecsNotPrivileged,
    ecsNonRootUser,
    ecsDropCapabilities,
    ecsNoHostPid,
    ecsHostNetworkUser,
} from "./ecs/container-runtime";
export { ecsNoSecretsInEnvironment, ecsSecretsValueFrom } from "./ecs/container-secrets";
export { ecsImageRegistryAllowlist, ecsImagePinned } from "./ecs/images";
export { ecsContainerLogging, ecsAwslogsGroupManaged } from "./ecs/logging";
export { ecsServiceHighAvailability, ecsAutoscalingPresent, ecsScalingPolicySane } from "./ecs/service-availability";
export { ecsServicePrivateSubnets } from "./ecs/service-network";
export {
    ecsServiceNoPublicIp,
    ecsFargatePlatformLatest,
    ecsCircuitBreakerRollback,
    ecsDeploymentPercent,
    ecsLoadBalancerGracePeriod,
    ecsNoSpot,
    ecsExecDisabled,
} from "./ecs/service";
export { ecsAwsvpcFargate, ecsEfsTransitEncryption, ecsEssentialHealthCheck } from "./ecs/task-definition";
export { ecsTaskRoleNotExecutionRole } from "./ecs/task-roles";
export { ecrLifecyclePresent, ecrLifecycleContent } from "./ecr/lifecycle";
export { ecrPolicyNotPublic } from "./ecr/repository-policy";
export { ecrTagImmutable, ecrKms, ecrNoForceDelete } from "./ecr/repository";
export { ecrScanOnPush } from "./ecr/scan-on-push";
export { iamEcsTrust } from "./iam/ecs-trust";
export { iamExecRoleLeastPrivilege } from "./iam/execution-role";
export { iamKmsDecryptScoped } from "./iam/kms-decrypt-scoped";
export { iamManagedPolicyUse } from "./iam/managed-policy-use";
export { iamNoAdmin } from "./iam/no-admin";
export { iamNoWildcardActions } from "./iam/no-wildcard-actions";
export { iamPassroleScoped } from "./iam/passrole-scoped";
export { iamNoPrivilegeEscalation } from "./iam/privilege-escalation";
export { resourcePolicyNotPublic } from "./iam/resource-policy-not-public";
export { kmsPolicyNoStar } from "./kms/key-policy";
export { kmsRotation, kmsDeletionWindow } from "./kms/key";
export { secretRotation, secretRotationMaxAge } from "./secrets/rotation";
export { secretCmk, secretRecoveryWindow } from "./secrets/secret";
export { ssmSecureParameter } from "./secrets/ssm-parameter";
export { logRetentionSet, logRetentionBounds, logGroupKms } from "./logging/log-group";
export { requiredTags } from "./tagging/required-tags";
export { budgetAlerts } from "./cost/budget";

/** Every policy by name (also policies added without a named export here). */
export const policiesByName: Readonly<Record<string, PlatformPolicy>> = Object.fromEntries(
    policies.map(p => [p.name, p]),
);

/** The pack's default level for each policy (what it runs at without a config file). */
export const defaultEnforcementLevels: Readonly<Record<string, EnforcementLevel>> = Object.fromEntries(
    policies.map(p => [p.name, p.enforcementLevel]),
);

/** The levels and settings this platform runs its environments with (its `--policy-pack-config` files). */
export const environmentConfigs = { staging: stagingConfig, prod: prodConfig } as const;

/** The named policies, in the order given; throws on a name the pack does not have. */
export function selectPolicies(names: readonly string[]): PlatformPolicy[] {
    const unknown = names.filter(name => !(name in policiesByName));
    if (unknown.length > 0) {
        throw new Error(`ecs-platform-policies has no policy named ${unknown.join(", ")} (see policiesByName).`);
    }
    return names.map(name => policiesByName[name]);
}
