import { expectCompliant, expectViolation, fakeResource } from "../helpers";
import { executionRole, instanceRole, instanceRoleAttachment, withProps } from "../platform-stack";

describe("policies/iam/managed-policy-use", () => {
    describe("iam-managed-policy-use", () => {
        it("passes the allow-listed ECS managed policies and customer managed ARNs", async () => {
            const role = withProps(executionRole, {
                managedPolicyArns: [
                    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                    "arn:aws:iam::123456789012:policy/platform-ci",
                ],
            });
            await expectCompliant("iam-managed-policy-use", [instanceRoleAttachment, role]);
        });

        it("flags an AWS managed policy that is not allow-listed, in every attachment shape", async () => {
            const readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
            await expectViolation(
                "iam-managed-policy-use",
                [withProps(instanceRoleAttachment, { policyArn: readOnly })],
                { message: "ReadOnlyAccess" },
            );
            await expectViolation("iam-managed-policy-use", [
                withProps(instanceRole, { managedPolicyArns: [readOnly] }),
            ]);
            const exclusive = fakeResource(
                "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                "exclusive",
                {
                    roleName: "capacity-role-9a8b7c6",
                    policyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
                },
            );
            await expectViolation("iam-managed-policy-use", [exclusive], { message: "AmazonS3FullAccess" });
        });

        it("follows the configured allow-list (bare names or path/name)", async () => {
            const ssm = withProps(instanceRoleAttachment, {
                policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            });
            await expectCompliant("iam-managed-policy-use", [ssm], {
                config: { "iam-managed-policy-use": { allowedManagedPolicies: ["AmazonSSMManagedInstanceCore"] } },
            });
            await expectViolation("iam-managed-policy-use", [instanceRoleAttachment], {
                config: { "iam-managed-policy-use": { allowedManagedPolicies: [] } },
            });
        });
    });
});
