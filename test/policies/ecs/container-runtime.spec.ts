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
