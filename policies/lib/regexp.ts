/** Regular expressions built from patterns in config and policy documents. */

/** Per translation, by flags and pattern. Bounded: the patterns come from config and from the documents of every run. */
const compiled = new Map<(pattern: string) => string, Map<string, RegExp>>();
const MAX_COMPILED = 1000;

/**
 * `new RegExp(toSource(pattern), flags)`, built once per pattern: policies match the same patterns for every
 * resource, and translating and compiling one costs more than matching it. `toSource` is a module-level function
 * (the cache is kept per function). Without the stateful flags (`g`, `y`), one object can serve every caller.
 */
export function compiledRegExp(pattern: string, toSource: (pattern: string) => string, flags: "" | "i" = ""): RegExp {
    let byPattern = compiled.get(toSource);
    if (!byPattern) {
        byPattern = new Map();
        compiled.set(toSource, byPattern);
    }
    const key = `${flags}/${pattern}`;
    let regexp = byPattern.get(key);
    if (!regexp) {
        if (byPattern.size >= MAX_COMPILED) {
            byPattern.clear();
        }
        regexp = new RegExp(toSource(pattern), flags);
        byPattern.set(key, regexp);
    }
    return regexp;
}

/** The translation for a pattern that is already a regular expression's source (a config's `secretNamePattern`). */
export function asWritten(pattern: string): string {
    return pattern;
}
