import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_REGION, fakeCloud } from "./fake-cloud";
import { usePlainStructs } from "./plain-structs";
import { holdsSecret, toPlainValue } from "./values";

/** One resource the program registered, as the offline preview and the tests see it. */
export interface CapturedResource {
    urn: string;
    /** The fake physical id; empty in preview, where ids are not known yet. */
    id: string;
    type: string;
    name: string;
    /** False for component resources. */
    custom: boolean;
    /** The parent's URN; undefined for top-level resources. */
    parent?: string;
    /** URNs of every resource this one depends on (explicit `dependsOn` and implicit, from its inputs). */
    dependencies: string[];
    /** Property name → URNs of the resources whose outputs flowed into it. */
    propertyDependencies: Record<string, string[]>;
    /** The inputs the program sent to the provider, secrets unwrapped (what a policy sees in `Analyze`). */
    inputs: Record<string, any>;
    /**
     * The same inputs with every secret replaced by a placeholder: safe to print or write. The same object as
     * {@link inputs} when nothing is secret: treat both as read-only.
     */
    maskedInputs: Record<string, any>;
    /** Inputs plus the fake cloud's computed outputs (what a policy sees in `AnalyzeStack`), secrets unwrapped. */
    state: Record<string, any>;
    options: {
        protect: boolean;
        retainOnDelete: boolean;
        ignoreChanges: string[];
        /** Explicit `dependsOn`: dependencies that no input property accounts for. */
        dependsOn: string[];
        aliases: number;
        /** The aliases as sent to the engine: a full URN, or a spec whose unset fields mean "as now". */
        aliasSpecs?: AliasSpec[];
        /** `customTimeouts` as the program set them (Go durations such as `"10m"`); empty when unset. */
        customTimeouts?: { create: string; update: string; delete: string };
        additionalSecretOutputs?: string[];
        /** `deleteBeforeReplace`, when the program set it. */
        deleteBeforeReplace?: boolean;
    };
    /** The explicit provider reference (`<provider URN>::<id>`), when the resource was given one. */
    provider?: string;
    /** The version of the resource's package (`7.48.0` for `@pulumi/aws`), which picks its default provider. */
    version?: string;
}

/** One alias of a resource (see `pulumi.Alias`); `parentUrn` undefined with `noParent` false means the current parent. */
export interface AliasSpec {
    urn?: string;
    name?: string;
    type?: string;
    parentUrn?: string;
    noParent?: boolean;
}

export interface RunOptions {
    /** Stack name the program sees (`pulumi.getStack()`). */
    stack: string;
    /** Project name; defaults to `ecs-platform`. */
    project?: string;
    /** Simulate a first `pulumi preview`: computed outputs are unknown. Defaults to false (as after an update). */
    preview?: boolean;
    /** Full config map (`namespace:key` → string, objects as JSON), as `Pulumi.<stack>.yaml` gives it. */
    config?: Record<string, string>;
    /** Keys of {@link config} that are secret. */
    secretKeys?: string[];
    /**
     * Deploy into an empty account: the fake cloud knows no image and no secret value yet (the first `pulumi up`).
     * Defaults to false: every image tag and secret value the stack names exists.
     */
    firstDeploy?: boolean;
}

export interface RunResult<T> {
    resources: CapturedResource[];
    /** Warnings the program logged with `pulumi.log.warn` (a real preview prints them as diagnostics). */
    warnings: string[];
    /** What the program returned (the stack outputs), resolved: Outputs unwrapped. */
    outputs: T;
}

/** Whether a {@link runProgram} is in progress: one at a time per process. */
let programRunning = false;

/**
 * Runs a Pulumi program in-process against the fake cloud and captures every resource it registers.
 *
 * This is the one harness behind the component tests, the program tests, `npm run check` and the benchmark.
 * It waits for every registration, including resources created inside `apply`, and records what the mock's
 * `newResource` does not receive (parent, dependencies, property dependencies, options) by wrapping the mock
 * monitor's `registerResource`.
 */
export async function runProgram<T>(
    program: () => T | Promise<T>,
    options: RunOptions,
): Promise<RunResult<pulumi.Unwrap<Awaited<T>>>> {
    if (programRunning) {
        // The SDK's mocks and settings are the process's, and so are what the run changes while it lasts.
        throw new Error("runProgram: another program is still running in this process; await it first");
    }
    programRunning = true;
    try {
        return await runAlone(program, options);
    } finally {
        programRunning = false;
    }
}

