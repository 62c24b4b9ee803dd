export * from "./logging";
