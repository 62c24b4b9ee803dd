import { closest, distance } from "fastest-levenshtein";

/**
 * " (did you mean X?)" when `input` is a near miss of one of `known` — two edits away, or a third of its length for
 * longer names, never more than three — else "".
 */
export function didYouMean(input: string, known: readonly string[]): string {
    if (known.length === 0) return "";
    const candidate = closest(input, [...known]);
    const limit = Math.min(3, Math.max(2, Math.floor(candidate.length / 3)));
    return distance(input, candidate) <= limit ? ` (did you mean ${candidate}?)` : "";
}
