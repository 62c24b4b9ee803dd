import * as assert from "assert";
import { createHash } from "crypto";
import { Cluster } from "../../../components/ecs/cluster";
import { Ec2CapacitySettings, instanceTypeProblem } from "../../../components/ecs/ec2-capacity";
import { ComponentArgumentError } from "../../../components/shared";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";

const EC2: Ec2CapacitySettings = {
    instanceType: "m7i.large",
    minSize: 1,
    maxSize: 4,
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    securityGroupIds: ["sg-hosts"],
};
const TAGS = { env: "test", owner: "platform" };

async function run(ec2: Partial<Ec2CapacitySettings> = {}) {
    const { resources } = await runProgram(
        () => {
            new Cluster("main", { ec2: { ...EC2, ...ec2 }, tags: TAGS });
        },
        { stack: "test", config: { "aws:region": "eu-west-1" } },
    );
    return resources;
}

function only(resources: CapturedResource[], type: string): CapturedResource {
    const found = ofType(resources, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

describe("ecs/Ec2Capacity (through Cluster.ec2)", () => {
    it("launches the ECS-optimised AL2023 AMI of the architecture, read from its SSM parameter", async () => {
        // The fake cloud answers ssm getParameter with `ami-` + the first 17 hex digits of sha256(parameter name).
        const amiFor = (parameter: string) =>
            `ami-${createHash("sha256").update(parameter).digest("hex").slice(0, 17)}`;
        const x86 = only(await run(), "aws:ec2/launchTemplate:LaunchTemplate");
        assert.strictEqual(
            x86.inputs.imageId,
            amiFor("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"),
        );
        assert.strictEqual(x86.inputs.instanceType, "m7i.large");
        const arm = only(
            await run({ architecture: "arm64", instanceType: "m7g.large" }),
            "aws:ec2/launchTemplate:LaunchTemplate",
        );
        assert.strictEqual(
            arm.inputs.imageId,
            amiFor("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"),
        );
    });

    it("requires IMDSv2 with a hop limit of 1", async () => {
        const template = only(await run(), "aws:ec2/launchTemplate:LaunchTemplate");
        assert.deepStrictEqual(template.inputs.metadataOptions, {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        });
    });

    it("writes ECS_CLUSTER=<cluster name> to ecs.config in base64 user data and blocks IMDS for awsvpc tasks", async () => {
        const resources = await run();
        const template = only(resources, "aws:ec2/launchTemplate:LaunchTemplate");
        const clusterName = only(resources, "aws:ecs/cluster:Cluster").state.name;
        const script = Buffer.from(template.inputs.userData, "base64").toString("utf8");
        assert.ok(script.startsWith("#!/bin/bash\n"));
        assert.match(script, /cat <<'EOF' >> \/etc\/ecs\/ecs.config\n/);
        assert.ok(script.split("\n").includes(`ECS_CLUSTER=${clusterName}`), script);
        assert.ok(script.split("\n").includes("ECS_AWSVPC_BLOCK_IMDS=true"), script);
    });

    it("gives instances no public IP, the given security groups and an encrypted gp3 root volume", async () => {
        const template = only(
            await run({ rootVolumeSizeGiB: 50, rootVolumeKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/ebs" }),
            "aws:ec2/launchTemplate:LaunchTemplate",
        );
        assert.deepStrictEqual(template.inputs.networkInterfaces, [
            {
                deviceIndex: 0,
                associatePublicIpAddress: "false",
                deleteOnTermination: "true",
                securityGroups: ["sg-hosts"],
            },
        ]);
        assert.strictEqual(template.inputs.vpcSecurityGroupIds, undefined, "security groups go on the interface only");
        assert.deepStrictEqual(template.inputs.blockDeviceMappings, [
            {
                deviceName: "/dev/xvda",
                ebs: {
                    volumeType: "gp3",
                    volumeSize: 50,
                    encrypted: "true",
                    kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/ebs",
                    deleteOnTermination: "true",
                },
            },
        ]);
    });

    it("uses the instance profile of a role that only EC2 can assume, with the ECS instance policy", async () => {
        const resources = await run();
        const role = only(resources, "aws:iam/role:Role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        const attachments = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.deepStrictEqual(
            attachments.map(a => a.inputs.policyArn),
            ["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"],
        );
        assert.ok(attachments.every(a => a.inputs.role === role.state.name));
        const profile = only(resources, "aws:iam/instanceProfile:InstanceProfile");
        assert.strictEqual(profile.inputs.role, role.state.name);
        assert.deepStrictEqual(only(resources, "aws:ec2/launchTemplate:LaunchTemplate").inputs.iamInstanceProfile, {
            arn: profile.state.arn,
        });
    });

    it("adds AmazonSSMManagedInstanceCore when ssmManagedInstance is on", async () => {
        const attachments = ofType(
            await run({ ssmManagedInstance: true }),
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        );
        assert.deepStrictEqual(attachments.map(a => a.inputs.policyArn).sort(), [
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        ]);
    });

    it("runs a scale-in-protected Auto Scaling group in the private subnets, tagged AmazonECSManaged", async () => {
        const resources = await run();
        const group = only(resources, "aws:autoscaling/group:Group");
        const template = only(resources, "aws:ec2/launchTemplate:LaunchTemplate");
        assert.strictEqual(group.inputs.protectFromScaleIn, true);
        assert.deepStrictEqual(group.inputs.vpcZoneIdentifiers, ["subnet-private-a", "subnet-private-b"]);
        assert.strictEqual(group.inputs.minSize, 1);
        assert.strictEqual(group.inputs.maxSize, 4);
        assert.strictEqual(group.inputs.desiredCapacity, undefined, "ECS managed scaling owns the desired capacity");
        assert.deepStrictEqual(group.inputs.launchTemplate, { id: template.id, version: "1" });
        assert.strictEqual(group.inputs.instanceRefresh.strategy, "Rolling");
        assert.deepStrictEqual(
            group.inputs.tags.find((t: { key: string }) => t.key === "AmazonECSManaged"),
            { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
        );
        for (const [key, value] of Object.entries(TAGS)) {
            assert.deepStrictEqual(
                group.inputs.tags.find((t: { key: string }) => t.key === key),
                { key, value, propagateAtLaunch: true },
            );
        }
    });

    it("creates a capacity provider with managed scaling and managed termination protection", async () => {
        const resources = await run({ targetCapacityPercent: 90 });
        const provider = only(resources, "aws:ecs/capacityProvider:CapacityProvider");
        assert.deepStrictEqual(provider.inputs.autoScalingGroupProvider, {
            autoScalingGroupArn: only(resources, "aws:autoscaling/group:Group").state.arn,
            managedTerminationProtection: "ENABLED",
            managedDraining: "ENABLED",
            managedScaling: { status: "ENABLED", targetCapacity: 90 },
        });
        assert.strictEqual(provider.inputs.cluster, undefined, "must not be set for an Auto Scaling group provider");
    });

    it("defaults the managed-scaling target to 100%", async () => {
        const provider = only(await run(), "aws:ecs/capacityProvider:CapacityProvider");
        assert.strictEqual(provider.inputs.autoScalingGroupProvider.managedScaling.targetCapacity, 100);
    });

    it("tags every taggable child, and the instances, volumes and interfaces it launches", async () => {
        const resources = await run();
        for (const type of [
            "aws:iam/role:Role",
            "aws:iam/instanceProfile:InstanceProfile",
            "aws:ec2/launchTemplate:LaunchTemplate",
            "aws:ecs/capacityProvider:CapacityProvider",
        ]) {
            assert.deepStrictEqual(only(resources, type).inputs.tags, TAGS, type);
        }
        const specs = only(resources, "aws:ec2/launchTemplate:LaunchTemplate").inputs.tagSpecifications;
        assert.deepStrictEqual(
            specs.map((s: { resourceType: string }) => s.resourceType),
            ["instance", "volume", "network-interface"],
        );
        for (const spec of specs) {
            assert.deepStrictEqual(spec.tags, { ...TAGS, Name: "main-ec2" });
        }
    });

    it("matches instance types to the AMI's architecture (Graviton types carry a g)", () => {
        for (const [type, arch] of [
            ["t4g.small", "arm64"],
            ["m7g.large", "arm64"],
            ["c6gn.2xlarge", "arm64"],
            ["r8g.metal-24xl", "arm64"],
            ["a1.large", "arm64"],
            ["im4gn.large", "arm64"],
            ["t3.medium", "x86_64"],
            ["m7i.large", "x86_64"],
            ["g5.xlarge", "x86_64"],
            ["c6in.large", "x86_64"],
        ] as const) {
            assert.strictEqual(instanceTypeProblem(type, arch), undefined, `${type} on ${arch}`);
            assert.ok(instanceTypeProblem(type, arch === "arm64" ? "x86_64" : "arm64"), `${type} not on the other`);
        }
    });

    describe("rejects impossible sizes", () => {
        const cases: [string, Partial<Ec2CapacitySettings>, RegExp][] = [
            ["min above max", { minSize: 5, maxSize: 2 }, /- ec2\.minSize: must not exceed maxSize \(5 > 2\)/],
            ["a zero max", { minSize: 0, maxSize: 0 }, /- ec2\.maxSize: must be an integer of at least 1/],
            ["a target above 100%", { targetCapacityPercent: 120 }, /- ec2\.targetCapacityPercent: /],
            ["a root volume below the AMI size", { rootVolumeSizeGiB: 8 }, /- ec2\.rootVolumeSizeGiB: /],
            ["a Graviton type on x86_64", { instanceType: "c7gn.xlarge" }, /- ec2\.instanceType: is an AWS Graviton/],
            ["an x86_64 type on arm64", { architecture: "arm64", instanceType: "m7i.large" }, /is an x86_64 type/],
            ["no instance type at all", { instanceType: "large" }, /must be an EC2 instance type/],
        ];
        for (const [label, ec2, message] of cases) {
            it(label, async () => {
                await assert.rejects(
                    run(ec2),
                    (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
                );
            });
        }
    });
});
