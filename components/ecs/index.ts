export * from "./alarms";
export * from "./cluster";
export * from "./ec2-capacity";
export * from "./load-balancer";
export * from "./routing";
export * from "./service";
export * from "./web-firewall";
