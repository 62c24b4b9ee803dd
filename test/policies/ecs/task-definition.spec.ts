import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectNotApplicable,
    expectPreviewAdvisory,
    expectRemediation,
    expectViolation,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { container, service, taskDefinition } from "./fixtures";

describe("policies/ecs/task-definition", () => {
    describe("ecs-awsvpc-fargate", () => {
        const name = "ecs-awsvpc-fargate";

        it("accepts a Fargate task in awsvpc mode with a valid size, in units or vCPU/GB", async () => {
            await expectCompliant(name, [
                taskDefinition(),
                taskDefinition({ cpu: "1 vCPU", memory: "2 GB" }, undefined, "units"),
            ]);
        });

        it("flags a Fargate task that is not awsvpc", async () => {
            await expectViolation(name, [taskDefinition({ networkMode: "bridge" })], {
                message: 'requires networkMode "awsvpc", not "bridge"',
            });
        });

        it("flags a Fargate task without cpu/memory, or with an invalid pair", async () => {
            await expectViolation(name, [taskDefinition({ cpu: undefined })], {
                message: "must set task-level cpu and memory",
            });
            await expectViolation(name, [taskDefinition({ cpu: "256", memory: "4096" })], {
                message: "not a valid Fargate size",
            });
        });

        it("allows EC2 task definitions in bridge mode, but not host mode by default", async () => {
            const ec2 = { requiresCompatibilities: ["EC2"], cpu: undefined, memory: undefined };
            await expectCompliant(name, [taskDefinition({ ...ec2, networkMode: "bridge" })]);
            await expectCompliant(name, [taskDefinition({ ...ec2, networkMode: undefined })]);
            await expectViolation(name, [taskDefinition({ ...ec2, networkMode: "host" })], {
                message: 'networkMode "host" is not allowed',
            });
            await expectCompliant(name, [taskDefinition({ ...ec2, networkMode: "host" })], {
                config: { [name]: { allowedNetworkModes: ["awsvpc", "bridge", "host"] } },
            });
        });

        it("does not apply to other resource types", async () => {
            await expectNotApplicable(name, [service()]);
        });
    });

    describe("ecs-efs-transit-encryption", () => {
        const name = "ecs-efs-transit-encryption";
        const efs = (transitEncryption?: string) => ({
            volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption } }],
        });

        it("accepts EFS volumes with transit encryption", async () => {
            await expectCompliant(name, [taskDefinition(efs("ENABLED"))]);
        });

        it("does not apply without EFS volumes", async () => {
            await expectNotApplicable(name, [taskDefinition({ volumes: [{ name: "tmp" }] })]);
        });

        it("remediates a volume without transit encryption (default level remediate)", async () => {
            const violations = await expectRemediation(name, [taskDefinition(efs("DISABLED"))]);
            assert.equal(violations.length, 1, "nothing left to report after the fix");
        });

        it("reports it as mandatory when remediation is turned off", async () => {
            await expectViolation(name, [taskDefinition(efs())], {
                config: { [name]: "mandatory" },
                enforcementLevel: "mandatory",
                message: 'EFS volume "data" does not enable transitEncryption',
            });
        });

        it("remediates during preview even when the file system id is unknown", async () => {
            const violations = await violationsOf(
                name,
                [taskDefinition({ volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: UNKNOWN } }] })],
                {
                    preview: true,
                },
            );
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["remediate"],
            );
        });
    });

    describe("ecs-essential-healthcheck", () => {
        const name = "ecs-essential-healthcheck";

        it("accepts essential containers with a health check and non-essential ones without", async () => {
            await expectCompliant(name, [
                taskDefinition({}, [
                    container(),
                    container({ name: "sidecar", essential: false, healthCheck: undefined }),
                ]),
            ]);
        });

        it("treats a container without `essential` as essential", async () => {
            await expectViolation(
                name,
                [taskDefinition({}, [container({ essential: undefined, healthCheck: undefined })])],
                {
                    message: 'essential container "api" has no healthCheck.command',
                },
            );
        });

        it("flags an empty health check command", async () => {
            await expectViolation(name, [taskDefinition({}, [container({ healthCheck: { command: [] } })])]);
        });

        it("cannot be checked while containerDefinitions is unknown, and says so", async () => {
            await expectPreviewAdvisory(name, [taskDefinition({ containerDefinitions: UNKNOWN })], {
                message: ".containerDefinitions can't be known",
            });
        });

        it("is not applicable to containerDefinitions that are not a JSON array", async () => {
            await expectNotApplicable(name, [taskDefinition({ containerDefinitions: "{not json" })]);
            await expectNotApplicable(name, [
                taskDefinition({ containerDefinitions: JSON.stringify({ name: "api" }) }),
            ]);
        });
    });
});
