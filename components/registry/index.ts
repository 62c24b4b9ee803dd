export * from "./lifecycle-policy";
export * from "./registry";
