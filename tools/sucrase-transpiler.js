// A ts-node transpiler (tsconfig.json: "ts-node": { "transpiler": … }). Sucrase only strips types, several times
// faster than TypeScript's own transpiler and in plain JavaScript, with no platform binary to install; type checking
// is `tsc --noEmit`, once per `npm test`. This file is JavaScript because ts-node loads it before it can load TypeScript.
"use strict";
const { transform } = require("sucrase");

exports.create = () => ({
    transpile(input, { fileName }) {
        const { code, sourceMap } = transform(input, {
            transforms: ["typescript", "imports"],
            filePath: fileName,
            sourceMapOptions: { compiledFilename: fileName },
        });
        return { outputText: code, sourceMapText: JSON.stringify(sourceMap) };
    },
});
