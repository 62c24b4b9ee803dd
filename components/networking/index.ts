export * from "./cidr-plan";
export * from "./networking";
export * from "./workload-security-groups";
