import { expectCompliant, expectNotApplicable, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { container, taskDefinition } from "./fixtures";

/** A task definition with one container changed by `overrides`. */
const withContainer = (overrides: Record<string, unknown>, task: Record<string, unknown> = {}) => [
    taskDefinition(task, [container(overrides)]),
];

describe("policies/ecs/container-runtime", () => {
    describe("ecs-readonly-rootfs", () => {
        const name = "ecs-readonly-rootfs";

        it("accepts read-only root filesystems", async () => {
            await expectCompliant(name, withContainer({}));
        });

        it("flags a missing or false readonlyRootFilesystem", async () => {
            await expectViolation(name, withContainer({ readonlyRootFilesystem: undefined }), {
                message: 'container "api" does not set',
            });
            await expectViolation(name, withContainer({ readonlyRootFilesystem: false }));
        });

        it("skips containers listed in exemptContainers", async () => {
            await expectCompliant(name, withContainer({ readonlyRootFilesystem: false }), {
                config: { [name]: { exemptContainers: ["api"] } },
            });
        });

        it("cannot be checked while containerDefinitions is unknown", async () => {
            await expectPreviewAdvisory(name, [taskDefinition({ containerDefinitions: UNKNOWN })]);
        });
    });

    describe("ecs-not-privileged", () => {
        const name = "ecs-not-privileged";

        it("accepts unprivileged containers", async () => {
            await expectCompliant(name, withContainer({ privileged: undefined }));
        });

        it("flags privileged: true (the real key, not checkov's `privilege`)", async () => {
            await expectViolation(name, withContainer({ privileged: true }), { message: "sets privileged: true" });
        });
    });

    describe("ecs-non-root-user", () => {
        const name = "ecs-non-root-user";

        it("accepts a numeric non-root user and group", async () => {
            await expectCompliant(name, withContainer({ user: "1000:1000" }));
            await expectCompliant(name, withContainer({ user: "app" }));
        });

        for (const user of [undefined, "root", "0", "0:0", "root:1000"]) {
            it(`flags user ${JSON.stringify(user)}`, async () => {
                await expectViolation(name, withContainer({ user }), { message: 'container "api" runs as' });
            });
        }

        describe("the scratch init container: exactly it, nothing broader", () => {
            const init = (overrides: Record<string, unknown> = {}) => ({
                name: "scratch-init",
                image: "public.ecr.aws/docker/library/busybox:1.37.0",
                essential: false,
                user: "0:0",
                readonlyRootFilesystem: true,
                linuxParameters: { capabilities: { add: [], drop: ["ALL"] }, initProcessEnabled: false },
                entryPoint: ["chmod"],
                command: ["1777", "/scratch/tmp"],
                portMappings: [],
                environment: [],
                secrets: [],
                mountPoints: [{ sourceVolume: "tmp", containerPath: "/scratch/tmp", readOnly: false }],
                ...overrides,
            });
            const afterInit = { dependsOn: [{ containerName: "scratch-init", condition: "SUCCESS" }] };
            const task = (initOverrides: Record<string, unknown> = {}, app: Record<string, unknown> = afterInit) => [
                taskDefinition({}, [container(app), init(initOverrides)]),
            ];

            it("accepts a root init container that only runs chmod 1777 on its mounts, awaited by the others", async () => {
                await expectCompliant(name, task());
                await expectCompliant(name, task({ user: "root" }));
            });

            for (const [why, overrides] of [
                ["is essential", { essential: true }],
                ["keeps a capability", { linuxParameters: { capabilities: { add: ["CHOWN"], drop: ["ALL"] } } }],
                ["does not drop ALL", { linuxParameters: { capabilities: { drop: ["NET_RAW"] } } }],
                ["is privileged", { privileged: true }],
                ["has a writable root", { readonlyRootFilesystem: false }],
                ["publishes a port", { portMappings: [{ containerPort: 80 }] }],
                ["takes environment", { environment: [{ name: "X", value: "1" }] }],
                ["takes secrets", { secrets: [{ name: "X", valueFrom: "arn:aws:secretsmanager:x" }] }],
                ["runs the image's entry point", { entryPoint: undefined }],
                ["runs a shell", { entryPoint: ["sh", "-c"], command: ["chmod 1777 /scratch/tmp"] }],
                ["sets another mode", { command: ["777", "/scratch/tmp"] }],
                ["changes a path it does not mount", { command: ["1777", "/etc"] }],
                ["changes nothing", { command: ["1777"] }],
            ] as const) {
                it(`flags a root init container that ${why}`, async () => {
                    await expectViolation(name, task(overrides), { message: 'container "scratch-init" runs as "0:0"' });
                });
            }

            it("flags it when the other containers do not wait for its success", async () => {
                await expectViolation(name, task({}, {}), { message: 'container "scratch-init" runs as "0:0"' });
                await expectViolation(
                    name,
                    task({}, { dependsOn: [{ containerName: "scratch-init", condition: "START" }] }),
                    { message: 'container "scratch-init" runs as "0:0"' },
                );
            });

            it("exempts no other root container beside it", async () => {
                await expectViolation(name, [taskDefinition({}, [container({ ...afterInit, user: "0" }), init()])], {
                    message: 'container "api" runs as "0"',
                });
            });

            it("is still root for ecs-host-network-user in host network mode", async () => {
                await expectViolation("ecs-host-network-user", [
                    taskDefinition({ networkMode: "host" }, [container(afterInit), init()]),
                ]);
            });
        });

        it("does not apply to Windows task definitions", async () => {
            await expectNotApplicable(
                name,
                withContainer(
                    { user: undefined },
                    { runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" } },
                ),
            );
        });
    });

    describe("ecs-drop-capabilities", () => {
        const name = "ecs-drop-capabilities";

        it("accepts drop ALL (any case) with nothing added", async () => {
            await expectCompliant(name, withContainer({ linuxParameters: { capabilities: { drop: ["all"] } } }));
        });

        it("flags containers that do not drop ALL", async () => {
            await expectViolation(name, withContainer({ linuxParameters: undefined }), {
                message: "does not drop ALL capabilities",
            });
            await expectViolation(name, withContainer({ linuxParameters: { capabilities: { drop: ["NET_RAW"] } } }));
        });

        it("flags added capabilities unless allowed", async () => {
            const ptrace = withContainer({ linuxParameters: { capabilities: { drop: ["ALL"], add: ["SYS_PTRACE"] } } });
            await expectViolation(name, ptrace, { message: "adds capabilities that are not allowed: SYS_PTRACE" });
            await expectCompliant(name, ptrace, { config: { [name]: { allowedCapabilities: ["SYS_PTRACE"] } } });
        });
    });

    describe("ecs-no-host-pid", () => {
        const name = "ecs-no-host-pid";

        it("accepts task-scoped or default pidMode", async () => {
            await expectCompliant(name, [
                taskDefinition({ pidMode: "task" }),
                taskDefinition({}, undefined, "default"),
            ]);
        });

        it("flags pidMode host on the task definition (not inside containers)", async () => {
            await expectViolation(name, [taskDefinition({ pidMode: "host" })], { message: 'pidMode is "host"' });
            await expectCompliant(name, withContainer({ pidMode: "host" }));
        });
    });

    describe("ecs-host-network-user", () => {
        const name = "ecs-host-network-user";
        const hostMode = { networkMode: "host", requiresCompatibilities: ["EC2"] };

        it("accepts non-root users in host network mode", async () => {
            await expectCompliant(name, withContainer({ user: "1000" }, hostMode));
        });

        it("flags root containers in host network mode", async () => {
            await expectViolation(name, withContainer({ user: undefined }, hostMode), {
                message: "shares the host network and runs as root",
            });
        });

        it("does not apply to other network modes", async () => {
            await expectNotApplicable(name, withContainer({ user: undefined }));
        });
    });
});
