import * as assert from "assert";
import {
    containerDefinition,
    ContainerSpec,
    defaultHealthCheckCommand,
    HEALTH_CHECK_DEFAULTS,
    environmentProblems,
    userProblem,
    withHealthCheckDefaults,
} from "../../../components/ecs/container-definitions";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/test/api/DB_PASSWORD-AbCdEf";

function spec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
    return {
        name: "api",
        image: "repo/api:1",
        essential: true,
        user: "1000:1000",
        readonlyRootFilesystem: true,
        initProcessEnabled: false,
        environment: { ZED: "z", ALPHA: "a" },
        secrets: { DB_PASSWORD: SECRET_ARN },
        mounts: [{ volume: "tmp", containerPath: "/tmp", readOnly: false }],
        logs: { groupName: "/ecs/test/api", region: "eu-west-1", streamPrefix: "api" },
        ...overrides,
    };
}

describe("components/ecs/container-definitions", () => {
    it("applies the hardening to every definition", () => {
        const definition = containerDefinition(spec({ initProcessEnabled: true }));
        assert.strictEqual(definition.user, "1000:1000");
        assert.strictEqual(definition.readonlyRootFilesystem, true);
        assert.deepStrictEqual(definition.linuxParameters, {
            // As AWS stores it (deploy review F3): without `add`, every update replaced the task definition.
            capabilities: { add: [], drop: ["ALL"] },
            initProcessEnabled: true,
        });
        assert.deepStrictEqual(definition.logConfiguration, {
            logDriver: "awslogs",
            options: {
                "awslogs-group": "/ecs/test/api",
                "awslogs-region": "eu-west-1",
                "awslogs-stream-prefix": "api",
            },
        });
        assert.deepStrictEqual(definition.mountPoints, [
            { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
        ]);
    });

    it("injects secrets by ARN only and keeps them out of the plain environment", () => {
        const definition = containerDefinition(spec());
        assert.deepStrictEqual(definition.secrets, [{ name: "DB_PASSWORD", valueFrom: SECRET_ARN }]);
        assert.deepStrictEqual(definition.environment, [
            { name: "ALPHA", value: "a" },
            { name: "ZED", value: "z" },
        ]);
    });

    it("maps the port with the given host port and adds registry credentials only when given", () => {
        const bridge = containerDefinition(spec({ port: { containerPort: 8080, hostPort: 0 } }));
        assert.deepStrictEqual(bridge.portMappings, [{ containerPort: 8080, hostPort: 0, protocol: "tcp" }]);
        assert.strictEqual(bridge.repositoryCredentials, undefined);
        const privateImage = containerDefinition(spec({ repositoryCredentialsArn: SECRET_ARN }));
        assert.deepStrictEqual(privateImage.repositoryCredentials, { credentialsParameter: SECRET_ARN });
    });

    it("builds the default health check from the port and path, with default timings", () => {
        assert.deepStrictEqual(defaultHealthCheckCommand(3000, "/healthz"), [
            "CMD-SHELL",
            "wget -qO- http://localhost:3000/healthz || exit 1",
        ]);
        assert.deepStrictEqual(withHealthCheckDefaults({ command: ["CMD", "/bin/check"], retries: 5 }), {
            ...HEALTH_CHECK_DEFAULTS,
            command: ["CMD", "/bin/check"],
            retries: 5,
        });
    });

    it("rejects root users and accepts non-root ones", () => {
        for (const user of ["0", "root", "0:0", "root:root", "0:1000", ""]) {
            assert.match(userProblem(user, "api") ?? "", /non-root user/, user);
        }
        for (const user of ["1000:1000", "1000", "app", "app:app", "1000:0"]) {
            assert.strictEqual(userProblem(user, "api"), undefined, user);
        }
    });

    it("rejects invalid variable names and a name that is both plain and secret", () => {
        const only = (problems: string[]) => {
            assert.strictEqual(problems.length, 1, problems.join("; "));
            return problems[0];
        };
        assert.match(
            only(environmentProblems("api", { "BAD-NAME": "x" }, {})),
            /invalid environment variable names: BAD-NAME/,
        );
        assert.match(
            only(environmentProblems("api", {}, { "1ST": SECRET_ARN })),
            /invalid environment variable names: 1ST/,
        );
        assert.match(
            only(environmentProblems("api", { DB_PASSWORD: "x" }, { DB_PASSWORD: SECRET_ARN })),
            /DB_PASSWORD both as plain/,
        );
        assert.deepStrictEqual(environmentProblems("api", { LOG_LEVEL: "info" }, { DB_PASSWORD: SECRET_ARN }), []);
    });
});
