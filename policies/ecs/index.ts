/** ECS family: task definitions (rows 1–16 of the anchor table), services (17–28) and clusters (29–30). */
import type { PlatformPolicy } from "../lib";
import { clusterPolicies } from "./cluster";
import { containerRuntimePolicies } from "./container-runtime";
import { containerSecretsPolicies } from "./container-secrets";
import { imagePolicies } from "./images";
import { loggingPolicies } from "./logging";
import { serviceAvailabilityPolicies } from "./service-availability";
import { serviceNetworkPolicies } from "./service-network";
import { servicePolicies } from "./service";
import { serviceConnectPolicies } from "./service-connect";
import { serviceDormantPolicies } from "./service-dormant";
import { taskDefinitionPolicies } from "./task-definition";
import { taskRolePolicies } from "./task-roles";

export const ecsPolicies: PlatformPolicy[] = [
    ...taskDefinitionPolicies,
    ...containerRuntimePolicies,
    ...containerSecretsPolicies,
    ...imagePolicies,
    ...loggingPolicies,
    ...taskRolePolicies,
    ...servicePolicies,
    ...serviceNetworkPolicies,
    ...serviceAvailabilityPolicies,
    ...serviceDormantPolicies,
    ...serviceConnectPolicies,
    ...clusterPolicies,
];
