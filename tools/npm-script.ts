import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../testing/stack-file";

/**
 * The words of a package.json script, so that the benchmark and the tests start a tool exactly as `npm run <name>`
 * does, without npm's own start-up. Only plain commands qualify: no shell syntax, no environment assignments
 * (a flag's `--name=value` is a plain word).
 */
export function npmScript(name: string, scripts: Record<string, string> = packageScripts()): string[] {
    const script = scripts[name];
    const words = script?.trim().split(/\s+/) ?? [];
    if (script === undefined || /[&|;<>'"$`]/.test(script) || words.some(word => /^[A-Za-z_]\w*=/.test(word))) {
        throw new Error(`package.json script ${name} is not a plain command: ${JSON.stringify(script)}`);
    }
    return words;
}

function packageScripts(): Record<string, string> {
    return (
        JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
}
