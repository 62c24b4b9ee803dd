/** Shared helpers for policy authors. Import from `../lib`. */
export * from "./container-definitions";
export * from "./policy";
export * from "./preview";
export * from "./references";
export * from "./regexp";
export * from "./tags";
export * from "./types";
