import { expectCompliant, expectViolation, fakeResource, UNKNOWN, violationsOf } from "../helpers";
import * as assert from "node:assert/strict";
import { clusterProps, compliantStack, replacing, t, withProps } from "./fixtures";

const cluster = (overrides: Record<string, unknown> = {}) => [
    fakeResource(t.cluster, "cluster", clusterProps(overrides)),
];

describe("policies/ecs/cluster", () => {
    describe("ecs-container-insights", () => {
        const name = "ecs-container-insights";

        it("accepts enhanced and enabled", async () => {
            await expectCompliant(name, cluster());
            await expectCompliant(name, cluster({ settings: [{ name: "containerInsights", value: "enabled" }] }));
        });

        it("flags missing or disabled Container Insights", async () => {
            await expectViolation(name, cluster({ settings: undefined }), { message: "containerInsights is not set" });
            await expectViolation(name, cluster({ settings: [{ name: "containerInsights", value: "disabled" }] }), {
                message: 'containerInsights is "disabled"',
            });
        });

        it("can require enhanced", async () => {
            await expectViolation(name, cluster({ settings: [{ name: "containerInsights", value: "enabled" }] }), {
                config: { [name]: { allowedValues: ["enhanced"] } },
            });
        });
    });

    describe("ecs-ephemeral-storage-cmk", () => {
        const name = "ecs-ephemeral-storage-cmk";

        it("accepts a key, also while its ARN is unknown in preview", async () => {
            await expectCompliant(name, cluster());
            await expectCompliant(
                name,
                cluster({
                    configuration: { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: UNKNOWN } },
                }),
                { preview: true },
            );
        });

        it("flags a cluster without one", async () => {
            await expectViolation(name, cluster({ configuration: undefined }), {
                message: "fargateEphemeralStorageKmsKeyId is not set",
            });
        });
    });

    describe("ecs-exec-audited", () => {
        const name = "ecs-exec-audited";
        const execStack = (execConfiguration: Record<string, unknown> | undefined) => {
            const stack = compliantStack();
            return {
                stack,
                resources: replacing(
                    stack.all,
                    withProps(stack.service, { enableExecuteCommand: true }),
                    withProps(stack.cluster, {
                        configuration: execConfiguration && { executeCommandConfiguration: execConfiguration },
                    }),
                ),
            };
        };

        it("accepts exec on a cluster that logs and encrypts sessions (key unknown in preview is fine)", async () => {
            await expectCompliant(
                name,
                execStack({ kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1", logging: "DEFAULT" }).resources,
            );
            await expectCompliant(
                name,
                execStack({
                    kmsKeyId: UNKNOWN,
                    logging: "OVERRIDE",
                    logConfiguration: { cloudWatchLogGroupName: UNKNOWN, cloudWatchEncryptionEnabled: true },
                }).resources,
                { preview: true },
            );
        });

        it("flags the cluster of an exec-enabled service when sessions are not audited", async () => {
            const { stack, resources } = execStack(undefined);
            await expectViolation(name, resources, {
                urn: stack.cluster.urn,
                message: "has no configuration.executeCommandConfiguration, but service prod-api enables ECS Exec",
            });
            await expectViolation(name, execStack({ kmsKeyId: "k", logging: "NONE" }).resources, {
                message: "logging to NONE",
            });
            await expectViolation(name, execStack({ logging: "DEFAULT" }).resources, {
                message: "does not encrypt exec sessions",
            });
            await expectViolation(
                name,
                execStack({ kmsKeyId: "k", logging: "OVERRIDE", logConfiguration: { s3BucketName: "b" } }).resources,
                {
                    message: "does not enable encryption for its exec log destinations",
                },
            );
        });

        it("finds the cluster by ARN when there is no dependency", async () => {
            const stack = compliantStack();
            const service = withProps(stack.service, { enableExecuteCommand: true }, { propertyDependencies: {} });
            await expectViolation(
                name,
                replacing(stack.all, service, withProps(stack.cluster, { configuration: undefined })),
                { urn: stack.cluster.urn },
            );
        });

        it("ignores clusters whose services do not use exec, and notes exec in clusters outside the stack", async () => {
            const stack = compliantStack();
            await expectCompliant(name, replacing(stack.all, withProps(stack.cluster, { configuration: undefined })));
            const elsewhere = withProps(
                stack.service,
                { enableExecuteCommand: true, cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/other" },
                { propertyDependencies: {} },
            );
            const violations = await violationsOf(name, replacing(stack.all, elsewhere));
            assert.deepEqual(
                violations.map(v => [v.enforcementLevel, v.urn]),
                [["advisory", stack.service.urn]],
            );
        });
    });
});
