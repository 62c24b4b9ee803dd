import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { defaultHealthCheckCommand } from "../../components/ecs/container-definitions";

const APP_DIR = join(__dirname, "..", "..", "app");
const REPO_ROOT = join(APP_DIR, "..");

interface Instruction {
    keyword: string;
    args: string;
}

/** Dockerfile instructions in order: comments dropped, `\` continuations joined, keywords upper-cased. */
function instructions(text: string): Instruction[] {
    return text
        .replace(/\\\r?\n/g, " ")
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== "" && !line.startsWith("#"))
        .map(line => {
            const [keyword, ...rest] = line.split(/\s+/);
            return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
        });
}

/** Instructions grouped by build stage (one group per FROM). */
function stages(all: Instruction[]): Instruction[][] {
    return all.reduce<Instruction[][]>((groups, instruction) => {
        if (instruction.keyword === "FROM") {
            groups.push([]);
        }
        groups[groups.length - 1]?.push(instruction);
        return groups;
    }, []);
}

/** The image reference of a FROM (without `--platform=…` and `AS name`). */
function baseImage(from: Instruction): string {
    return from.args.split(/\s+/).filter(part => !part.startsWith("--"))[0];
}

const dockerfile = instructions(readFileSync(join(APP_DIR, "Dockerfile"), "utf8"));
const runtime = stages(dockerfile).at(-1)!;

describe("app/Dockerfile", () => {
    it("is multi-stage", () => {
        assert.ok(stages(dockerfile).length >= 2);
        assert.ok(
            runtime.some(i => i.keyword === "COPY" && i.args.startsWith("--from=")),
            "the runtime stage copies build output",
        );
    });

    it("names an explicit, non-latest tag (or a digest) for every base image", () => {
        for (const from of dockerfile.filter(i => i.keyword === "FROM")) {
            const image = baseImage(from);
            const pinnedByDigest = /@sha256:[0-9a-f]{64}$/.test(image);
            const tag = /:([^/:@]+)$/.exec(image)?.[1];
            assert.ok(pinnedByDigest || (tag !== undefined && tag !== "latest"), `${image} has no explicit tag`);
        }
    });

    it("runs the final image as a numeric, non-root user", () => {
        const users = runtime.filter(i => i.keyword === "USER");
        assert.ok(users.length > 0, "no USER in the runtime stage");
        const user = users.at(-1)!.args;
        const match = /^(\d+)(?::(\d+))?$/.exec(user);
        assert.ok(
            match,
            `USER ${user} is not numeric (a user name cannot be checked for root without the image's /etc/passwd)`,
        );
        assert.notEqual(Number(match[1]), 0, "USER is root");
        assert.notEqual(Number(match[2] ?? 1), 0, "group is root");
    });

    it("has no HEALTHCHECK (ECS and the load balancer check /health)", () => {
        assert.equal(dockerfile.filter(i => i.keyword === "HEALTHCHECK").length, 0);
    });

    it("has the shell and wget that the platform's default container health check runs", () => {
        const [mode, command] = defaultHealthCheckCommand(8080, "/health");
        assert.equal(mode, "CMD-SHELL");
        assert.match(command, /^wget /);
        // Alpine's busybox provides both; distroless and scratch images have neither.
        assert.match(baseImage(runtime[0]), /alpine/);
    });

    it("exposes the port every stack's ECR-image services listen on", () => {
        const exposed = runtime
            .filter(i => i.keyword === "EXPOSE")
            .flatMap(i => i.args.split(/\s+/))
            .map(p => Number(p.split("/")[0]));
        assert.ok(exposed.length > 0, "no EXPOSE");
        for (const stack of ["staging", "prod"]) {
            const file = parse(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
                config: { "ecs-platform:services": Record<string, { image: { source: string }; port?: number }> };
            };
            for (const [name, service] of Object.entries(file.config["ecs-platform:services"])) {
                if (service.image.source === "ecr") {
                    // 8080 is the schema's default port (infra/config/schema.ts).
                    assert.ok(
                        exposed.includes(service.port ?? 8080),
                        `${stack} ${name} listens on ${service.port}, image exposes ${exposed}`,
                    );
                }
            }
        }
    });

    it("keeps local build output and dependencies out of the build context", () => {
        const ignored = readFileSync(join(APP_DIR, ".dockerignore"), "utf8")
            .split(/\r?\n/)
            .map(line => line.trim());
        assert.ok(ignored.includes("node_modules"));
        assert.ok(ignored.includes("dist"));
    });
});
