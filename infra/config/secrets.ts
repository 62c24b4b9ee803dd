import type { ConfigProblem } from "./errors";
import type { RawStackConfig } from "./schema";

/**
 * Where secret config values sit. The engine tells a program only which top-level keys hold a secret
 * (`ecs-platform:services`); the stack file says which values under them are `secure:`. Paths here are
 * dot-joined and without the namespace (`services.api.environment.TOKEN`); a whole key stands for every
 * value under it.
 */
export type SecretPaths = readonly string[];

/** The places a secret may go: each reaches AWS only as a Secrets Manager value ({@link secureEnvironmentAsSecrets}). */
const SECRET_CAPABLE: RegExp[] = [
    /^secretValues(\.[^.]+){0,2}$/,
    /^services\.[^.]+\.environment\.[^.]+$/,
    /^testTrafficToken$/,
];

/** Tags are plaintext in AWS (and in cost reports): keys that become tags on every resource. */
const TAG_KEYS = /^(owner|costCentre|environment|tags)(\.|$)/;

/**
 * The secret paths of the namespace `ns`: each secret key refined to the `secure:` values under it when the
 * stack file names them, else the whole key (a value from an ESC environment, or an engine that does not say).
 */
export function secretPathsOf(
    ns: string,
    secretKeys: readonly string[],
    leafPaths: readonly string[] | undefined,
): SecretPaths {
    const prefix = `${ns}:`;
    return secretKeys
        .filter(key => key.startsWith(prefix))
        .flatMap(key => {
            const leaves = (leafPaths ?? []).filter(p => p === key || p.startsWith(`${key}.`));
            return (leaves.length > 0 ? leaves : [key]).map(p => p.slice(prefix.length));
        });
}

/** Whether the value at `path` is, or contains, a secret: its text must never appear in a message. */
export function touchesSecret(secrets: SecretPaths, path: readonly PropertyKey[]): boolean {
    const at = path.map(String).join(".");
    return secrets.some(s => s === at || at.startsWith(`${s}.`) || s.startsWith(`${at}.`) || at === "");
}

/** Whether the value at `path` is itself secret (it sits at or under a secret path). */
export function isSecretAt(secrets: SecretPaths, path: string): boolean {
    return secrets.some(s => path === s || path.startsWith(`${s}.`));
}

/** Secrets placed where AWS would store them in plaintext (tags, names, descriptions, settings). */
export function misplacedSecretProblems(ns: string, secrets: SecretPaths): ConfigProblem[] {
    return secrets
        .filter(path => !SECRET_CAPABLE.some(pattern => pattern.test(path)))
        .map(path => ({
            key: `${ns}:${path}`,
            message: TAG_KEYS.test(path)
                ? "is a secret, but it becomes a tag on every resource, and AWS keeps tags in plaintext: use a plain value"
                : path.includes(".")
                  ? "is a secret, but AWS keeps this value in plaintext (a name, tag, description or setting): only services.<name>.environment values (stored as Secrets Manager secrets), secretValues and testTrafficToken may be secrets"
                  : "holds a secret, but the stack file does not say which of its values (an ESC environment?): mark only services.<name>.environment values or secretValues secret, with `pulumi config set --secret --path`",
        }));
}

/** Values under `secretValues` that are not secrets: each must be set with `--secret` or come from ESC. */
export function plaintextSecretValueProblems(
    ns: string,
    secretValues: Record<string, Record<string, string>>,
    secrets: SecretPaths,
): ConfigProblem[] {
    return Object.entries(secretValues).flatMap(([service, values]) =>
        Object.keys(values)
            .filter(name => !isSecretAt(secrets, `secretValues.${service}.${name}`))
            .map(name => ({
                key: `${ns}:secretValues.${service}.${name}`,
                message: `holds plaintext: set it with \`pulumi config set --secret --path 'secretValues.${service}.${name}'\` or from an ESC environment`,
            })),
    );
}

/**
 * Secure environment values become config-sourced Secrets Manager secrets, injected through `valueFrom`: AWS keeps a
 * task definition's `environment` in plaintext (`DescribeTaskDefinition`), so a secret never goes there. A name that
 * is also declared under `secrets` is left alone, for the rule that asks to keep one.
 */
export function secureEnvironmentAsSecrets(raw: RawStackConfig, secrets: SecretPaths): RawStackConfig {
    const secretValues = { ...raw.secretValues };
    const services = Object.fromEntries(
        Object.entries(raw.services).map(([name, service]) => {
            const moved = Object.keys(service.environment).filter(
                variable =>
                    !(variable in service.secrets) && isSecretAt(secrets, `services.${name}.environment.${variable}`),
            );
            if (moved.length === 0) {
                return [name, service];
            }
            const environment = { ...service.environment };
            const values: Record<string, string> = { ...secretValues[name] };
            const declared = { ...service.secrets };
            for (const variable of moved) {
                values[variable] = environment[variable];
                delete environment[variable];
                declared[variable] = {
                    store: "secretsmanager",
                    source: "config",
                    description: `services.${name}.environment.${variable}, a secure value of the stack config`,
                    // Rotated by setting a new value in the stack config.
                    rotation: "out-of-band",
                };
            }
            secretValues[name] = values;
            return [name, { ...service, environment, secrets: declared }];
        }),
    );
    return { ...raw, services, secretValues };
}
