// Defers the parts of the Pulumi SDKs (and of the libraries they and the tools load) that an offline run never
// calls, so a tool process loads what it uses.
//
// `@pulumi/pulumi` loads its closure serialization (TypeScript's compiler and npm's arborist: more than half of the
// modules of the three SDKs), its Automation API, and its gRPC stubs, which build their clients from @grpc/grpc-js
// as they load, when it starts; only `pulumi up` talks gRPC or serializes functions. It also loads OpenTelemetry for
// the engine's tracing. `@pulumi/aws` loads every one of its ~250 service modules to register them, though a program
// uses a handful; zod loads its ~60 locales, though its messages are English unless a locale is chosen. Each
// deferred module is a stand-in in Node's module cache that loads the real module the first time anything reads
// from it, so a caller that does use one gets exactly the module's behaviour, only later. Installed by
// `register.js` in the offline tools' process only: `pulumi up` loads the program through Pulumi's own runtime,
// untouched. test/tools/loader.spec.ts proves the stand-ins faithful.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/**
 * Modules that `@pulumi/pulumi` reads function exports from while it loads: those functions are forwarded without
 * loading the module. Keep the names in step with the SDK (the loader spec compares them).
 */
const DEFERRED_PULUMI_MODULES = {
    "runtime/closure/serializeClosure.js": ["serializeFunction", "serializeFunctionAsync"],
    "runtime/closure/codePaths.js": ["computeCodePaths"],
    "automation/index.js": [],
};

/** Modules of other packages, as a package's import would name them. */
const DEFERRED_PACKAGE_MODULES = ["@grpc/grpc-js", "@opentelemetry/api", "zod/v4/locales"];

/** `@pulumi/aws` service modules that are not deferred: read as soon as the package loads. */
const EAGER_AWS_MODULES = new Set(["config", "types"]);

/**
 * Puts a stand-in for `file` in the module cache. Reading `__esModule` (what TypeScript's import helpers check) or
 * one of `functions` does not load the module; anything else loads it and then reads the real exports. A CommonJS
 * module (`commonJs`: it has no `__esModule`) is one its importers read through TypeScript's `__importStar`, which
 * would copy it at once into a namespace whose `default` is the module: its stand-in answers `default` so.
 */
function deferModule(file, functions = [], { commonJs = false } = {}) {
    let real;
    const load = () => {
        if (real === undefined) {
            delete Module._cache[file];
            real = require(file);
        }
        return real;
    };
    const forwarders = new Map(functions.map(name => [name, (...args) => load()[name](...args)]));
    const stub = new Module(file, module);
    stub.filename = file;
    stub.loaded = true;
    stub.exports = new Proxy(
        {},
        {
            get: (_, key) => {
                if (key === "__esModule") {
                    return true;
                }
                return forwarders.get(key) ?? (commonJs && key === "default" ? load() : Reflect.get(load(), key));
            },
            has: (_, key) => key === "__esModule" || forwarders.has(key) || Reflect.has(load(), key),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                // A proxy may not report a non-configurable property its (empty) target lacks.
                return descriptor && { ...descriptor, configurable: true };
            },
            set: (_, key, value) => Reflect.set(load(), key, value),
            defineProperty: (_, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),
            deleteProperty: (_, key) => Reflect.deleteProperty(load(), key),
        },
    );
    Module._cache[file] = stub;
}

/** The file a request resolves to, or undefined when it is not installed. */
function resolved(request) {
    try {
        return require.resolve(request);
    } catch {
        return undefined;
    }
}

/** The directory of an installed package, or undefined when it is not installed. */
function packageDir(name) {
    const manifest = resolved(`${name}/package.json`);
    return manifest && path.dirname(manifest);
}

/** `@pulumi/pulumi`'s gRPC client and server stubs (`proto/*_grpc_pb.js`): CommonJS, imported by `__importStar`. */
function grpcStubModules(pulumiDir) {
    const dir = path.join(pulumiDir, "proto");
    return fs
        .readdirSync(dir)
        .filter(file => file.endsWith("_grpc_pb.js"))
        .map(file => path.join(dir, file));
}

/** The service modules `@pulumi/aws`'s index requires: its subdirectories with an index.js. */
function awsServiceModules(dir) {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter(entry => entry.isDirectory() && !EAGER_AWS_MODULES.has(entry.name))
        .map(entry => path.join(dir, entry.name, "index.js"))
        .filter(file => fs.existsSync(file));
}

/** The files of {@link DEFERRED_PACKAGE_MODULES} that are installed. */
function packageModules() {
    return DEFERRED_PACKAGE_MODULES.map(resolved).filter(Boolean);
}

function install() {
    const pulumiDir = packageDir("@pulumi/pulumi");
    if (pulumiDir !== undefined) {
        for (const [file, functions] of Object.entries(DEFERRED_PULUMI_MODULES)) {
            deferModule(path.join(pulumiDir, file), functions);
        }
        grpcStubModules(pulumiDir).forEach(file => deferModule(file, [], { commonJs: true }));
    }
    const awsDir = packageDir("@pulumi/aws");
    if (awsDir !== undefined) {
        for (const file of awsServiceModules(awsDir)) {
            deferModule(file);
        }
    }
    packageModules().forEach(file => deferModule(file));
}

module.exports = { install, deferModule, DEFERRED_PULUMI_MODULES, awsServiceModules, grpcStubModules, packageModules };
