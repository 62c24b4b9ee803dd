/**
 * Required tags on taggable resources. "Taggable" is a static list: the `@pulumi/aws` types this platform creates
 * whose input args have a `tags` map (checked against the typings by the spec). A static list is honest about what
 * is checked; a type added to the platform must be added here. `aws.autoscaling.Group` is left out on purpose: its
 * `tags` is a list of `{key, value, propagateAtLaunch}` blocks, not a map, and its instances are tagged through the
 * launch template.
 *
 * Tags set through the provider's `defaultTags` count too: the engine passes the provider's inputs with each resource.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { awsType, lbTypes, policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";

/** Taggable types of the platform, by module → resources. */
const taggableResources: Record<string, string[]> = {
    acm: ["certificate"],
    budgets: ["budget"],
    appautoscaling: ["target"],
    cloudwatch: ["logGroup", "metricAlarm"],
    ec2: [
        "defaultSecurityGroup",
        "eip",
        "flowLog",
        "internetGateway",
        "launchTemplate",
        "natGateway",
        "networkAcl",
        "routeTable",
        "securityGroup",
        "subnet",
        "vpc",
        "vpcEndpoint",
    ],
    ecr: ["repository"],
    ecs: ["capacityProvider", "cluster", "service", "taskDefinition"],
    efs: ["accessPoint", "fileSystem"],
    iam: ["instanceProfile", "policy", "role"],
    kms: ["key"],
    s3: ["bucket"],
    secretsmanager: ["secret"],
    sns: ["topic"],
    ssm: ["parameter"],
    vpc: ["securityGroupEgressRule", "securityGroupIngressRule"],
    wafv2: ["webAcl"],
};

/** Type tokens the required-tags policy checks. */
export const taggableTypes: readonly string[] = [
    ...Object.entries(taggableResources).flatMap(([module, resources]) =>
        resources.map(resource => awsType(module, resource)),
    ),
    ...lbTypes("loadBalancer"),
    ...lbTypes("listener"),
    ...lbTypes("listenerRule"),
    ...lbTypes("targetGroup"),
];

const schema = {
    properties: {
        requiredTags: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["environment", "managed-by", "owner"],
            description: "Tag keys every taggable resource must carry with a non-empty value.",
        },
    },
} satisfies PolicyConfigSchema;

export const requiredTags: PlatformResourcePolicy = {
    name: "required-tags",
    description:
        "Checks that taggable AWS resources carry the required tags (environment, managed-by, owner by default).",
    severity: "low",
    remediationSteps:
        "Add the missing keys to the resource's `tags` (the platform components take a `tags` argument and merge it into every resource), or to the AWS provider's `defaultTags.tags`.",
    enforcementLevel: "advisory",
    tags: ["family:tagging"],
    configSchema: schema,
    validateResource: validateResourceOfTypes<{ tags?: Record<string, string> }>(
        taggableTypes,
        (props, args, reportViolation) => {
            const { requiredTags: required } = policyConfig<{ requiredTags: string[] }>(args, schema);
            const defaultTags: Record<string, string> = args.provider?.props?.defaultTags?.tags ?? {};
            // Only the required keys are read, so an unrelated tag that is unknown in a preview does not stop the check.
            const missing = required.filter(key => !(props.tags?.[key] ?? defaultTags[key]));
            if (missing.length > 0) {
                reportViolation(`missing required tags: ${missing.join(", ")}.`);
            }
        },
    ),
};
