// The component package's entry (package.json `main`): every component and its Args types, and nothing that runs a
// program. Pulumi's plugin host exports each ComponentResource class found here under `ecs-platform:index:<Type>`.
export * from "./shared";
export * from "./secrets";
export * from "./logging";
export * from "./registry";
export * from "./networking";
export * from "./ecs";
export * from "./budget";
