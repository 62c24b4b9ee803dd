/**
 * Whether a statement's conditions pin the caller, under IAM's evaluation rules for missing keys.
 *
 * A statement for everyone (`Principal: "*"`) is only restricted by a condition that is false for a caller the
 * condition does not name, including a caller for whom the key is absent from the request context (a principal
 * outside any organization has no `aws:PrincipalOrgID`). IAM evaluates a condition on a missing key as:
 * - plain matching operators (`StringEquals`, `ArnLike`, …): false, so the caller is kept out;
 * - negated operators (`StringNotEquals`, `ArnNotLike`, …): true, and they let in everyone they do not name;
 * - `…IfExists`: true;
 * - `ForAllValues:…`: true (an absent or empty set satisfies "every value matches");
 * - `ForAnyValue:…`: false;
 * - `Null`: tests presence only, so it pins no one.
 * A value made only of wildcards (`*`, `?`) matches every caller that has the key, so it pins no one either.
 */
import type { Statement } from "./document";

/** Operators that match a caller's value against named values (the negated and `Null` operators are left out on purpose). */
const matchingOperators = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]);

/** How one condition operator treats a request without the key, and whether it can name callers at all. */
export interface OperatorSemantics {
    /** The operator without its `ForAllValues:`/`ForAnyValue:` prefix and `IfExists` suffix. */
    base: string;
    /** Whether the condition is true when the key is absent from the request. */
    trueWhenKeyAbsent: boolean;
    /** Whether a caller whose key is present passes only when its value matches one of the listed values. */
    matchesListedValues: boolean;
}

/** Reads an operator such as `ForAnyValue:StringEqualsIfExists` (case-insensitive, as IAM does). */
export function operatorSemantics(operator: string): OperatorSemantics {
    let rest = operator.toLowerCase();
    let set: "all" | "any" | undefined;
    if (rest.startsWith("forallvalues:")) {
        set = "all";
        rest = rest.slice("forallvalues:".length);
    } else if (rest.startsWith("foranyvalue:")) {
        set = "any";
        rest = rest.slice("foranyvalue:".length);
    }
    const ifExists = rest.endsWith("ifexists");
    const base = ifExists ? rest.slice(0, -"ifexists".length) : rest;
    const negated = base.includes("not") || base === "null";
    return {
        base,
        trueWhenKeyAbsent: set === "all" || ifExists || negated,
        matchesListedValues: matchingOperators.has(base) && set !== "all",
    };
}

/** Whether a condition value is a wildcard that any present value matches (`*`, `**`, `?*`). */
function isWildcardOnly(value: string): boolean {
    return /^[*?]+$/.test(value);
}

/**
 * Whether one of the statement's conditions keeps out every caller that it does not name through one of `keys`
 * (case-insensitive): a matching operator that is false when the key is absent, with values that are not just
 * wildcards. Conditions of a statement are ANDed, so one such condition restricts the statement.
 */
export function hasRestrictingCondition(statement: Statement, keys: readonly string[]): boolean {
    const wanted = new Set(keys.map(k => k.toLowerCase()));
    return Object.entries(statement.conditions).some(([operator, byKey]) => {
        const semantics = operatorSemantics(operator);
        if (semantics.trueWhenKeyAbsent || !semantics.matchesListedValues) {
            return false;
        }
        return Object.entries(byKey).some(
            ([key, values]) =>
                wanted.has(key.toLowerCase()) && values.length > 0 && !values.some(value => isWildcardOnly(value)),
        );
    });
}
