// How the tooling's TypeScript becomes JavaScript: Sucrase strips the types and turns imports into require, several
// times faster than TypeScript's own transpiler, in plain JavaScript with no platform binary, and keeping line
// numbers. The rest stays as written (optional chaining, nullish coalescing, class fields with define semantics),
// as tsconfig.json's ES2022 target has tsc leave it and Node 20 runs it: a helper call per `?.` would cost. Type
// checking is `tsc --noEmit`, once per `npm test`. tools/loader/typescript.js compiles with it (and caches the
// output); `create` makes it a ts-node transpiler too (tsconfig.tools.json), for running a file through ts-node by
// hand. JavaScript, because it is loaded before any TypeScript can be.
"use strict";
const { transform } = require("sucrase");

function transpile(input, fileName) {
    return transform(input, {
        transforms: ["typescript", "imports"],
        disableESTransforms: true,
        filePath: fileName,
        sourceMapOptions: { compiledFilename: fileName },
    });
}

exports.transpile = transpile;
exports.create = () => ({
    transpile(input, { fileName }) {
        const { code, sourceMap } = transpile(input, fileName);
        return { outputText: code, sourceMapText: JSON.stringify(sourceMap) };
    },
});
