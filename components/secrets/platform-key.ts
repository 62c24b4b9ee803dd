import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, statefulOptions, Tags, withFormerTypes } from "../shared";

export interface PlatformKeyArgs {
    /**
     * Alias name without the `alias/` prefix (e.g. `ecs-platform-prod`); the key gets `alias/<aliasName>`.
     * Letters, digits, `/`, `_` and `-`; must not start with `aws/` (reserved for AWS managed keys). Required.
     */
    aliasName: string;
    /** Key description shown in the KMS console. Default: `ecs-platform CMK (alias/<aliasName>)`. */
    description?: string;
    /**
     * Days KMS waits before deleting the key once deletion is scheduled (7–30).
     * Default: 30 (prod); staging passes 7 so a torn-down stack frees the key sooner.
     */
    deletionWindowInDays?: number;
    /** Protect the key and retain it on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on the key. Default: none. */
    tags?: Tags;
    /**
     * SNS topics that deliver to SQS queues encrypted with this key (a worker's `topicArn`): SNS may then generate
     * data keys and decrypt with the key for deliveries from these topics only (`aws:SourceArn`). Without it, SNS
     * cannot write to a KMS-encrypted queue and drops the messages. Default: none.
     */
    snsTopicArns?: pulumi.Input<string>[];
}

/** The PlatformKey defaults, written once: applied below, stated in the TSDoc (a spec checks they agree). */
export const PLATFORM_KEY_DEFAULTS: Readonly<Required<Pick<PlatformKeyArgs, "deletionWindowInDays" | "protect">>> =
    Object.freeze({ deletionWindowInDays: 30, protect: false });

/** The one place PlatformKey defaults are applied. */
function withDefaults(args: PlatformKeyArgs) {
    return {
        ...args,
        description: args.description ?? `ecs-platform CMK (alias/${args.aliasName})`,
        deletionWindowInDays: args.deletionWindowInDays ?? PLATFORM_KEY_DEFAULTS.deletionWindowInDays,
        protect: args.protect ?? PLATFORM_KEY_DEFAULTS.protect,
        snsTopicArns: args.snsTopicArns ?? [],
    };
}

/**
 * The platform's customer-managed KMS key: a symmetric key with yearly automatic rotation and an alias, used by
 * secrets (Secrets Manager, SSM SecureString), ECR repositories and CloudWatch log groups.
 *
 * The key policy gives the account root full administration, which delegates access to IAM policies (principals
 * still need `kms:*` permissions in their own policies, e.g. the task execution role's `kms:Decrypt`), and lets
 * CloudWatch Logs in this region use the key only for log groups of this account.
 */
export class PlatformKey extends pulumi.ComponentResource {
    /** The key's ARN: what `kmsKeyId`/`kmsKeyArn` arguments of the other layers take. */
    public readonly keyArn: pulumi.Output<string>;
    /** The key id (a UUID). */
    public readonly keyId: pulumi.Output<string>;
    /** The full alias name, `alias/<aliasName>`. */
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = withDefaults(args);
        platformKeyProblems(settings).throwIfAny("PlatformKey", name);
        super(componentType("PlatformKey"), name, {}, withFormerTypes(opts, "ecs-platform:secrets:PlatformKey"));

        const key = new aws.kms.Key(
            name,
            {
                description: settings.description,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: settings.deletionWindowInDays,
                policy: keyPolicy(this, settings.snsTopicArns),
                tags: mergeTags(settings.tags),
            },
            statefulOptions(this, settings.protect),
        );
        const alias = new aws.kms.Alias(
            `${name}-alias`,
            { name: `alias/${settings.aliasName}`, targetKeyId: key.keyId },
            { parent: this },
        );

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
    }
}

/**
 * What is wrong with the key's arguments, by argument: alias names as `CreateAlias` takes them
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html), the 7–30 day deletion window.
 */
