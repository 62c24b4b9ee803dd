import type { PlatformPolicy } from "../lib";
import { secretRotation, secretRotationMaxAge } from "./rotation";
import { secretCmk, secretRecoveryWindow } from "./secret";
import { ssmSecureParameter } from "./ssm-parameter";

/** Secrets Manager secrets, their rotation, and secret SSM parameters. */
export const secretsPolicies: PlatformPolicy[] = [
    secretCmk,
    secretRotation,
    secretRotationMaxAge,
    secretRecoveryWindow,
    ssmSecureParameter,
];
