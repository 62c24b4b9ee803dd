import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { generateStack } from "../../tools/bench/generate-stack";
import { npmScript } from "../../tools/npm-script";
import { REPO_ROOT } from "../../testing/stack-file";

const {
    DEFERRED_PULUMI_MODULES,
    awsServiceModules,
    grpcStubModules,
    packageModules,
} = require("../../tools/loader/defer-sdk");
const { compiled } = require("../../tools/loader/typescript");

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs Node in a fresh process, with or without the offline loader. Stdout goes to a file, which Node writes
 * synchronously, so a large document arrives whole however the process exits.
 */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const stdoutFile = path.join(mkdtempSync(path.join(tmpdir(), "loader-")), "stdout");
    const stdout = openSync(stdoutFile, "w");
    return new Promise<Run>((resolve, reject) => {
        const child = spawn(process.execPath, args, {
            cwd: REPO_ROOT,
            env: { ...process.env, ...env },
            stdio: ["ignore", stdout, "pipe"],
        });
        const err: Buffer[] = [];
        child.stderr!.on("data", chunk => err.push(chunk));
        child.on("error", reject);
        child.on("close", status =>
            resolve({ status, stdout: readFileSync(stdoutFile, "utf8"), stderr: Buffer.concat(err).toString("utf8") }),
        );
    }).finally(() => closeSync(stdout));
}

/** {@link run}, which must exit 0: its stdout. */
async function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await run(args, env);
    assert.strictEqual(result.status, 0, `${args.join(" ")}: exit ${result.status}\n${result.stderr}`);
    return result.stdout;
}

const LOADER = ["-r", "./tools/loader/register.js"];

