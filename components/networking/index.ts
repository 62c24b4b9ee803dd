export * from "./cidr-plan";
export * from "./networking";
