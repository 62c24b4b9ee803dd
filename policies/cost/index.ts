import type { PlatformPolicy } from "../lib";
import { budgetAlerts } from "./budget";

/** Cost guard rails: a budget that alerts before the month's spend is over. */
export const costPolicies: PlatformPolicy[] = [budgetAlerts];
