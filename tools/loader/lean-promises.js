// Keeps the SDK's promise bookkeeping and drops its debugging payload, in the offline tools' process only.
//
// `@pulumi/pulumi` passes every promise it makes (four for each output property of each resource) through
// `debuggablePromise`, which attaches an id, a context string and a stack trace to it, and tracks it in a set until it
// settles, to report promises still pending at exit. Only `PULUMI_DEBUG_PROMISE_LEAKS` reads the attachments; the
// report needs only a count. Under mocks every resource is constructed before the first registration completes, so
// the attachments and the set's closures are a third of a large stack's peak memory. This replacement chains each
// promise exactly as the SDK does (`then`, then `catch`: the same turns of the microtask queue, so registrations
// complete in the same order and the `--json` documents are unchanged) with shared handlers that count what is
// pending, and at exit hands the count to the SDK's own leak report. With `PULUMI_DEBUG_PROMISE_LEAKS` set, the
// SDK's function runs untouched. test/tools/loader.spec.ts holds both to the same documents and the same report.
// Two differences remain, on error paths only: a rejection passes through without the SDK's `err.promise` (a
// debugging aid, whose assignment turns a rejection with a string into a TypeError), and a pending promise the SDK
// wraps several times (an input several resources await) counts once per wrap in the report's number.
"use strict";
const Module = require("module");
const path = require("path");

/** Promises made since the SDK last reset its leak set (a new program), and not settled yet. */
class PendingCount {
    constructor(leakSet) {
        this.leakSet = leakSet;
        this.pending = 0;
        this.settled = value => {
            this.pending--;
            return value;
        };
        this.failed = err => {
            this.pending--;
            throw err;
        };
    }
}

/** Replaces `debuggablePromise` in the loaded module `debuggable` (runtime/debuggable.js), whose store is `state`'s. */
function makeLean(debuggable, state) {
    const original = debuggable.debuggablePromise;
    let count;
    let first = true;
    debuggable.debuggablePromise = (promise, ctx) => {
        if (first) {
            // The SDK schedules its exit-time leak report on its first call.
            first = false;
            return original(promise, ctx);
        }
        const leakSet = state.getStore().leakCandidates;
        if (count === undefined || count.leakSet !== leakSet) {
            count = new PendingCount(leakSet);
        }
        count.pending++;
        return promise.then(count.settled).catch(count.failed);
    };
    // Registered before the SDK's report, so that it counts what is still pending as the SDK's set would hold it.
    process.on("exit", () => {
        const leakSet = state.getStore().leakCandidates;
        if (count !== undefined && count.leakSet === leakSet) {
            for (let i = 0; i < count.pending; i++) {
                leakSet.add(Promise.resolve(`pending promise ${i + 1}`));
            }
        }
    });
}

/** Installs the replacement when `@pulumi/pulumi` loads its runtime/debuggable.js, if it ever does. */
function install() {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
        return;
    }
    let target;
    try {
        target = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "runtime", "debuggable.js");
    } catch {
        return;
    }
    const loadJs = Module._extensions[".js"];
    const watchForDebuggable = function (module, filename) {
        loadJs.call(this, module, filename);
        if (filename === target) {
            if (Module._extensions[".js"] === watchForDebuggable) {
                Module._extensions[".js"] = loadJs;
            }
            makeLean(module.exports, require(path.join(path.dirname(target), "state.js")));
        }
    };
    Module._extensions[".js"] = watchForDebuggable;
}

module.exports = { install };
