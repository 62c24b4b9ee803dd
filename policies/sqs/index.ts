import type { PlatformPolicy } from "../lib";
import { sqsPolicies as queuePolicies } from "./queue";

/** SQS family: encryption at rest and dead-letter queues. */
export const sqsPolicies: PlatformPolicy[] = [...queuePolicies];
