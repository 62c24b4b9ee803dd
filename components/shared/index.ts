export * from "./options";
export * from "./tags";
export * from "./outputs";
export * from "./errors";
export * from "./type-token";
export * from "./aliases";
