export * from "./options";
export * from "./tags";
export * from "./outputs";
export * from "./errors";
export * from "./aliases";
