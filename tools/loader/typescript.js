// Runs the tooling's TypeScript as JavaScript compiled once per source version, in place of ts-node.
//
// Each `.ts` file is transpiled by Sucrase (tools/sucrase-transpiler.js) the first time its content is seen and the
// result kept in node_modules/.cache; later runs hash the source and reuse the compiled file when the hash matches.
// Freshness is by content, never by time stamps: what runs is always what the source says, and an edit costs one
// file's transpile on the next start. Sucrase keeps line numbers, so stack traces point at the TypeScript lines.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "ecs-platform", "js");
const TRANSPILER = path.join(__dirname, "..", "sucrase-transpiler.js");

let transpiler;
let transpilerId;

/** What else the compiled output depends on: the transpiler's code and Sucrase's version. */
function compilerId() {
    transpilerId ??= [
        fs.readFileSync(TRANSPILER, "utf8"),
        JSON.parse(fs.readFileSync(require.resolve("sucrase/package.json"), "utf8")).version,
    ].join("\0");
    return transpilerId;
}

/** The JavaScript for one TypeScript file: from the cache when its source hash matches, else transpiled and cached. */
function compiled(filename) {
    const source = fs.readFileSync(filename, "utf8");
    const stamp = `\n//# source-sha256=${crypto.createHash("sha256").update(compilerId()).update("\0").update(source).digest("hex")}`;
    const cacheFile = path.join(CACHE_DIR, `${crypto.createHash("sha1").update(filename).digest("hex")}.js`);
    try {
        const cached = fs.readFileSync(cacheFile, "utf8");
        if (cached.endsWith(stamp)) {
            return cached;
        }
    } catch {
        // Not compiled yet.
    }
    transpiler ??= require(TRANSPILER);
    const code = `${transpiler.transpile(source, filename).code}${stamp}`;
    // Written aside and renamed, so that a concurrent run never reads half a file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cacheFile);
    return code;
}

function install() {
    Module._extensions[".ts"] = (module, filename) => module._compile(compiled(filename), filename);
}

module.exports = { install, compiled, CACHE_DIR };
