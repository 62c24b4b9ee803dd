/**
 * Every policy of the pack, by family, ordered by layer (network → load balancing → compute and storage → ECS →
 * images and identity → cross-cutting). Tests and tools import this file; only `index.ts` serves the pack.
 *
 * Each family folder has an `index.ts` exporting `<family>Policies`. To add a family, import it below in its layer's
 * place and spread it into `policies`.
 */
import type { Policies } from "@pulumi/policy";
import { networkPolicies } from "./network";
import { loadBalancerPolicies } from "./loadbalancer";
import { storagePolicies } from "./storage";
import { computePolicies } from "./compute";
import { ecsPolicies } from "./ecs";
import { ecrPolicies } from "./ecr";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { secretsPolicies } from "./secrets";
import { loggingPolicies } from "./logging";
import { taggingPolicies } from "./tagging";
import { costPolicies } from "./cost";
// Families of other layers: add their imports here, in layer order (network, loadbalancer, storage, compute, ecs,
// ecr, iam, kms, secrets, logging, tagging, cost).

/** All policies of `ecs-platform-policies`, in layer order. */
export const policies: Policies = [
    ...networkPolicies,
    ...loadBalancerPolicies,
    ...storagePolicies,
    ...computePolicies,
    ...ecsPolicies,
    ...ecrPolicies,
    ...iamPolicies,
    ...kmsPolicies,
    ...secretsPolicies,
    ...loggingPolicies,
    ...taggingPolicies,
    ...costPolicies,
    // Spread the other families here, in the same order as the imports above.
];
