import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { policyJson, repositoryPolicy, withProps } from "../platform-stack";

const pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

describe("policies/ecr/repository-policy", () => {
    describe("ecr-policy-not-public", () => {
        it("passes a cross-account pull policy naming account roots", async () => {
            await expectCompliant("ecr-policy-not-public", [repositoryPolicy]);
        });

        it("flags Principal * without a condition", async () => {
            const open = withProps(repositoryPolicy, {
                policy: policyJson({ Sid: "Public", Effect: "Allow", Principal: "*", Action: pull }),
            });
            await expectViolation("ecr-policy-not-public", [open], {
                message: 'statement "Public" allows ecr:BatchGetImage',
            });
        });

        it('flags Principal {AWS: "*"} with a condition that does not pin the caller', async () => {
            const document = policyJson({
                Effect: "Allow",
                Principal: { AWS: ["*"] },
                Action: pull,
                Condition: { Bool: { "aws:SecureTransport": "true" } },
            });
            await expectViolation("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: document })], {
                message: "statement #1",
            });
        });

        it("flags an Allow with NotPrincipal", async () => {
            const document = policyJson({
                Effect: "Allow",
                NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" },
                Action: pull,
            });
            await expectViolation("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: document })]);
        });

        it("passes Principal * pinned to the organization, and a public Deny", async () => {
            const document = policyJson(
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: pull,
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
                },
                { Effect: "Deny", Principal: "*", Action: "ecr:DeleteRepository" },
            );
            await expectCompliant("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: document })]);
        });

        it("flags Principal * behind ForAllValues: on aws:PrincipalOrgID, true for principals outside any organization", async () => {
            const document = policyJson({
                Effect: "Allow",
                Principal: "*",
                Action: pull,
                Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
            });
            await expectViolation("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: document })], {
                message: "to everyone without a condition",
            });
        });

        it("checks registry policies too", async () => {
            const registryPolicy = fakeResource("aws:ecr/registryPolicy:RegistryPolicy", "registry", {
                policy: policyJson({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["ecr:ReplicateImage"] }),
            });
            await expectViolation("ecr-policy-not-public", [registryPolicy], { urn: registryPolicy.urn });
        });

        it("flags a policy that is not valid JSON", async () => {
            await expectViolation("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: "{" })], {
                message: "not valid JSON",
            });
        });

        it("is advisory in a preview while the policy is unknown", async () => {
            await expectPreviewAdvisory("ecr-policy-not-public", [withProps(repositoryPolicy, { policy: UNKNOWN })]);
        });
    });
});
