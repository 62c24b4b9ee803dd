import type { PlatformPolicy } from "../lib";
import { efsAccessPointNonRoot, efsEncrypted } from "./efs";
import { s3Encryption, s3LifecycleExpiry, s3PublicAccessBlock } from "./s3-bucket";

/** S3 bucket (ALB access logs) and EFS policies. */
export const storagePolicies: PlatformPolicy[] = [
    s3PublicAccessBlock,
    s3Encryption,
    s3LifecycleExpiry,
    efsEncrypted,
    efsAccessPointNonRoot,
];
