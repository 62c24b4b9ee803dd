/**
 * A quick check of a policy's settings against its config schema, before ajv. Compiling a schema with ajv generates
 * and compiles code, which for a whole pack took longer than running every policy over a stack, while the settings
 * are nearly always valid. This interprets the keywords policy schemas use (JSON Schema `type`, `enum` of plain
 * values, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`, `items`, `properties`, `required` and the
 * annotations) exactly as ajv does; anything else, or any doubt, is `undefined`: ajv decides, and ajv words every
 * error (`test/policies/run/schema-check.spec.ts` compares the two).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

type Schema = Record<string, unknown>;

const SIMPLE_TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);

/** `true` when `value` is valid against `schema` for ajv; `undefined` when only ajv can tell. Never `false`. */
export function quicklyValid(schema: PolicyConfigSchema, value: unknown): true | undefined {
    const wrapper: Schema = { type: "object", properties: schema.properties };
    if (schema.required?.length) wrapper.required = schema.required;
    return supported(wrapper) && valid(wrapper, value) ? true : undefined;
}

const supportedSchemas = new WeakMap<object, boolean>();

/**
 * Whether a (sub)schema uses only the keywords interpreted here, each well-formed by ajv's meta-schema (draft-07):
 * ajv compiles and checks every subschema whatever the value, and throws for a malformed one.
 */
function supported(schema: unknown): boolean {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return false;
    let answer = supportedSchemas.get(schema);
    if (answer === undefined) {
        answer = Object.entries(schema).every(([keyword, argument]) => wellFormed(keyword, argument));
        supportedSchemas.set(schema, answer);
    }
    return answer;
}

function wellFormed(keyword: string, argument: unknown): boolean {
    switch (keyword) {
        case "default":
            return true;
        case "description":
        case "title":
        case "$comment":
            return typeof argument === "string";
        case "examples":
            return Array.isArray(argument);
        case "type":
            return typeof argument === "string"
                ? SIMPLE_TYPES.has(argument)
                : uniqueList(argument) && argument.every(type => SIMPLE_TYPES.has(type as string));
        case "enum":
            return uniqueList(argument) && argument.every(member => typeof member !== "object" || member === null);
        case "required":
            return uniqueList(argument, { allowEmpty: true }) && argument.every(key => typeof key === "string");
        case "minimum":
        case "maximum":
            return typeof argument === "number" && Number.isFinite(argument);
        case "minLength":
        case "maxLength":
            return Number.isInteger(argument) && (argument as number) >= 0;
        case "pattern":
            return typeof argument === "string" && regExp(argument) !== undefined;
        case "items":
            return supported(argument);
        case "properties":
            return (
                typeof argument === "object" &&
                argument !== null &&
                !Array.isArray(argument) &&
                Object.values(argument).every(supported)
            );
        default:
            return false;
    }
}

/** A list of distinct primitive values, as ajv compares them (NaN equals NaN, 0 equals -0). */
function uniqueList(value: unknown, { allowEmpty = false } = {}): value is unknown[] {
    return Array.isArray(value) && (allowEmpty || value.length > 0) && new Set(value).size === value.length;
}

/** Whether `value` is valid against a {@link supported} schema; false also for a value only ajv can judge. */
function valid(schema: unknown, value: unknown): boolean {
    if (typeof value === "number" && !Number.isFinite(value)) return false;
    return Object.entries(schema as Schema).every(([keyword, argument]) => holds(keyword, argument, value));
}

function holds(keyword: string, argument: any, value: unknown): boolean {
    switch (keyword) {
        case "type":
            return [argument].flat().some(type => hasType(type, value));
        case "enum":
            return argument.includes(value);
        case "minimum":
            return typeof value !== "number" || value >= argument;
        case "maximum":
            return typeof value !== "number" || value <= argument;
        case "minLength":
            return typeof value !== "string" || codePoints(value) >= argument;
        case "maxLength":
            return typeof value !== "string" || codePoints(value) <= argument;
        case "pattern":
            return typeof value !== "string" || regExp(argument)!.test(value);
        case "items":
            return !Array.isArray(value) || value.every(item => valid(argument, item));
        case "properties":
            // As ajv reads a property (without `ownProperties`): present when not undefined.
            return (
                !isObject(value) ||
                Object.entries(argument as Schema).every(
                    ([key, property]) => value[key] === undefined || valid(property, value[key]),
                )
            );
        case "required":
            return !isObject(value) || argument.every((key: string) => value[key] !== undefined);
        default:
            return true; // annotations
    }
}

const regExps = new Map<string, RegExp | undefined>();

/** ajv's `pattern`: a Unicode regular expression; undefined for one JavaScript refuses (ajv's to report). */
function regExp(pattern: string): RegExp | undefined {
    if (!regExps.has(pattern)) {
        try {
            regExps.set(pattern, new RegExp(pattern, "u"));
        } catch {
            regExps.set(pattern, undefined);
        }
    }
    return regExps.get(pattern);
}

function hasType(type: unknown, value: unknown): boolean {
    switch (type) {
        case "null":
            return value === null;
        case "boolean":
        case "string":
            return typeof value === type;
        case "number":
            return typeof value === "number";
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "array":
            return Array.isArray(value);
        case "object":
            return isObject(value);
        default:
            return false;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** String length as ajv counts it (`ucs2length`: a surrogate pair is one character). */
function codePoints(text: string): number {
    let length = 0;
    for (const _ of text) length++;
    return length;
}
