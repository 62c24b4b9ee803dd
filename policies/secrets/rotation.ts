/**
 * Secret rotation. Many secrets cannot be rotated by a Lambda (third-party API keys, registry credentials rotated by
 * their issuer), so rotation presence is advisory by default and secrets can opt out with a tag that says so.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import {
    awsType,
    checkEachResource,
    isReferencedBy,
    policyConfig,
    readKnown,
    reportAdvisory,
    resourcesOfType,
    validateResourceOfTypes,
    validateStackOfTypes,
} from "../lib";
import type { PlatformResourcePolicy, PlatformStackPolicy } from "../lib";
import { secretType } from "./secret";

type SecretRotationProps = Unwrap<aws.secretsmanager.SecretRotationArgs>;

/** Type token of `aws.secretsmanager.SecretRotation`. */
export const secretRotationType = awsType("secretsmanager", "secretRotation");

const presentSchema = {
    properties: {
        exemptTagKey: {
            type: "string",
            default: "rotation",
            description:
                "Tag key that, with exemptTagValue, marks a secret rotated outside AWS (no SecretRotation needed).",
        },
        exemptTagValue: {
            type: "string",
            default: "out-of-band",
            description: "Tag value that, under exemptTagKey, marks a secret rotated outside AWS.",
        },
    },
} satisfies PolicyConfigSchema;

/** A rotation refers to its secret by `secretId` (the secret's ARN, which is also its id), or depends on it. */
export const secretRotation: PlatformStackPolicy = {
    name: "secret-rotation",
    description:
        "Checks that every Secrets Manager secret has an enabled rotation, unless tagged as rotated out of band.",
    severity: "medium",
    remediationSteps:
        "Add an aws.secretsmanager.SecretRotation with `secretId: secret.id` and rotationRules (a rotation Lambda or managed rotation), or tag the secret `rotation: out-of-band` when its issuer rotates it (e.g. registry credentials) and document who does.",
    enforcementLevel: "advisory",
    tags: ["securityhub:SecretsManager.1", "cdk-nag:AwsSolutions-SMG4", "checkov:CKV2_AWS_57", "family:secrets"],
    configSchema: presentSchema,
    validateStack: validateStackOfTypes(secretType, (secrets, args, reportViolation) => {
        const { exemptTagKey, exemptTagValue } = policyConfig<{ exemptTagKey: string; exemptTagValue: string }>(
            args,
            presentSchema,
        );
        // A rotation whose rotationEnabled is unknown may be enabled: it still counts (secret-rotation-max-age reports it).
        const rotations = resourcesOfType(args.resources, secretRotationType).filter(rotation => {
            const enabled = readKnown(() => rotation.props.rotationEnabled as unknown);
            return !enabled.known || enabled.value !== false;
        });
        checkEachResource(secrets, reportViolation, secret => {
            if (secret.props.tags?.[exemptTagKey] === exemptTagValue) {
                return;
            }
            const referenced = isReferencedBy(secret, rotations, "secretId");
            if (referenced === true) {
                return;
            }
            if (referenced === "unknown") {
                reportAdvisory(
                    reportViolation,
                    secret.urn,
                    "cannot be checked during preview: a rotation's secretId is not known yet",
                );
                return;
            }
            reportViolation(
                `secret ${secret.name} has no enabled aws.secretsmanager.SecretRotation and is not tagged ${exemptTagKey}=${exemptTagValue}.`,
                secret.urn,
            );
        });
    }),
};

const maxAgeSchema = {
    properties: {
        maxDays: {
            type: "integer",
            minimum: 1,
            maximum: 1000,
            default: 90,
            description: "Longest accepted interval between rotations, in days.",
        },
    },
} satisfies PolicyConfigSchema;

