export * from "./options";
export * from "./tags";
