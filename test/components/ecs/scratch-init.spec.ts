import * as assert from "assert";
import { TaskDefinition, TaskDefinitionArgs } from "../../../components/ecs/task-definition";
import { ofType, runProgram } from "../../../testing/harness";
import { GIT_SHA, LOG_GROUP_ARN, REPOSITORY_ARN, REPOSITORY_URL, rolePolicy, STACK } from "./service-fixtures";

function taskArgs(overrides: Partial<TaskDefinitionArgs> = {}): TaskDefinitionArgs {
    return {
        name: "api",
        environment: "test",
        cpu: 512,
        memory: 1024,
        logGroupName: "/ecs/test/api",
        logGroupArn: LOG_GROUP_ARN,
        image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, tag: GIT_SHA },
        sidecars: [{ name: "envoy", image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.0-prod" }],
        ...overrides,
    };
}

async function containersOf(args: TaskDefinitionArgs) {
    const { resources } = await runProgram(() => {
        new TaskDefinition("api", args);
    }, STACK);
    const [task] = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition");
    return { resources, task, containers: JSON.parse(task.inputs.containerDefinitions) as any[] };
}

/**
 * Fargate's scratch volumes, modelled: each starts as an empty directory owned by root with mode 0755
 * (aws/containers-roadmap#938); the containers start in `dependsOn` order (a SUCCESS dependency has exited 0 first);
 * `chmod` succeeds for the directory's owner without any capability. Returns, per container and mount path, whether
 * its user can create files there.
 */
function writableMounts(containers: any[]): Record<string, Record<string, boolean>> {
    const volumes = new Map<string, { owner: number; mode: number }>();
    const volume = (name: string) => volumes.get(name) ?? volumes.set(name, { owner: 0, mode: 0o755 }).get(name)!;
    const uidOf = (c: any) => Number(String(c.user).split(":")[0]);
    const started = new Set<string>();
    const result: Record<string, Record<string, boolean>> = {};
    const pending = [...containers];
    while (pending.length > 0) {
        const next = pending.findIndex(c => (c.dependsOn ?? []).every((d: any) => started.has(d.containerName)));
        assert.ok(next >= 0, "dependsOn has a cycle");
        const [c] = pending.splice(next, 1);
        const byPath = new Map<string, string>(c.mountPoints.map((m: any) => [m.containerPath, m.sourceVolume]));
        if (c.entryPoint?.[0] === "chmod") {
            const [mode, ...paths] = c.command;
            for (const path of paths) {
                const v = volume(byPath.get(path)!);
                assert.strictEqual(uidOf(c), v.owner, "chmod without CAP_FOWNER needs the owner");
                v.mode = parseInt(mode, 8);
            }
        }
        result[c.name] = Object.fromEntries(
            c.mountPoints.map((m: any) => {
                const v = volume(m.sourceVolume);
                const uid = uidOf(c);
                return [m.containerPath, uid === v.owner ? (v.mode & 0o200) !== 0 : (v.mode & 0o002) !== 0];
            }),
        );
        started.add(c.name);
    }
    return result;
}

describe("components/ecs/scratch-init: writable scratch volumes for a non-root user on any image", () => {
    it("app and sidecars (1000:1000) can write their /tmp once the init container ran", async () => {
        const { containers } = await containersOf(taskArgs());
        const writable = writableMounts(containers);
        assert.deepStrictEqual(writable.api, { "/tmp": true });
        assert.deepStrictEqual(writable.envoy, { "/tmp": true });
    });

    it("without it (the old task) the same model leaves /tmp root-owned 0755: not writable for 1000:1000", async () => {
        const { containers } = await containersOf(taskArgs());
        const old = containers
            .filter(c => c.name !== "scratch-init")
            .map(c => ({
                ...c,
                dependsOn: (c.dependsOn ?? []).filter((d: any) => d.containerName !== "scratch-init"),
            }));
        assert.deepStrictEqual(writableMounts(old), { api: { "/tmp": false }, envoy: { "/tmp": false } });
    });

    it("the init container is root with nothing else: no capability, read-only root, no port, non-essential, chmod only", async () => {
        const { containers, task } = await containersOf(taskArgs());
        const init = containers.find(c => c.name === "scratch-init");
        assert.deepStrictEqual(
            {
                image: init.image,
                essential: init.essential,
                user: init.user,
                readonlyRootFilesystem: init.readonlyRootFilesystem,
                linuxParameters: init.linuxParameters,
                portMappings: init.portMappings,
                environment: init.environment,
                secrets: init.secrets,
                entryPoint: init.entryPoint,
                command: init.command,
                mountPoints: init.mountPoints,
                healthCheck: init.healthCheck,
            },
            {
                image: "public.ecr.aws/docker/library/busybox:1.37.0",
                essential: false,
                user: "0:0",
                readonlyRootFilesystem: true,
                linuxParameters: { capabilities: { add: [], drop: ["ALL"] }, initProcessEnabled: false },
                portMappings: [],
                environment: [],
                secrets: [],
                entryPoint: ["chmod"],
                command: ["1777", "/scratch/tmp", "/scratch/tmp-envoy"],
                mountPoints: [
                    { sourceVolume: "tmp", containerPath: "/scratch/tmp", readOnly: false },
                    { sourceVolume: "tmp-envoy", containerPath: "/scratch/tmp-envoy", readOnly: false },
                ],
                healthCheck: undefined,
            },
        );
        assert.deepStrictEqual(init.logConfiguration, containers[0].logConfiguration);
        for (const other of containers.filter(c => c !== init)) {
            assert.deepStrictEqual(other.dependsOn[0], { containerName: "scratch-init", condition: "SUCCESS" });
        }
        assert.deepStrictEqual(task.inputs.volumes, [{ name: "tmp" }, { name: "tmp-envoy" }]);
    });

    it("takes its image from the args; a private ECR image's repository is granted to the execution role", async () => {
        const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools/busybox@sha256:" + "b".repeat(64);
        const repositoryArn = "arn:aws:ecr:eu-west-1:123456789012:repository/tools/busybox";
        for (const scratchInit of [{ image }, { image, repositoryArn }]) {
            const { containers, resources } = await containersOf(taskArgs({ scratchInit }));
            assert.strictEqual(containers.find(c => c.name === "scratch-init").image, image);
            const pull = rolePolicy(resources, "api-execution-pull-and-log").Statement.find((s: any) =>
                s.Action.includes("ecr:BatchGetImage"),
            );
            assert.deepStrictEqual(pull.Resource, [REPOSITORY_ARN, repositoryArn], JSON.stringify(scratchInit));
        }
        const publicImage = await containersOf(taskArgs());
        const pull = rolePolicy(publicImage.resources, "api-execution-pull-and-log").Statement.find((s: any) =>
            s.Action.includes("ecr:BatchGetImage"),
        );
        assert.deepStrictEqual(pull.Resource, [REPOSITORY_ARN], "ECR Public needs no grant");
    });

    it("is left out when no container mounts a scratch volume (writableTmp: false)", async () => {
        const { containers, resources } = await containersOf(
            taskArgs({
                writableTmp: false,
                scratchInit: { repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/x" },
            }),
        );
        assert.deepStrictEqual(
            containers.map(c => c.name),
            ["api", "envoy"],
        );
        assert.deepStrictEqual(containers[0].dependsOn, [{ containerName: "envoy", condition: "START" }]);
        const pull = rolePolicy(resources, "api-execution-pull-and-log").Statement.find((s: any) =>
            s.Action.includes("ecr:BatchGetImage"),
        );
        assert.deepStrictEqual(pull.Resource, [REPOSITORY_ARN]);
    });

    it("reserves its name: no sidecar and no workload may be called scratch-init", async () => {
        await assert.rejects(
            containersOf(taskArgs({ sidecars: [{ name: "scratch-init", image: "x:1" }] })),
            /Sidecar name "scratch-init" must be unique/,
        );
        await assert.rejects(containersOf(taskArgs({ name: "scratch-init" })), /name of the task's scratch init/);
    });
});
