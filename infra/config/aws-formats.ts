import { z } from "zod";
import { partitionOf } from "./regions";

/**
 * AWS's documented formats and limits for values this configuration passes to AWS APIs, each with its source.
 * The schema uses them value by value; rules that need the stack's Region are in {@link arnProblems}.
 */

/**
 * Tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions): keys 1–128 and
 * values 0–256 Unicode letters, digits, spaces and `_ . : / = + - @`; the `aws:` prefix is reserved for AWS.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_MESSAGE = "may contain only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)";

export const tagKey = z
    .string()
    .min(1)
    .max(128)
    .regex(TAG_CHARACTERS, TAG_CHARACTERS_MESSAGE)
    .refine(key => !/^aws:/i.test(key), "must not start with aws: (reserved for AWS)")
    .meta({ rules: ["AWS tag characters (letters, digits, spaces, `_ . : / = + - @`)", "no `aws:` prefix"] });

export const tagValue = z
    .string()
    .max(256)
    .regex(TAG_CHARACTERS, TAG_CHARACTERS_MESSAGE)
    .meta({ rules: ["AWS tag characters (letters, digits, spaces, `_ . : / = + - @`)"] });

/** Tag keys the platform sets on every resource (`platformTags`, `service`, `rotation`, `Name`): not for `tags`. */
export const PLATFORM_TAG_KEYS = [
    "environment",
    "owner",
    "cost-centre",
    "managed-by",
    "project",
    "stack",
    "service",
    "rotation",
    "Name",
];
/** AWS allows 50 tags per resource; the platform's own take the rest. */
const MAX_EXTRA_TAGS = 50 - PLATFORM_TAG_KEYS.length;

/** `ecs-platform:tags`: extra tags, never one the platform sets, within AWS's 50 a resource. */
export const extraTags = z
    .record(
        tagKey.refine(key => !PLATFORM_TAG_KEYS.includes(key), "is a tag the platform sets itself"),
        tagValue,
    )
    .refine(
        tags => Object.keys(tags).length <= MAX_EXTRA_TAGS,
        `at most ${MAX_EXTRA_TAGS} tags (AWS allows 50 a resource)`,
    );

/**
 * ALB path patterns (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions):
 * up to 128 characters of `A–Z a–z 0–9 _ - . $ / ~ " ' @ : + &`, with `*` and `?` wildcards; ours start with `/`.
 */
export const pathPattern = z
    .string()
    .max(128)
    .regex(
        /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/,
        "must start with '/' and use only A–Z a–z 0–9 _ - . $ / ~ \" ' @ : + & * ?",
    )
    .meta({
        rules: ["an ALB path pattern: starts with `/`; A–Z a–z 0–9 `_ - . $ / ~ \" ' @ : + &`; wildcards `*` `?`"],
    });

/**
 * ALB host conditions (same page, #host-conditions): up to 128 characters of `A–Z a–z 0–9 - .` with `*` and `?`
 * wildcards, at least one `.`, and only letters after the last `.`.
 */
export const hostHeader = z
    .string()
    .max(128)
    .regex(
        /^[A-Za-z0-9\-.*?]*\.[A-Za-z]+$/,
        "must be a host name such as api.example.com or *.example.com (A–Z a–z 0–9 - . * ?, letters after the last dot)",
    )
    .meta({ rules: ["an ALB host condition: A–Z a–z 0–9 `- .`, wildcards `*` `?`, letters after the last dot"] });

/** Target group health check path (`CreateTargetGroup` `HealthCheckPath`): 1–1024 characters, starting with `/`. */
export const healthCheckPath = z
    .string()
    .max(1024)
    .regex(/^\/\S*$/, "must start with '/'")
    .meta({ rules: ["starts with `/`, no spaces"] });

/**
 * Container image references as ECS takes them (`ContainerDefinition.image`,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html): at most 255 characters,
 * `[registry[:port]/]repository[:tag][@sha256:digest]` with lowercase repository path components (Docker's
 * reference grammar) and tags of up to 128 `[A-Za-z0-9_.-]`.
 */
export const imageReference = z
    .string()
    .max(255)
    .regex(
        /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
        "must be an image reference such as docker.io/acme/web:1.4.2 or registry.example.com/team/app@sha256:<64 hex>",
    )
    .meta({ rules: ["an image reference `[registry[:port]/]repository[:tag][@sha256:digest]`, lowercase repository"] });

/**
 * The ARN of `service` in the stack's Region and partition
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): `arn:<partition>:<service>:<region>:<account>:<resource>`.
 * Why it is not, or undefined. An ALB takes certificates and web ACLs of its own Region only, and Secrets Manager
 * rotation functions must be in the secret's Region.
 */
export function regionalArnProblem(arn: string, service: string, region: string, what: string): string | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return `must be ${what} ARN`;
    }
    const [, partition, arnService, arnRegion, account] = parts;
    if (arnService !== service) {
        return `must be ${what} ARN (arn:…:${service}:…), not a ${arnService} ARN`;
    }
    if (arnRegion !== region || partition !== partitionOf(region)) {
        return `must be in the stack's Region ${region} (arn:${partitionOf(region)}:${service}:${region}:…), not ${arnRegion || "global"}`;
    }
    if (!/^\d{12}$/.test(account)) {
        return "must name a twelve-digit account id";
    }
    return undefined;
}

/** The account id of an ARN (its fifth field). */
export function accountOf(arn: string): string {
    return arn.split(":")[4] ?? "";
}
