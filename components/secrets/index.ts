export * from "./platform-key";
export * from "./service-secrets";
