// `node -r ./tools/loader/register.js <tool>.ts`: how the offline tools and the tests start (package.json scripts,
// .mocharc.json). Precompiled TypeScript, the SDK modules an offline run never uses left unloaded, and the SDK's
// promise debugging payload left out. `pulumi up` does not come through here: it runs infra/index.ts through
// Pulumi's own runtime and tsconfig.json.
"use strict";
require("./defer-sdk").install();
require("./lean-promises").install();
require("./typescript").install();
