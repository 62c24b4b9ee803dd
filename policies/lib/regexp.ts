/** Regular expressions built from patterns in config and policy documents. */

/** By flags and source. Bounded: the patterns come from config and from the documents of every run. */
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1000;

/**
 * `new RegExp(source, flags)`, compiled once: policies match the same patterns for every resource, and compiling
 * costs more than matching. Without the stateful flags (`g`, `y`), one object can serve every caller.
 */
export function compiledRegExp(source: string, flags: "" | "i" = ""): RegExp {
    const key = `${flags}/${source}`;
    let regexp = compiled.get(key);
    if (!regexp) {
        if (compiled.size >= MAX_COMPILED) {
            compiled.clear();
        }
        regexp = new RegExp(source, flags);
        compiled.set(key, regexp);
    }
    return regexp;
}
