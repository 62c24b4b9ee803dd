import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, ClusterArgs } from "../../../components/ecs/cluster";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";
import { engineIdentities } from "../../../testing/urns";

const CLUSTER = "aws:ecs/cluster:Cluster";
const CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const EC2 = {
    instanceType: "m7g.large",
    architecture: "arm64" as const,
    minSize: 1,
    maxSize: 3,
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-hosts"],
};

async function run(args: ClusterArgs, preview = false) {
    const { resources, outputs } = await runProgram(
        () => {
            const cluster = new Cluster("main", args);
            return {
                clusterName: cluster.clusterName,
                clusterArn: cluster.clusterArn,
                capacityProviderNames: cluster.capacityProviderNames,
                ec2CapacityProviderName: cluster.ec2CapacityProviderName,
            };
        },
        { stack: "test", config: { "aws:region": "eu-west-1" }, preview },
    );
    // The harness resolves the returned Outputs; its type still names them as Outputs.
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs> };
}

function only(resources: CapturedResource[], type: string): CapturedResource {
    const found = ofType(resources, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

describe("ecs/Cluster", () => {
    it("turns on enhanced Container Insights and tags the cluster", async () => {
        const { resources } = await run({ tags: { env: "test", owner: "platform" } });
        const cluster = only(resources, CLUSTER);
        assert.deepStrictEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enhanced" }]);
        assert.deepStrictEqual(cluster.inputs.tags, { env: "test", owner: "platform" });
        assert.strictEqual(cluster.inputs.configuration, undefined, "no exec configuration unless asked");
    });

    it("takes another Container Insights level", async () => {
        const { resources } = await run({ containerInsights: "disabled" });
        assert.deepStrictEqual(only(resources, CLUSTER).inputs.settings, [
            { name: "containerInsights", value: "disabled" },
        ]);
    });

    it("registers FARGATE and FARGATE_SPOT with a Fargate-only default strategy", async () => {
        const { resources, outputs } = await run({});
        const association = only(resources, CAPACITY_PROVIDERS);
        assert.strictEqual(association.inputs.clusterName, only(resources, CLUSTER).state.name);
        assert.deepStrictEqual(association.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
        assert.deepStrictEqual(association.inputs.defaultCapacityProviderStrategies, [
            { capacityProvider: "FARGATE", base: 1, weight: 1 },
        ]);
        assert.deepStrictEqual(outputs.capacityProviderNames, ["FARGATE", "FARGATE_SPOT"]);
        assert.strictEqual(outputs.ec2CapacityProviderName, undefined);
    });

    it("takes a Spot-heavy default strategy", async () => {
        const { resources } = await run({
            capacityStrategy: [
                { provider: "FARGATE", base: 2, weight: 1 },
                { provider: "FARGATE_SPOT", weight: 3 },
            ],
        });
        assert.deepStrictEqual(only(resources, CAPACITY_PROVIDERS).inputs.defaultCapacityProviderStrategies, [
            { capacityProvider: "FARGATE", base: 2, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        ]);
    });

    it("gives an entry without a weight the weight 1, as a service's own strategy does", async () => {
        const { resources } = await run({ capacityStrategy: [{ provider: "FARGATE_SPOT" }] });
        assert.deepStrictEqual(only(resources, CAPACITY_PROVIDERS).inputs.defaultCapacityProviderStrategies, [
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ]);
    });

    it("encrypts and logs ECS Exec sessions when exec is set", async () => {
        const { resources } = await run({ exec: { kmsKeyArn: KEY_ARN, logGroupName: "/ecs/test/exec" } });
        assert.deepStrictEqual(only(resources, CLUSTER).inputs.configuration, {
            executeCommandConfiguration: {
                kmsKeyId: KEY_ARN,
                logging: "OVERRIDE",
                logConfiguration: { cloudWatchLogGroupName: "/ecs/test/exec", cloudWatchEncryptionEnabled: true },
            },
        });
    });

    it("encrypts Fargate ephemeral storage with the given key, next to the exec settings", async () => {
        const { resources } = await run({
            fargateEphemeralStorageKmsKeyArn: KEY_ARN,
            exec: { kmsKeyArn: KEY_ARN, logGroupName: "/ecs/test/exec" },
        });
        const configuration = only(resources, CLUSTER).inputs.configuration;
        assert.deepStrictEqual(configuration.managedStorageConfiguration, { fargateEphemeralStorageKmsKeyId: KEY_ARN });
        assert.strictEqual(configuration.executeCommandConfiguration.logging, "OVERRIDE");
        const storageOnly = only((await run({ fargateEphemeralStorageKmsKeyArn: KEY_ARN })).resources, CLUSTER).inputs
            .configuration;
        assert.deepStrictEqual(storageOnly, {
            managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: KEY_ARN },
        });
    });

    it("outputs name and ARN that make consumers wait for the capacity providers", async () => {
        const { resources } = await runProgram(
            () => {
                const cluster = new Cluster("main", {});
                new aws.ssm.Parameter("consumer", {
                    type: "String",
                    value: pulumi.interpolate`${cluster.clusterName} ${cluster.clusterArn}`,
                });
            },
            { stack: "test", config: { "aws:region": "eu-west-1" } },
        );
        const cluster = only(resources, CLUSTER);
        const consumer = only(resources, "aws:ssm/parameter:Parameter");
        assert.strictEqual(consumer.inputs.value, `${cluster.state.name} ${cluster.state.arn}`);
        assert.ok(
            consumer.dependencies.includes(only(resources, CAPACITY_PROVIDERS).urn),
            "depends on the association",
        );
    });

    it("adds the EC2 capacity provider to the cluster and lets strategies name it EC2", async () => {
        const { resources, outputs } = await run({
            ec2: EC2,
            capacityStrategy: [{ provider: "EC2", weight: 1 }],
        });
        const provider = only(resources, "aws:ecs/capacityProvider:CapacityProvider");
        const association = only(resources, CAPACITY_PROVIDERS);
        assert.deepStrictEqual(association.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT", provider.state.name]);
        assert.deepStrictEqual(association.inputs.defaultCapacityProviderStrategies, [
            { capacityProvider: provider.state.name, base: 0, weight: 1 },
        ]);
        assert.strictEqual(outputs.ec2CapacityProviderName, provider.state.name);
        assert.ok(outputs.capacityProviderNames.includes(provider.state.name));
    });

    it("parents every child to the component", async () => {
        const { resources } = await run({ ec2: EC2 });
        const component = resources.find(r => r.type === "ecs-platform:index:Cluster");
        const ec2 = resources.find(r => r.type === "ecs-platform:index:Ec2Capacity");
        assert.ok(component && ec2);
        assert.strictEqual(ec2.parent, component.urn);
        for (const child of resources.filter(r => r.custom)) {
            assert.ok([component.urn, ec2.urn].includes(child.parent!), `${child.name} is parented to the component`);
        }
    });

    it("keeps the EC2 capacity of a stack created under the former tokens (ecs-platform:ecs:*)", async () => {
        const { resources } = await run({ ec2: EC2 });
        const identities = engineIdentities(resources);
        const group = ofType(resources, "aws:autoscaling/group:Group")[0];
        const { urn, aliases } = identities.get(group.urn)!;
        assert.match(urn, /::ecs-platform:index:Cluster\$ecs-platform:index:Ec2Capacity\$aws:autoscaling/);
        assert.ok(
            aliases.includes(
                "urn:pulumi:test::ecs-platform::ecs-platform:ecs:Cluster$ecs-platform:ecs:Ec2Capacity$aws:autoscaling/group:Group::main-ec2-asg",
            ),
            aliases.join("\n"),
        );
    });

    it("registers the same resources in a first preview", async () => {
        const { resources } = await run({ ec2: EC2 }, true);
        assert.strictEqual(ofType(resources, CAPACITY_PROVIDERS).length, 1);
        assert.strictEqual(ofType(resources, "aws:autoscaling/group:Group").length, 1);
    });

    describe("rejects strategies ECS would reject", () => {
        const cases: [string, ClusterArgs, RegExp][] = [
            ["an empty strategy", { capacityStrategy: [] }, /at least one entry/],
            ["EC2 without ec2 capacity", { capacityStrategy: [{ provider: "EC2", weight: 1 }] }, /no ec2 capacity/],
            [
                "a provider named twice",
                {
                    capacityStrategy: [
                        { provider: "FARGATE", weight: 1 },
                        { provider: "FARGATE", weight: 1 },
                    ],
                },
                /more than once/,
            ],
            [
                "two bases",
                {
                    capacityStrategy: [
                        { provider: "FARGATE", base: 1, weight: 1 },
                        { provider: "FARGATE_SPOT", base: 1, weight: 1 },
                    ],
                },
                /base on more than one entry/,
            ],
            ["no weight", { capacityStrategy: [{ provider: "FARGATE", base: 1, weight: 0 }] }, /weight above 0/],
            [
                "Fargate mixed with EC2",
                {
                    ec2: EC2,
                    capacityStrategy: [
                        { provider: "FARGATE", weight: 1 },
                        { provider: "EC2", weight: 1 },
                    ],
                },
                /mixes Fargate and EC2/,
            ],
        ];
        for (const [label, args, message] of cases) {
            it(label, async () => {
                await assert.rejects(run(args), message);
            });
        }
    });
});