/** {@link runProgram}'s run, once it has the process to itself. */
async function runAlone<T>(
    program: () => T | Promise<T>,
    options: RunOptions,
): Promise<RunResult<pulumi.Unwrap<Awaited<T>>>> {
    const config = options.config ?? {};
    const region = config["aws:region"] ?? DEFAULT_REGION;
    const preview = options.preview ?? false;
    pulumi.runtime.setAllConfig(config, options.secretKeys ?? []);
    await pulumi.runtime.setMocks(
        fakeCloud({ region, preview, firstDeploy: options.firstDeploy }),
        options.project ?? "ecs-platform",
        options.stack,
        preview,
    );

    const resources: CapturedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
        const inputs = wireValueOnce(req.getObject());
        return register(req, (err: unknown, resp: any) => {
            if (!err) {
                resources.push(capture(req, inputs, resp));
            }
            callback(err, resp);
        });
    };

    const warnings: string[] = [];
    const consoleWarn = console.warn;
    // Without an engine, `pulumi.log.warn` writes to console.warn with this prefix; collect it instead.
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith(RUNTIME_WARNING)) {
            warnings.push(text.slice(RUNTIME_WARNING.length));
        } else {
            consoleWarn(...args);
        }
    };
    // The SDK records a stack trace for every promise it creates, and every resource's whole call stack (it lifts
    // the limit for that), parsed into frames for the engine's source positions. Nothing reads those traces
    // without an engine, and capturing and formatting them was a tenth of a run: while the program runs they are
    // the error's first line only, as with no frames, and a resource's frames are none (what parsing that gives).
    const stackTraceLimit = Error.stackTraceLimit;
    const prepareStackTrace = Error.prepareStackTrace;
    const resourceFrames = Object.getOwnPropertyDescriptor(pulumi.Resource, "stackTrace");
    if (!process.env.ECS_PLATFORM_STACK_TRACES) {
        Error.stackTraceLimit = 0;
        Error.prepareStackTrace = firstLineOnly;
        if (resourceFrames) {
            Object.defineProperty(pulumi.Resource, "stackTrace", { ...resourceFrames, value: () => [] });
        }
    }
    try {
        return await usePlainStructs(async () => {
            const returned = await program();
            const outputs = await resolve(returned);
            await (pulumi.runtime as any).waitForRPCs();
            return { resources, warnings, outputs: outputs as pulumi.Unwrap<Awaited<T>> };
        });
    } finally {
        console.warn = consoleWarn;
        Error.stackTraceLimit = stackTraceLimit;
        Error.prepareStackTrace = prepareStackTrace;
        if (resourceFrames) {
            Object.defineProperty(pulumi.Resource, "stackTrace", resourceFrames);
        }
    }
}

/** An error's stack as V8 prints it without frames: `Name: message`. */
function firstLineOnly(error: unknown): string {
    return Error.prototype.toString.call(error);
}

const RUNTIME_WARNING = "warning: [runtime] ";

/**
 * A request's inputs or a response's state in the wire format, converted from protobuf once: the mock monitor and
 * the SDK, which convert them again (for the fake cloud, and to resolve the outputs), are handed the same object,
 * which all of them only read.
 */
function wireValueOnce(struct: any): Record<string, any> {
    if (!struct) {
        return {};
    }
    const value = struct.toJavaScript();
    struct.toJavaScript = () => value;
    return value;
}

function capture(req: any, rawInputs: Record<string, any>, resp: any): CapturedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const dependencies: string[] = req.getDependenciesList();
    const implicit = new Set(Object.values(propertyDependencies).flat());
    const inputs = toPlainValue(rawInputs, "reveal") as Record<string, any>;
    return {
        urn: resp.getUrn(),
        id: resp.getId(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        dependencies,
        propertyDependencies,
        inputs,
        // Without a secret the masked copy is the same tree: shared (both are only read).
        maskedInputs: holdsSecret(rawInputs) ? (toPlainValue(rawInputs, "mask") as Record<string, any>) : inputs,
        state: toPlainValue(wireValueOnce(resp.getObject()), "reveal") as Record<string, any>,
        options: {
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            ignoreChanges: req.getIgnorechangesList(),
            dependsOn: dependencies.filter(urn => !implicit.has(urn)),
            aliases: req.getAliasesList().length,
            aliasSpecs: req.getAliasesList().map(aliasSpecOf),
            customTimeouts: {
                create: req.getCustomtimeouts()?.getCreate() ?? "",
                update: req.getCustomtimeouts()?.getUpdate() ?? "",
                delete: req.getCustomtimeouts()?.getDelete() ?? "",
            },
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
        },
        ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        ...(req.getVersion() ? { version: req.getVersion() } : {}),
    };
}

function aliasSpecOf(alias: any): AliasSpec {
    const spec = alias.getSpec();
    if (!spec) {
        return { urn: alias.getUrn() };
    }
    return {
        name: spec.getName() || undefined,
        type: spec.getType() || undefined,
        parentUrn: spec.getParenturn() || undefined,
        noParent: spec.getNoparent() === true,
    };
}

/**
 * Resolves a program's return value (a plain object of Outputs, or nothing) to plain data, key by key,
 * so that one unknown output (preview) leaves only its own key undefined.
 */
async function resolve(value: unknown): Promise<unknown> {
    if (value === undefined || value === null || pulumi.Resource.isInstance(value)) {
        return value;
    }
    if (typeof value === "object" && !pulumi.Output.isInstance(value)) {
        const entries = await Promise.all(
            Object.entries(value).map(async ([k, v]) => [k, await promiseOf(v)] as const),
        );
        return Object.fromEntries(entries);
    }
    return promiseOf(value);
}

/** Waits for one Output's value (undefined when it is unknown in preview). */
export function promiseOf<T>(output: pulumi.Input<T>): Promise<T> {
    return (pulumi.output(output) as any).promise();
}

/** The captured resources of one type token. */
export function ofType(resources: CapturedResource[], type: string): CapturedResource[] {
    return resources.filter(r => r.type === type);
}
