/** The served policy pack (`pulumi preview --policy-pack policies`). Tests must import `policies.ts`, never this. */
import { PolicyPack } from "@pulumi/policy";
import { packEnforcementLevel, packName } from "./pack";
import { policies } from "./policies";

new PolicyPack(packName, {
    policies,
    enforcementLevel: packEnforcementLevel,
    displayName: "ECS platform policies",
    description:
        "ECS on Fargate platform guardrails: task definitions, services, clusters, images, network, identity, logging.",
    provider: "aws",
    tags: ["aws", "ecs", "fargate"],
});
