export * from "./cidr-plan";
export * from "./networking";
export * from "./networking-args";
export * from "./workload-security-groups";
