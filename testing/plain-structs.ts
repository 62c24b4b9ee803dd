/**
 * Protobuf `Struct`s that keep their value as plain data, for the length of an in-process run.
 *
 * Under mocks nothing crosses a wire, yet every registration still converts its inputs and its state to protobuf
 * (`Struct.fromJavaScript`) and straight back (`toJavaScript`): an eighth of a large stack's check, and a message
 * object per value held until the registration completes. While {@link usePlainStructs} is in force,
 * `Struct.fromJavaScript` checks and copies the value as protobuf would, for values as the SDK serializes them
 * (plain objects and arrays: what protobuf cannot encode throws the same error; keys come back sorted, as a protobuf
 * map gives them), and `toJavaScript` returns a fresh copy of it; the message fields are built only for a caller
 * that reads them (`getFieldsMap`), and from then on they are the value. Nothing else of the message is kept
 * (`serializeBinary`, `cloneMessage`): nothing under mocks uses it.
 */
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";

/** The `Struct` of the google-protobuf copy `@pulumi/pulumi` converts with (it depends on it; the kit does not). */
export const { Struct } = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", {
        paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
    }),
) as { Struct: typeof StructType };

type Plain = null | string | number | boolean | Plain[] | { [key: string]: Plain };

/** A value as a protobuf `Value` round trip returns it: objects with sorted keys, and only what protobuf encodes. */
export function asProtobufValue(value: unknown): Plain {
    if (value === null) {
        return null;
    }
    switch (typeof value) {
        case "string":
        case "number":
        case "boolean":
            return value;
        case "object":
            // Every index up to the length, as protobuf's ListValue reads an array: a hole is refused.
            return value instanceof Array || Array.isArray(value)
                ? Array.from({ length: (value as unknown[]).length }, (_, i) =>
                      asProtobufValue((value as unknown[])[i]),
                  )
                : asProtobufStruct(value as object);
        default:
            throw new Error("Unexpected struct type.");
    }
}

/** An object as a protobuf `Struct` round trip returns it (its enumerable keys, inherited ones too, as `for…in`). */
function asProtobufStruct(object: object): { [key: string]: Plain } {
    const keys: string[] = [];
    for (const key in object) {
        keys.push(key);
    }
    const struct: { [key: string]: Plain } = {};
    for (const key of keys.sort()) {
        struct[key] = asProtobufValue((object as Record<string, unknown>)[key]);
    }
    return struct;
}

/**
 * Runs `body` with plain-data Structs, and puts protobuf's own conversion back after, however it ends
 * (`ECS_PLATFORM_PROTOBUF=1` keeps protobuf's conversion throughout).
 */
export async function usePlainStructs<T>(body: () => Promise<T>): Promise<T> {
    if (process.env.ECS_PLATFORM_PROTOBUF) {
        return body();
    }
    const fromJavaScript = Struct.fromJavaScript;
    Struct.fromJavaScript = (object: Record<string, unknown>) => {
        const value = asProtobufStruct(object);
        const struct = new Struct();
        // Once a caller has the fields (and may change them), they are the value.
        let built: StructType | undefined;
        struct.toJavaScript = () =>
            built ? built.toJavaScript() : (asProtobufStruct(value) as ReturnType<StructType["toJavaScript"]>);
        struct.getFieldsMap = () => (built ??= fromJavaScript(value)).getFieldsMap();
        return struct;
    };
    try {
        return await body();
    } finally {
        Struct.fromJavaScript = fromJavaScript;
    }
}