function platformKeyProblems(settings: ReturnType<typeof withDefaults>): ArgumentProblems {
    const problems = new ArgumentProblems();
    const alias = settings.aliasName;
    if (!/^[A-Za-z0-9/_-]{1,250}$/.test(alias) || alias.startsWith("alias/") || alias.startsWith("aws/")) {
        problems.add(
            "aliasName",
            'must use letters, digits, "/", "_" or "-" without the "alias/" prefix, and not start with "aws/"',
        );
    }
    const window = settings.deletionWindowInDays;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
        problems.add("deletionWindowInDays", `must be an integer from 7 to 30 (got ${window})`);
    }
    return problems;
}

/**
 * Account root: full key administration (the standard statement that lets IAM policies grant use of the key).
 * CloudWatch Logs: the data-key operations log groups need, restricted through the encryption context to log groups
 * of this account and region.
 * CloudWatch alarms: publishing to the KMS-encrypted alarm topic (without it notifications are silently dropped),
 * for this account's alarms only (`aws:SourceAccount`).
 * Fargate: encrypting task ephemeral storage of this account's clusters (data keys and Decrypt-only grants).
 * SNS: delivering to encrypted queues, from the named topics only (present only when there are any).
 */
function keyPolicy(parent: pulumi.Resource, snsTopicArns: pulumi.Input<string>[]): pulumi.Output<string> {
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    const region = aws.getRegionOutput({}, { parent });
    return pulumi
        .all([identity.accountId, partition.partition, partition.dnsSuffix, region.region, pulumi.all(snsTopicArns)])
        .apply(([account, partitionName, dnsSuffix, regionName, topicArns]) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountRootAdministersKey",
                        Effect: "Allow",
                        Principal: { AWS: `arn:${partitionName}:iam::${account}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "CloudWatchLogsEncryptsLogGroups",
                        Effect: "Allow",
                        Principal: { Service: `logs.${regionName}.${dnsSuffix}` },
                        Action: [
                            "kms:Encrypt*",
                            "kms:Decrypt*",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*",
                            "kms:Describe*",
                        ],
                        Resource: "*",
                        Condition: {
                            ArnLike: {
                                "kms:EncryptionContext:aws:logs:arn": `arn:${partitionName}:logs:${regionName}:${account}:log-group:*`,
                            },
                        },
                    },
                    {
                        Sid: "CloudWatchAlarmsPublishToEncryptedTopics",
                        Effect: "Allow",
                        Principal: { Service: `cloudwatch.${dnsSuffix}` },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                        // Only this account's alarms: CloudWatch of any other account is a confused deputy otherwise.
                        Condition: { StringEquals: { "aws:SourceAccount": account } },
                    },
                    {
                        Sid: "FargateEncryptsEphemeralStorage",
                        Effect: "Allow",
                        Principal: { Service: `fargate.${dnsSuffix}` },
                        Action: "kms:GenerateDataKeyWithoutPlaintext",
                        Resource: "*",
                        Condition: { StringEquals: { "kms:EncryptionContext:aws:ecs:clusterAccount": account } },
                    },
                    {
                        Sid: "FargateGrantsDecryptForEphemeralStorage",
                        Effect: "Allow",
                        Principal: { Service: `fargate.${dnsSuffix}` },
                        Action: "kms:CreateGrant",
                        Resource: "*",
                        Condition: {
                            StringEquals: { "kms:EncryptionContext:aws:ecs:clusterAccount": account },
                            "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] },
                        },
                    },
                    ...(topicArns.length === 0
                        ? []
                        : [
                              {
                                  Sid: "SnsTopicsDeliverToEncryptedQueues",
                                  Effect: "Allow",
                                  Principal: { Service: `sns.${dnsSuffix}` },
                                  Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                                  Resource: "*",
                                  Condition: { ArnEquals: { "aws:SourceArn": [...new Set(topicArns)].sort() } },
                              },
                          ]),
                ],
            }),
        );
}
