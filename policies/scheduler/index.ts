import type { PlatformPolicy } from "../lib";
import { schedulerPolicies as schedulePolicies } from "./schedule";

/** EventBridge Scheduler family: scheduled ECS tasks. */
export const schedulerPolicies: PlatformPolicy[] = [...schedulePolicies];
