import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../testing/stack-file";

/**
 * The words of a package.json script, so that the benchmark and the tests start a tool exactly as `npm run <name>`
 * does, without npm's own start-up. Only plain commands qualify: no shell syntax, no environment assignments.
 */
export function npmScript(name: string): string[] {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Record<string, any>)
        .scripts as Record<string, string>;
    const script = scripts[name];
    if (script === undefined || /[&|;<>'"$=`]/.test(script)) {
        throw new Error(`package.json script ${name} is not a plain command: ${JSON.stringify(script)}`);
    }
    return script.trim().split(/\s+/);
}
