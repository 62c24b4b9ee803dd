/**
 * Every policy of the pack needs a passing violating case and a passing compliant case somewhere under
 * test/policies (recorded by `expectViolation`/`expectRemediation` and `expectCompliant` in ./helpers). The check
 * runs as a root `after` hook, i.e. once every spec file of the run has finished. It is skipped when the run did not
 * load every policy spec (e.g. a single file) or filters tests (`--grep`), so run every spec under test/policies
 * or the full suite.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policies/policies";
import { coverage } from "./helpers";

function policySpecFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? policySpecFiles(full) : entry.name.endsWith(".spec.ts") ? [full] : [];
    });
}

/** Whether every spec file under test/policies was loaded in this run. */
function allPolicySpecsLoaded(): boolean {
    const loaded = new Set(Object.keys(require.cache).map(file => path.resolve(file)));
    return policySpecFiles(__dirname).every(file => loaded.has(path.resolve(file)));
}

/** Whether the run filters tests by name, so that some cases did not run. */
function filtered(): boolean {
    return process.argv.some(arg => /^(--grep|-g|--fgrep|-f|--invert|-i)(=|$)/.test(arg));
}

after(function () {
    if (!allPolicySpecsLoaded() || filtered()) {
        return;
    }
    const names = policies.map(p => p.name);
    const missing = (cases: Set<string>) => names.filter(name => !cases.has(name));
    assert.deepEqual(missing(coverage.violating), [], "policies without a passing violating case (expectViolation)");
    assert.deepEqual(missing(coverage.compliant), [], "policies without a passing compliant case (expectCompliant)");
});
