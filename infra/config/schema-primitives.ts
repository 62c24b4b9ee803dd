import { z } from "zod";

/** Value shapes that several sections of the stack configuration share. */

export const port = z.number().int().min(1).max(65535);
export const count = z.number().int().min(0).max(1000);
export const cidr = z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 10.0.0.0/16");
/** An IPv4 or IPv6 CIDR block, by shape; the boundary checks the exact form (components/networking/cidr-plan.ts). */
export const ipCidr = z
    .string()
    .regex(
        /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]*:[0-9a-fA-F:]*\/\d{1,3})$/,
        "must be an IPv4 or IPv6 CIDR block such as 203.0.113.0/24 or 2001:db8::/32",
    );
export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name");
export const awsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
