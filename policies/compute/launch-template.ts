/** EC2 launch templates of ECS container instances (EC2 capacity providers). */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { awsType, policyConfig, validateResourceOfTypes, type PlatformResourcePolicy } from "../lib";

type LaunchTemplateProps = Unwrap<aws.ec2.LaunchTemplateArgs>;

const launchTemplateType = awsType("ec2", "launchTemplate");

/** Launch template flags are strings ("true") in the provider; accept a boolean too. */
const isTrue = (value: string | boolean | undefined) => String(value).toLowerCase() === "true";

const imdsSchema = {
    properties: {
        maxHopLimit: {
            type: "integer",
            minimum: 1,
            maximum: 64,
            default: 1,
            description:
                "Largest accepted `httpPutResponseHopLimit`. 1 keeps containers (one hop further) from reading the instance role's credentials; tasks get theirs from the ECS agent.",
        },
    },
} satisfies PolicyConfigSchema;

export const launchTemplateImdsv2: PlatformResourcePolicy = {
    name: "launch-template-imdsv2",
    description: "Checks that launch templates require IMDSv2 session tokens and keep the metadata hop limit low.",
    severity: "high",
    remediationSteps:
        'Set `metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }` (or `httpEndpoint: "disabled"` when nothing on the instance needs the metadata service).',
    enforcementLevel: "mandatory",
    tags: ["securityhub:EC2.170", "checkov:CKV_AWS_79", "checkov:CKV_AWS_341", "trivy:AVD-AWS-0130", "family:compute"],
    configSchema: imdsSchema,
    validateResource: validateResourceOfTypes<LaunchTemplateProps>(launchTemplateType, (template, args, report) => {
        const { maxHopLimit } = policyConfig<{ maxHopLimit: number }>(args, imdsSchema);
        const options = template.metadataOptions;
        if (options?.httpEndpoint === "disabled") {
            return;
        }
        if (options?.httpTokens !== "required") {
            report(
                `metadataOptions.httpTokens is ${options?.httpTokens ?? "unset (optional: IMDSv1 allowed)"}, not "required".`,
            );
        }
        const hopLimit = options?.httpPutResponseHopLimit ?? 1;
        if (hopLimit > maxHopLimit) {
            report(
                `metadataOptions.httpPutResponseHopLimit is ${hopLimit}; at most ${maxHopLimit}, or containers can reach the instance credentials.`,
            );
        }
    }),
};

export const launchTemplateEbsEncrypted: PlatformResourcePolicy = {
    name: "launch-template-ebs-encrypted",
    description: "Checks that every EBS volume a launch template maps is encrypted.",
    severity: "high",
    remediationSteps:
        'Set `ebs: { encrypted: "true", kmsKeyId: key.arn, volumeType: "gp3" }` on every `blockDeviceMappings` entry (including the root device, e.g. /dev/xvda). Also turn on EBS encryption by default for the account (aws.ebs.EncryptionByDefault).',
    enforcementLevel: "mandatory",
    tags: ["family:compute"],
    validateResource: validateResourceOfTypes<LaunchTemplateProps>(launchTemplateType, (template, _args, report) => {
        for (const mapping of template.blockDeviceMappings ?? []) {
            if (mapping.ebs !== undefined && !isTrue(mapping.ebs.encrypted)) {
                report(
                    `Block device ${mapping.deviceName ?? "(unnamed)"} is not encrypted (ebs.encrypted is ${mapping.ebs.encrypted ?? "unset"}).`,
                );
            }
        }
    }),
};

export const launchTemplateNoPublicIp: PlatformResourcePolicy = {
    name: "launch-template-no-public-ip",
    description: "Checks that launch templates do not give instances public IP addresses.",
    severity: "high",
    remediationSteps:
        'Set `associatePublicIpAddress: "false"` on every `networkInterfaces` entry and launch the instances in private subnets; they reach ECS, ECR and the internet through VPC endpoints and NAT gateways.',
    enforcementLevel: "mandatory",
    tags: ["securityhub:EC2.25", "checkov:CKV_AWS_88", "family:compute"],
    validateResource: validateResourceOfTypes<LaunchTemplateProps>(launchTemplateType, (template, _args, report) => {
        (template.networkInterfaces ?? []).forEach((networkInterface, i) => {
            if (isTrue(networkInterface.associatePublicIpAddress)) {
                report(`networkInterfaces[${i}] sets associatePublicIpAddress.`);
            }
        });
    }),
};
