// `node -r ./tools/loader/register.js <tool>.ts`: how the offline tools and the tests start (package.json scripts,
// .mocharc.json). Precompiled TypeScript, and the SDK modules an offline run never uses left unloaded.
// `pulumi up` does not come through here: it runs infra/index.ts through Pulumi's own runtime and tsconfig.json.
"use strict";
require("./defer-sdk").install();
require("./typescript").install();
