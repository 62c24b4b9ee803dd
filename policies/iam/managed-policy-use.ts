/** AWS managed policies are broad and change without notice; only reviewed ones may be attached. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { policyConfig, validateResourceOfTypes } from "../lib";
import type { PlatformResourcePolicy } from "../lib";
import { attachedPolicyArns, awsManagedPolicyName, managedAttachmentTypes, managedPolicyListed } from "./identity";

const schema = {
    properties: {
        allowedManagedPolicies: {
            type: "array",
            items: { type: "string" },
            // The ECS service policies the platform attaches: execution (if a stack opts for it), EC2 container
            // instances, Session Manager on those instances (opt-in), and ECS native blue/green listener shifts.
            default: [
                "service-role/AmazonECSTaskExecutionRolePolicy",
                "service-role/AmazonEC2ContainerServiceforEC2Role",
                "AmazonSSMManagedInstanceCore",
                "AmazonECSInfrastructureRolePolicyForLoadBalancers",
            ],
            description: "AWS managed policies that may be attached (path/name, or the bare name).",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * Row 79 of the anchors (cdk-nag AwsSolutions-IAM4), with an allow-list; row 80 (no inline policies) is not
 * implemented because scoped inline policies are how this platform gets least privilege (see the README).
 * AdministratorAccess is iam-no-admin's finding whatever this list says.
 */
export const iamManagedPolicyUse: PlatformResourcePolicy = {
    name: "iam-managed-policy-use",
    description: "Checks that only allow-listed AWS managed policies are attached to IAM roles, users and groups.",
    severity: "medium",
    remediationSteps:
        "Replace the AWS managed policy with an inline policy (aws.iam.RolePolicy or inlinePolicies) that lists the actions and resource ARNs needed, or add the reviewed policy to allowedManagedPolicies.",
    enforcementLevel: "advisory",
    tags: ["cdk-nag:AwsSolutions-IAM4", "family:iam"],
    configSchema: schema,
    validateResource: validateResourceOfTypes(managedAttachmentTypes, (props, args, reportViolation) => {
        const { allowedManagedPolicies } = policyConfig<{ allowedManagedPolicies: string[] }>(args, schema);
        for (const arn of attachedPolicyArns(args.type, props)) {
            const name = awsManagedPolicyName(arn);
            if (name !== undefined && !managedPolicyListed(name, allowedManagedPolicies)) {
                reportViolation(`attaches the AWS managed policy ${name}, which is not in allowedManagedPolicies.`);
            }
        }
    }),
};