/**
 * The interval comes from `automaticallyAfterDays` or `scheduleExpression`: `rate(N days|hours)`, or a
 * `cron(min hour day-of-month month day-of-week year)` whose longest gap is estimated from its month field (a cron
 * firing in every month has gaps of at most 62 days). checkov CKV_AWS_304 passes every cron expression; here a cron
 * that fires only in some months is measured, and one limited to a year never rotates again, so it fails.
 */
export const secretRotationMaxAge: PlatformResourcePolicy = {
    name: "secret-rotation-max-age",
    description: "Checks that Secrets Manager rotation schedules rotate at least every configured number of days.",
    severity: "medium",
    remediationSteps:
        'Set `rotationRules.automaticallyAfterDays` to at most maxDays (or `scheduleExpression: "rate(30 days)"`).',
    enforcementLevel: "advisory",
    tags: ["securityhub:SecretsManager.4", "checkov:CKV_AWS_304", "family:secrets"],
    configSchema: maxAgeSchema,
    validateResource: validateResourceOfTypes<SecretRotationProps>(
        secretRotationType,
        (rotation, args, reportViolation) => {
            const { maxDays } = policyConfig<{ maxDays: number }>(args, maxAgeSchema);
            if (rotation.rotationEnabled === false) {
                reportViolation("rotationEnabled is false; the secret is never rotated.");
                return;
            }
            const rules = rotation.rotationRules;
            const days =
                rules?.automaticallyAfterDays ??
                (rules?.scheduleExpression ? scheduleIntervalDays(rules.scheduleExpression) : undefined);
            if (days === undefined) {
                reportViolation(
                    rules?.scheduleExpression
                        ? `scheduleExpression "${rules.scheduleExpression}" has no bounded interval this policy can determine.`
                        : "rotationRules has neither automaticallyAfterDays nor scheduleExpression.",
                );
            } else if (days > maxDays) {
                reportViolation(`the secret rotates only every ${days} days, more than ${maxDays}.`);
            }
        },
    ),
};

/** The longest interval of a Secrets Manager schedule, in days; `undefined` when it cannot be bounded. */
export function scheduleIntervalDays(expression: string): number | undefined {
    const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i.exec(expression.trim());
    if (rate) {
        const amount = Number(rate[1]);
        return /^day/i.test(rate[2] ?? "") ? amount : amount / 24;
    }
    const cron = /^cron\((.*)\)$/i.exec(expression.trim());
    const fields = cron?.[1]?.trim().split(/\s+/);
    if (!fields || fields.length !== 6) return undefined;
    const [, , dayOfMonth, month, , year] = fields as [string, string, string, string, string, string];
    if (year !== "*") return undefined;
    const months = cronMonths(month);
    if (!months || months.length === 0) return undefined;
    const gaps = months.map((m, i) => ((months[(i + 1) % months.length] ?? m) - m + 12) % 12 || 12);
    // A day of month of 29 or later skips the months too short for it: count one more month of gap.
    const lateDay = /^\d+$/.test(dayOfMonth) && Number(dayOfMonth) >= 29 ? 1 : 0;
    return (Math.max(...gaps) + lateDay) * 31;
}

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** The months (1–12, sorted) a cron month field selects; `undefined` when the field is not understood. */
function cronMonths(field: string): number[] | undefined {
    const month = (token: string): number =>
        /^\d+$/.test(token) ? Number(token) : monthNames.indexOf(token.toUpperCase()) + 1;
    const selected = new Set<number>();
    for (const part of field.split(",")) {
        const match = /^(\*|\?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
        if (!match) return undefined;
        const [range = "", step = "1"] = [match[1], match[2]];
        const [from, to] =
            range === "*" || range === "?"
                ? [1, 12]
                : range.includes("-")
                  ? range.split("-").map(month)
                  : [month(range), match[2] ? 12 : month(range)];
        if (!from || !to || from < 1 || to > 12 || from > to || Number(step) < 1) return undefined;
        for (let m = from; m <= to; m += Number(step)) selected.add(m);
    }
    return [...selected].sort((a, b) => a - b);
}
