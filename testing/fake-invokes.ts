import { digest, FakeContext, uuidLike } from "./fake-ids";
import { AVAILABILITY_ZONE_COUNTS, REGIONS_WITHOUT_ELB_ACCOUNT } from "./fake-regions";

/** The fake cloud's answers to the provider functions (invokes) this platform calls. */
export function fakeInvoke(token: string, inputs: Record<string, any>, ctx: FakeContext): Record<string, unknown> {
    switch (token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const count = AVAILABILITY_ZONE_COUNTS[ctx.region];
            if (count === undefined) {
                throw new Error(`invalid AWS Region: ${ctx.region}`);
            }
            const letters = ["a", "b", "c", "d", "e", "f"].slice(0, count);
            return {
                id: ctx.region,
                names: letters.map(l => `${ctx.region}${l}`),
                zoneIds: letters.map((_l, i) => `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
                groupNames: [ctx.region],
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: ctx.account,
                accountId: ctx.account,
                arn: `arn:aws:iam::${ctx.account}:user/offline`,
                userId: "AIDAOFFLINE",
            };
        case "aws:index/getRegion:getRegion":
            return {
                id: ctx.region,
                name: ctx.region,
                region: ctx.region,
                endpoint: `ec2.${ctx.region}.amazonaws.com`,
                description: ctx.region,
            };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:route53/getZone:getZone": {
            // Every public zone name exists offline; its id is stable per name.
            const zoneId = `Z${digest(String(inputs.name)).slice(0, 20).toUpperCase()}`;
            return {
                id: zoneId,
                zoneId,
                name: String(inputs.name).replace(/\.$/, ""),
                arn: `arn:aws:route53:::hostedzone/${zoneId}`,
                privateZone: false,
                nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"],
            };
        }
        case "aws:elb/getServiceAccount:getServiceAccount": {
            // As the provider: regions opened since ap-southeast-3 have no ELB account, only the service principal.
            if (REGIONS_WITHOUT_ELB_ACCOUNT.has(ctx.region)) {
                throw new Error(`unsupported AWS Region (${ctx.region}) for ELB service account`);
            }
            const account = String(parseInt(digest("elb", ctx.region).slice(0, 10), 16))
                .padStart(12, "0")
                .slice(0, 12);
            return { id: account, arn: `arn:aws:iam::${account}:root`, region: ctx.region };
        }
        case "aws:ssm/getParameter:getParameter":
            return String(inputs.name).startsWith("/aws/service/")
                ? publicParameter(String(inputs.name), ctx)
                : stackParameter(String(inputs.name), ctx);
        case "aws:ecr/getImage:getImage":
            return image(inputs, ctx);
        case "aws:secretsmanager/getSecretVersions:getSecretVersions":
            return secretVersions(String(inputs.secretId), ctx);
        default:
            throw new Error(
                `The offline preview has no fake for the invoke ${token}: add it to testing/fake-invokes.ts.`,
            );
    }
}

/** AWS's public parameters (the ECS-optimized AMI ids). */
function publicParameter(name: string, ctx: FakeContext): Record<string, unknown> {
    const ami = `ami-${digest(name).slice(0, 17)}`;
    return {
        id: name,
        name,
        arn: `arn:aws:ssm:${ctx.region}::parameter${name}`,
        type: "String",
        value: ami,
        insecureValue: ami,
        version: 1,
    };
}

/**
 * A failed invoke as the engine reports it: a gRPC error whose `details` the SDK rethrows as the message (code 2,
 * UNKNOWN, as the provider's data source errors arrive).
 */
export function invokeError(message: string): Error {
    return Object.assign(new Error(message), { details: message, code: 2 });
}

/*
 * The stack's own images, secrets and parameters. In the steady state each exists with a value; in an empty account
 * (first deploy) none does, and the lookups fail as the provider's data sources do: its image and parameter
 * lookups wrap ECR's ImageNotFound/RepositoryNotFound and SSM's ParameterNotFound in a "couldn't find resource"
 * error, the secret versions lookup passes Secrets Manager's ResourceNotFoundException through.
 */

/** `aws.ecr.getImage`: the image of a tag or digest in one of the account's repositories. */
function image(inputs: Record<string, any>, ctx: FakeContext): Record<string, unknown> {
    if (ctx.firstDeploy) {
        throw invokeError(
            "invoking aws:ecr/getImage:getImage: 1 error occurred:\n\t* reading ECR Images: couldn't find resource",
        );
    }
    const repository = String(inputs.repositoryName);
    const imageDigest = inputs.imageDigest ?? `sha256:${digest("image", repository, String(inputs.imageTag))}`;
    return {
        id: imageDigest,
        imageDigest,
        imagePushedAt: 1767225600,
        imageSizeInBytes: 52_428_800,
        imageTags: inputs.imageTag === undefined ? [] : [inputs.imageTag],
        ...(inputs.imageTag === undefined ? {} : { imageTag: inputs.imageTag }),
        imageUri: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${repository}@${imageDigest}`,
        region: ctx.region,
        registryId: ctx.account,
        repositoryName: repository,
    };
}

/** `aws.secretsmanager.getSecretVersions`: version ids and stages only, never a value. */
function secretVersions(secretId: string, ctx: FakeContext): Record<string, unknown> {
    if (ctx.firstDeploy) {
        throw invokeError(
            `invoking aws:secretsmanager/getSecretVersions:getSecretVersions: 1 error occurred:\n\t* reading Secrets Manager Secret Versions Data Source ("${secretId}"): operation error Secrets Manager: ListSecretVersionIds, https response error StatusCode: 400, ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
        );
    }
    const name = secretId.startsWith("arn:") ? secretId.split(":secret:")[1].replace(/-[A-Za-z0-9]{6}$/, "") : secretId;
    const arn = `arn:aws:secretsmanager:${ctx.region}:${ctx.account}:secret:${name}-${digest(name).slice(0, 6)}`;
    return {
        id: arn,
        arn,
        secretArn: arn,
        name,
        secretName: name,
        secretId,
        region: ctx.region,
        versions: [
            {
                versionId: uuidLike(`${name}/current`),
                versionStages: ["AWSCURRENT"],
                createdTime: "2026-01-01T00:00:00Z",
                lastAccessedDate: "2026-01-01T00:00:00Z",
            },
        ],
    };
}

/**
 * `aws.ssm.getParameter` of a stack's SecureString, read without decryption: `value` is the ciphertext. Version 2: the
 * stack created it with a placeholder (version 1) and its owner wrote the value.
 */
function stackParameter(name: string, ctx: FakeContext): Record<string, unknown> {
    if (ctx.firstDeploy) {
        throw invokeError(
            `invoking aws:ssm/getParameter:getParameter: 1 error occurred:\n\t* reading SSM Parameter (${name}): couldn't find resource`,
        );
    }
    const ciphertext = Buffer.from(digest("ciphertext", name)).toString("base64");
    return {
        id: name,
        name,
        arn: `arn:aws:ssm:${ctx.region}:${ctx.account}:parameter${name}`,
        type: "SecureString",
        value: ciphertext,
        insecureValue: ciphertext,
        withDecryption: false,
        version: 2,
    };
}
