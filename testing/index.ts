/**
 * pulumi-offline-kit: run any Pulumi TypeScript program under mocks and any policy pack over its resources, in a
 * mocha test, with no CLI, plugin or cloud account. See README.md.
 */
export { analyzerResources, type AnalyzedResource, type AnalyzerViewOptions } from "./analyzer-view";
export { DEFAULT_REGION, FAKE_ACCOUNT_ID, fakeCloud } from "./fake-cloud";
export {
    ofType,
    promiseOf,
    runProgram,
    type AliasSpec,
    type CapturedResource,
    type RunOptions,
    type RunResult,
} from "./harness";
export {
    analyzeWithPolicyServer,
    type PolicyServerConfig,
    type PolicyServerEntry,
    type PolicyServerOptions,
    type PolicyServerPack,
    type PolicyServerResult,
} from "./policy-server";
export { OFFLINE_SECRET, projectStackTags, readStackFile, StackFileError, type StackFile } from "./stack-file";
export { SECRET_PLACEHOLDER, toPlainValue, UNKNOWN } from "./values";
