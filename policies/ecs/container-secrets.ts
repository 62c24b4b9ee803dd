/** Secrets in containers: never as plain environment variables, only as `secrets[].valueFrom` ARNs. */
import { policyConfig, type PlatformResourcePolicy } from "../lib";
import { containerLabel, validateContainers } from "./common";

/** Variables Security Hub ECS.8 names: always credentials, whatever the value. */
const credentialNames = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"]);

/** Name parts that suggest a secret (trivy AVD-AWS-0036 uses the same idea). */
const secretWords = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "PRIVATE_KEY",
    "PRIVATEKEY",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];

/** Whole name segments (between `_`, `-`, `.`) that are common short names for a password or credentials. */
const secretSegments = new Set(["PWD", "PW", "PASS", "PASSWD", "PASSPHRASE", "PSWD", "CREDS", "CREDENTIALS"]);

/** Name endings that point at a secret rather than hold one (`DB_PASSWORD_SECRET_ARN`, `TOKEN_URL`, `PASSWORD_FILE`). */
const referenceSuffixes = ["_ARN", "_NAME", "_FILE", "_PATH", "_URL", "_URI", "_ENDPOINT", "_TYPE", "_TTL", "_LENGTH"];

/** Values that are credentials whatever the variable is called. Messages name the kind, never the value. */
const secretValuePatterns: ReadonlyArray<[kind: string, pattern: RegExp]> = [
    ["an AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
    ["a GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{20,})/],
    ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
    ["a Stripe live key", /\b[sr]k_live_[A-Za-z0-9]{16,}/],
    ["a Google API key", /\bAIza[0-9A-Za-z_-]{35}\b/],
    ["a JSON web token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./],
    ["a URL with a password", /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
    ["a connection string with a password", /(^|;)\s*(password|pwd)\s*=\s*[^;\s]+/i],
    ["a URL with a password parameter", /[?&](password|pwd|pass|passwd)=[^&\s]+/i],
];

/** Why an environment variable looks like a secret, or `undefined`. `allowedNames` only waive name-word matches. */
function secretReason(name: string, value: string, allowedNames: ReadonlySet<string>): string | undefined {
    const upper = name.toUpperCase();
    if (credentialNames.has(upper)) {
        return "its name is an AWS credential variable";
    }
    const valueKind = secretValuePatterns.find(([, pattern]) => pattern.test(value))?.[0];
    if (valueKind) {
        return `its value looks like ${valueKind}`;
    }
    if (allowedNames.has(name)) {
        return undefined;
    }
    if (referenceSuffixes.some(suffix => upper.endsWith(suffix))) {
        return undefined;
    }
    const normalized = upper.replace(/[-.]/g, "_");
    const word =
        secretWords.find(w => normalized.includes(w)) ?? normalized.split("_").find(part => secretSegments.has(part));
    if (word) {
        return `its name contains ${word}`;
    }
    return undefined;
}

const envSchema = {
    properties: {
        allowedNames: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Variable names whose name-based match is a false positive (values are still scanned).",
        },
    },
};

export const ecsNoSecretsInEnvironment: PlatformResourcePolicy = {
    name: "ecs-no-secrets-in-env",
    description: "Checks that container environment variables hold no credentials, by name and by value.",
    severity: "critical",
    remediationSteps:
        "Move the value to Secrets Manager (or SSM SecureString) and reference it from the container's `secrets: [{ name, valueFrom: <secret ARN> }]` instead of `environment`; rotate any credential that was committed.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ECS.8", "cdk-nag:AwsSolutions-ECS2", "trivy:AVD-AWS-0036", "family:ecs"],
    configSchema: envSchema,
    validateResource: validateContainers((containers, _task, args, report) => {
        const allowedNames = new Set(policyConfig<{ allowedNames: string[] }>(args, envSchema).allowedNames);
        containers.forEach((container, i) => {
            for (const variable of container.environment ?? []) {
                const reason = secretReason(variable.name ?? "", variable.value ?? "", allowedNames);
                if (reason) {
                    report(
                        `${containerLabel(container, i)} sets environment variable ${variable.name} in plain text: ${reason}.`,
                    );
                }
            }
        });
    }),
};

const secretsManagerArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+/;
const ssmParameterArn = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/.+/;

export const ecsSecretsValueFrom: PlatformResourcePolicy = {
    name: "ecs-secrets-valuefrom",
    description:
        "Checks that container secrets (`secrets`, log `secretOptions`, `repositoryCredentials`) reference Secrets Manager or SSM parameters by full ARN.",
    severity: "high",
    remediationSteps:
        "Set each `valueFrom` to the secret's ARN (`secret.arn`, optionally with `:json-key::`) or the SSM parameter's ARN (`parameter.arn`), and `repositoryCredentials.credentialsParameter` to a Secrets Manager secret ARN; names alone are resolved in the task's region and account only.",
    enforcementLevel: "mandatory",
    tags: ["family:ecs"],
    validateResource: validateContainers((containers, _task, _args, report) => {
        containers.forEach((container, i) => {
            const label = containerLabel(container, i);
            const references = [
                ...(container.secrets ?? []).map(s => ({
                    where: `secret ${s.name ?? "(unnamed)"}`,
                    valueFrom: s.valueFrom,
                })),
                ...(container.logConfiguration?.secretOptions ?? []).map(s => ({
                    where: `log secretOption ${s.name ?? "(unnamed)"}`,
                    valueFrom: s.valueFrom,
                })),
            ];
            for (const { where, valueFrom } of references) {
                if (!valueFrom) {
                    report(`${label} ${where} has no valueFrom.`);
                } else if (!secretsManagerArn.test(valueFrom) && !ssmParameterArn.test(valueFrom)) {
                    report(
                        `${label} ${where}: valueFrom "${valueFrom}" is not a Secrets Manager or SSM parameter ARN.`,
                    );
                }
            }
            const credentials = container.repositoryCredentials;
            if (credentials && !secretsManagerArn.test(credentials.credentialsParameter ?? "")) {
                report(`${label}: repositoryCredentials.credentialsParameter is not a Secrets Manager secret ARN.`);
            }
        });
    }),
};

export const containerSecretsPolicies = [ecsNoSecretsInEnvironment, ecsSecretsValueFrom];
