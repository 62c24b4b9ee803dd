export * from "./budget";
