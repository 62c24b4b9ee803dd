import type { PlatformPolicy } from "../lib";
import { asgLaunchTemplate, ecsCapacityProviderTerminationProtection } from "./auto-scaling";
import { launchTemplateEbsEncrypted, launchTemplateImdsv2, launchTemplateNoPublicIp } from "./launch-template";

/** EC2 capacity policies: launch templates, Auto Scaling groups, ECS capacity providers. */
export const computePolicies: PlatformPolicy[] = [
    launchTemplateImdsv2,
    launchTemplateEbsEncrypted,
    launchTemplateNoPublicIp,
    asgLaunchTemplate,
    ecsCapacityProviderTerminationProtection,
];
