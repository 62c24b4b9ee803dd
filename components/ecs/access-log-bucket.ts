import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulOptions, Tags } from "../shared";

/** ALB access logs, written to a dedicated, hardened S3 bucket. */
export interface AccessLogsArgs {
    /** Create the bucket and turn access logging on. Required. */
    enabled: boolean;
    /** Days log objects are kept. Default: 90. */
    expireDays?: number;
    /** Key prefix of the log objects (no leading or trailing `/`, must not contain `AWSLogs`). Default: `alb`. */
    prefix?: string;
}

/** The bucket, the key prefix the ALB writes under, and what must exist before logging is turned on. */
export interface AccessLogBucket {
    bucket: aws.s3.Bucket;
    prefix: string;
    ready: pulumi.Resource[];
}

/**
 * The access-log bucket: private, SSE-S3 (ALB log delivery supports no other server-side encryption, so no KMS key),
 * bucket-owner-enforced, expiring, writable by ELB log delivery under the prefix only, TLS-only. Children of `parent`.
 */
export function createAccessLogBucket(
    name: string,
    parent: pulumi.Resource,
    logs: { expireDays: number; prefix: string },
    protect: boolean,
    tags: Tags,
): AccessLogBucket {
    const bucket = new aws.s3.Bucket(
        `${name}-logs`,
        { forceDestroy: !protect, tags },
        statefulOptions(parent, protect),
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-logs-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        { parent },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
        `${name}-logs-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-logs-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        { parent },
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-logs-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: { prefix: `${logs.prefix}/` },
                    expiration: { days: logs.expireDays },
                },
            ],
        },
        { parent },
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-logs-policy`,
        { bucket: bucket.id, policy: accessLogBucketPolicy(parent, bucket.arn, logs.prefix) },
        // S3 rejects a policy change while the public access block is being applied to the same bucket.
        { parent, dependsOn: [publicAccessBlock] },
    );
    return { bucket, prefix: logs.prefix, ready: [policy, encryption, ownership] };
}

/**
 * The regional ELB account's principal, from the provider's own table (`aws.elb.getServiceAccount`). Regions opened
 * after 2021 have no such account (the data source fails there): they deliver logs only as the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal, which every region accepts.
 */
function regionalElbAccount(parent: pulumi.Resource): pulumi.Output<string | undefined> {
    return pulumi.output(
        aws.elb.getServiceAccount({}, { parent }).then(
            account => account.arn,
            () => undefined,
        ),
    );
}

/** ELB log delivery may write under `<prefix>/AWSLogs/<account>/` only; every request must use TLS. */
function accessLogBucketPolicy(
    parent: pulumi.Resource,
    bucketArn: pulumi.Output<string>,
    prefix: string,
): pulumi.Output<string> {
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    return pulumi.all([bucketArn, account, regionalElbAccount(parent)]).apply(([arn, accountId, elbAccountArn]) => {
        const logObjects = `${arn}/${prefix}/AWSLogs/${accountId}/*`;
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowAlbLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: logObjects,
                },
                ...(elbAccountArn
                    ? [
                          {
                              Sid: "AllowAlbLogDeliveryRegionalAccount",
                              Effect: "Allow",
                              Principal: { AWS: elbAccountArn },
                              Action: "s3:PutObject",
                              Resource: logObjects,
                          },
                      ]
                    : []),
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });
}