describe("tools/loader (how the offline tools load)", function () {
    this.timeout(180000);

    it("npm run check prints the same --json documents as the TypeScript source run the way `pulumi up` runs it", async () => {
        const [, ...checkArgs] = npmScript("check");
        // The plain path: ts-node with TypeScript's own transpiler and tsconfig.json, no cache, no deferred modules,
        // and the SDK's own protobuf conversions (the stack traces the harness empties change no turn of the queue).
        const plain = ["-r", "ts-node/register", "tools/check.ts"];
        const plainEnv = {
            TS_NODE_PROJECT: "tsconfig.json",
            TS_NODE_TRANSPILE_ONLY: "true",
            ECS_PLATFORM_PROTOBUF: "1",
        };
        // A stack of many services too: the order registrations complete in is what the loader must not move.
        const generated = generateStack(20);
        const runs: [string, string[]][] = [
            ["prod", []],
            ["staging", []],
            ["prod", ["--preview"]],
            ["staging", ["--first-deploy"]],
            [generated.stack, ["--dir", generated.dir]],
        ];
        for (const [stack, options] of runs) {
            const args = ["--stack", stack, "--json", ...options];
            const [optimised, reference] = await Promise.all([
                run([...checkArgs, ...args]),
                run([...plain, ...args], plainEnv),
            ]);
            assert.ok(checkArgs.includes("./tools/loader/register.js"), "npm run check goes through the loader");
            assert.strictEqual(JSON.parse(optimised.stdout).stack, stack, optimised.stderr);
            assert.strictEqual(optimised.stdout, reference.stdout, `${stack}: the optimised path changed the document`);
            assert.strictEqual(optimised.status, reference.status);
        }
    });

    it("reports promises still pending at exit as the SDK does, and leaves the SDK's debugging mode untouched", async () => {
        // One resource waits for an input that never comes: its promises are still pending when the process exits.
        const script = `
            const pulumi = require("@pulumi/pulumi");
            const mocks = { newResource: args => ({ id: args.name, state: args.inputs }), call: args => args.inputs };
            pulumi.runtime.setMocks(mocks, "project", "stack", false).then(() => {
                new pulumi.CustomResource("test:index:Thing", "stuck", { value: new Promise(() => {}) });
                new pulumi.CustomResource("test:index:Thing", "done", { value: 1 });
            });`;
        const reports: [NodeJS.ProcessEnv, RegExp][] = [
            [{}, /The Pulumi runtime detected that \d+ promises were still active/],
            [{ PULUMI_DEBUG_PROMISE_LEAKS: "1" }, /Promise leak detected:\nCONTEXT\(\d+\): resolveURN\(resource:stuck/],
        ];
        for (const [env, report] of reports) {
            const [loaded, plain] = await Promise.all([run([...LOADER, "-e", script], env), run(["-e", script], env)]);
            assert.match(plain.stderr, report);
            // The debugging report's stack traces differ by the loader's own frames, and only by those.
            const withoutFrames = (text: string) => text.replace(/^ {4}at .*\n/gm, "");
            assert.deepStrictEqual(
                [loaded.status, withoutFrames(loaded.stderr)],
                [plain.status, withoutFrames(plain.stderr)],
            );
        }
    });

    it("fails a program whose input rejects with the SDK's error and exit code (without its err.promise)", async () => {
        const script = `
            const pulumi = require("@pulumi/pulumi");
            const mocks = { newResource: args => ({ id: args.name, state: args.inputs }), call: args => args.inputs };
            pulumi.runtime.setMocks(mocks, "project", "stack", false).then(() => {
                new pulumi.CustomResource("test:index:Thing", "failing", { value: Promise.reject(new Error("no value")) });
            });`;
        const [loaded, plain] = await Promise.all([run([...LOADER, "-e", script]), run(["-e", script])]);
        assert.match(plain.stderr, /Error: error serializing property "value": no value/);
        // The SDK's debugging aid: it sets err.promise, which Node prints with the error; the lean chain does not.
        const withoutPromise = (text: string) =>
            text
                .replace(/^ {4}at .*\n/gm, "")
                .replace(/<ref \*1> /g, "")
                .replace(/^ {2}promise: Promise \{ <rejected> \[Circular \*1\] \}\n\}\n/m, "");
        assert.deepStrictEqual(
            [loaded.status, withoutPromise(loaded.stderr)],
            [plain.status, withoutPromise(plain.stderr)],
        );
    });

    it("leaves closure serialization and the Automation API unloaded until used, then behaves as the SDK", async () => {
        const script = `
            const pulumi = require("@pulumi/pulumi");
            const loaded = name => Object.keys(require.cache).some(file => file.includes(name));
            const before = { typescript: loaded("/typescript/lib/"), arborist: loaded("@npmcli/arborist") };
            pulumi.runtime.serializeFunction(() => 6 * 7).then(({ text }) => {
                const after = { typescript: loaded("/typescript/lib/"), automation: typeof pulumi.automation.LocalWorkspace };
                console.log(JSON.stringify({ before, after, text }));
            });`;
        const result = JSON.parse(await node([...LOADER, "-e", script]));
        assert.deepStrictEqual(result.before, { typescript: false, arborist: false });
        assert.deepStrictEqual(result.after, { typescript: true, automation: "function" });
        assert.match(result.text, /6 \* 7/);
    });

    it("the stand-ins forward only functions the deferred modules export, and say ES module as they do", async () => {
        const files = Object.keys(DEFERRED_PULUMI_MODULES);
        // In a plain process: the real modules.
        const script = `console.log(JSON.stringify(${JSON.stringify(files)}.map(file => {
            const m = require("@pulumi/pulumi/" + file);
            return { esModule: m.__esModule === true, functions: Object.keys(m).filter(k => typeof m[k] === "function") };
        })))`;
        const real = JSON.parse(await node(["-e", script])) as { esModule: boolean; functions: string[] }[];
        files.forEach((file, i) => {
            assert.ok(real[i].esModule, `${file} is an ES module, as its stand-in answers without loading it`);
            for (const name of DEFERRED_PULUMI_MODULES[file] as string[]) {
                assert.ok(real[i].functions.includes(name), `${file} exports the function ${name}`);
            }
        });
    });

    it("leaves gRPC, its stubs, OpenTelemetry and zod's locales unloaded by a check, read as their importers read them", async () => {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        const stubs: string[] = grpcStubModules(pulumiDir);
        const others: string[] = packageModules();
        assert.ok(
            stubs.length >= 10 && others.some(f => f.includes("@grpc/grpc-js")) && others.some(f => f.includes("zod")),
        );
        // The stand-ins answer `__esModule` without loading: the packages' modules are ES modules; the gRPC stubs are
        // CommonJS, and the SDK imports each only through `__importStar`, whose namespace the stand-in answers for.
        const esModules = `console.log(JSON.stringify(${JSON.stringify([...stubs, ...others])}.map(f => require(f).__esModule === true)))`;
        assert.deepStrictEqual(JSON.parse(await node(["-e", esModules])), [
            ...stubs.map(() => false),
            ...others.map(() => true),
        ]);
        const sdkFiles = spawnSync(
            "grep",
            ["-rlE", 'require\\("[./]+proto/[a-z_]+_grpc_pb"\\)', pulumiDir, "--include=*.js"],
            { encoding: "utf8" },
        )
            .stdout.trim()
            .split("\n");
        assert.ok(sdkFiles.length >= 3, "the SDK's importers of its gRPC stubs are found");
        for (const file of sdkFiles) {
            const imports = readFileSync(file, "utf8").match(/.{0,20}require\("[./]+proto\/[a-z_]+_grpc_pb"\)/g) ?? [];
            assert.ok(
                imports.every(line => line.endsWith(`__importStar(${line.split("__importStar(")[1]}`)),
                `${file}: ${imports.join(", ")}`,
            );
        }
        // A whole check, then a zod error message: none of the real modules is loaded (zod's messages come from its
        // English locale, which it loads itself; a real gRPC stub would have loaded gRPC).
        const check = `
            const path = require("path");
            const packages = ${JSON.stringify(others)}.map(f => path.dirname(f) + "/");
            const realLoaded = () => Object.keys(require.cache).filter(k => packages.some(dir => k.startsWith(dir)) && !${JSON.stringify(others)}.includes(k) && !k.endsWith("/locales/en.cjs"));
            require("./tools/check").cli(["--stack", "prod", "--json"], { stdout: { write() {} }, stderr: process.stderr }).then(() => {
                const { z } = require("zod");
                const message = z.object({ port: z.number() }).safeParse({ port: "80" }).error.issues[0].message;
                console.log(JSON.stringify({ realLoaded: realLoaded(), message }));
            });`;
        const result = JSON.parse(await node([...LOADER, "-e", check]));
        assert.deepStrictEqual(result, { realLoaded: [], message: "Invalid input: expected number, received string" });
    });

    it("@pulumi/aws service modules load on first use and export what they export when loaded eagerly", async () => {
        const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));
        assert.ok(awsServiceModules(awsDir).length > 100, "the SDK's service modules are found");
        const script = (services: string[]) => `
            const aws = require("@pulumi/aws");
            const loaded = () => Object.keys(require.cache).filter(f => f.endsWith("/ecs/cluster.js")).length;
            const before = loaded();
            const keys = ${JSON.stringify(services)}.map(s => Object.keys(aws[s]).sort().join());
            console.log(JSON.stringify({ before, keys, cluster: typeof aws.ecs.Cluster, after: loaded() }));`;
        const services = ["ecs", "lb", "iam", "ec2"];
        const [deferred, eager] = await Promise.all([
            node([...LOADER, "-e", script(services)]),
            node(["-e", script(services)]),
        ]);
        const d = JSON.parse(deferred);
        const e = JSON.parse(eager);
        assert.deepStrictEqual(d.keys, e.keys);
        assert.strictEqual(d.cluster, "function");
        assert.deepStrictEqual([d.before, d.after], [0, 1], "ecs loads when the program reaches for it");
    });

    it("compiles each TypeScript file once per content: an edit runs at the next start, never a stale copy", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "loader-"));
        const file = path.join(dir, "answer.ts");
        const run = () =>
            spawnSync(process.execPath, [...LOADER, "-e", `console.log(require(${JSON.stringify(file)}).answer)`], {
                cwd: REPO_ROOT,
                encoding: "utf8",
            }).stdout.trim();
        writeFileSync(file, "export const answer: number = 41;\n");
        assert.strictEqual(run(), "41");
        const first = compiled(file);
        assert.strictEqual(compiled(file), first, "the same source reuses its compiled file");
        writeFileSync(file, "export const answer: number = 42;\n");
        assert.strictEqual(run(), "42");
        assert.notStrictEqual(compiled(file), first);
    });

    it("keeps the TypeScript line numbers in stack traces", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "loader-"));
        const file = path.join(dir, "throws.ts");
        writeFileSync(
            file,
            'import * as path from "path";\ninterface A {\n    a: string;\n}\n\nthrow new Error(path.sep);\n',
        );
        const run = spawnSync(process.execPath, [...LOADER, file], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.ok(run.stderr.includes(`${file}:6`), run.stderr);
    });
});
