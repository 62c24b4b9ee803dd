import * as aws from "@pulumi/aws";
import { REGISTRY_CREDENTIALS_NAME } from "../components/secrets";
import { secretNamePrefix, type ServiceConfig, type StackConfig } from "./config/resolve";
import { runsAsService } from "./config/workload-rules";
import { repositoryOf } from "./layers/registry";

/**
 * The first `pulumi up` of a stack: what each workload needs from outside the stack before its tasks can start (the
 * image CI pushes, the secret values their owners write), asked of AWS at deploy time. A service that lacks any of
 * it starts dormant — zero tasks, tagged with what it waits for — instead of failing its first deployment, and the
 * preview says what the user must do. See docs/DESIGN.md, "The first `pulumi up`".
 */

/** Something a workload's tasks need that the stack does not create. */
export type Prerequisite =
    | { kind: "image"; repository: string; tag?: string; digest?: string }
    | { kind: "secret"; name: string }
    | { kind: "parameter"; name: string };

/** The questions asked of AWS; each answers true when the thing exists, and throws on anything but absence. */
export interface PrerequisiteLookups {
    imageExists(repository: string, reference: { tag?: string; digest?: string }): Promise<boolean>;
    /** Whether the Secrets Manager secret has an `AWSCURRENT` value (what ECS injects). */
    secretHasValue(name: string): Promise<boolean>;
    /** Whether the SSM parameter holds more than the placeholder the stack created it with. */
    parameterHasValue(name: string): Promise<boolean>;
}

/** Tag on every resource of a dormant workload: what it waits for (`image=… secret=… parameter=…`). */
export const DORMANT_TAG = "dormant";

/*
 * Absence, as the provider reports it. Its ECR image and SSM parameter lookups turn ImageNotFound,
 * RepositoryNotFound and ParameterNotFound into a "couldn't find resource" error (older releases passed the
 * exception through); the secret versions lookup passes ResourceNotFoundException through. Anything else (access
 * denied, throttling, no network) is rethrown: a lookup that could not answer must not make a service dormant.
 */
const IMAGE_ABSENT = /ImageNotFoundException|RepositoryNotFoundException|couldn't find resource|returned no results/;
const SECRET_ABSENT = /ResourceNotFoundException/;
const PARAMETER_ABSENT = /ParameterNotFound|couldn't find resource/;

async function absentOn<T>(lookup: Promise<T>, absent: RegExp): Promise<T | undefined> {
    try {
        return await lookup;
    } catch (err) {
        if (absent.test(String((err as Error)?.message ?? err))) {
            return undefined;
        }
        throw err;
    }
}

/** The lookups against the deploying account. None of them reads a secret value. */
export const awsLookups: PrerequisiteLookups = {
    async imageExists(repositoryName, { tag, digest }) {
        const image = await absentOn(
            aws.ecr.getImage({ repositoryName, ...(digest ? { imageDigest: digest } : { imageTag: tag }) }),
            IMAGE_ABSENT,
        );
        return image !== undefined;
    },
    async secretHasValue(secretId) {
        // Version ids and stages only (ListSecretVersionIds), never the value.
        const secret = await absentOn(aws.secretsmanager.getSecretVersions({ secretId }), SECRET_ABSENT);
        return (secret?.versions ?? []).some(v => v.versionStages.includes("AWSCURRENT"));
    },
    async parameterHasValue(name) {
        // Without decryption: a SecureString comes back as ciphertext. The stack wrote version 1 (the placeholder).
        const parameter = await absentOn(aws.ssm.getParameter({ name, withDecryption: false }), PARAMETER_ABSENT);
        return parameter !== undefined && parameter.version > 1;
    },
};

/** What a workload needs from outside the stack: its ECR image (not one the stack builds) and its external secrets. */
export function prerequisitesOf(config: StackConfig, service: ServiceConfig): Prerequisite[] {
    const needs: Prerequisite[] = [];
    const image = service.image;
    if (image.source === "ecr") {
        needs.push({ kind: "image", repository: repositoryOf(config, service), tag: image.tag, digest: image.digest });
    }
    const prefix = secretNamePrefix(config, service);
    const credentials = image.source === "external" ? image.credentialsSecret : undefined;
    for (const [name, secret] of Object.entries(service.secrets)) {
        if (secret.source !== "external") continue;
        if (name === credentials) {
            needs.push({ kind: "secret", name: `${prefix}${REGISTRY_CREDENTIALS_NAME}` });
        } else {
            needs.push({ kind: secret.store === "ssm" ? "parameter" : "secret", name: `${prefix}${name}` });
        }
    }
    return needs;
}

/** Per workload, the prerequisites AWS does not have yet (empty when it can run). Asked in parallel. */
export async function missingPrerequisites(
    config: StackConfig,
    lookups: PrerequisiteLookups = awsLookups,
): Promise<Record<string, Prerequisite[]>> {
    const present = (need: Prerequisite): Promise<boolean> =>
        need.kind === "image"
            ? lookups.imageExists(need.repository, need)
            : need.kind === "secret"
              ? lookups.secretHasValue(need.name)
              : lookups.parameterHasValue(need.name);
    const entries = await Promise.all(
        config.services.map(async service => {
            const needs = prerequisitesOf(config, service);
            const found = await Promise.all(needs.map(present));
            return [service.name, needs.filter((_, i) => !found[i])] as const;
        }),
    );
    return Object.fromEntries(entries);
}

function imageReference(need: Extract<Prerequisite, { kind: "image" }>): string {
    return need.digest ? `${need.repository}@${need.digest}` : `${need.repository}:${need.tag}`;
}

/** AWS allows 256 characters in a tag value; what does not fit is counted. */
const TAG_VALUE_MAX = 256;

/** The dormant tag's value: `image=<repo>:<tag> secret=<name> parameter=<name>` (AWS tag characters only). */
export function dormantTagValue(missing: Prerequisite[]): string {
    const parts = missing.map(need =>
        need.kind === "image" ? `image=${imageReference(need)}` : `${need.kind}=${need.name}`,
    );
    let value = "";
    for (const [i, part] of parts.entries()) {
        const rest = parts.length - i - 1;
        const next = value === "" ? part : `${value} ${part}`;
        const suffix = rest > 0 ? ` +${rest} more` : "";
        if ((next + suffix).length > TAG_VALUE_MAX) {
            return `${value} +${parts.length - i} more`;
        }
        value = next;
    }
    return value;
}

/**
 * The dormancy of a workload: long-running services and scheduled jobs start dormant when something is missing (a
 * one-off task only runs when someone starts it, so the warning is enough).
 */
export function dormancyOf(service: ServiceConfig, missing: Prerequisite[]): Record<string, string> | undefined {
    const canStartOnItsOwn = runsAsService(service) || service.kind === "job";
    return canStartOnItsOwn && missing.length > 0 ? { [DORMANT_TAG]: dormantTagValue(missing) } : undefined;
}

/**
 * A dormant service as the program deploys it: zero tasks and nothing that could start one. Web and backend
 * services get no scalable target yet (created with its real bounds once the service can run: registering it
 * raises the service to `minCount` at once, a scaling activity rather than a deployment; a target held at 0 could
 * not be raised later where scheduled actions own its bounds). A worker's queue scaling is held at 0..0. A job's
 * schedule is paused, so it does not start a run every period that can only fail; `pulumi up` resumes it.
 */
function dormant(service: ServiceConfig): ServiceConfig {
    if (service.kind === "job") {
        return { ...service, schedule: { ...service.schedule!, enabled: false } };
    }
    return {
        ...service,
        desiredCount: 0,
        minCount: 0,
        maxCount: 0,
        autoscaling: { ...service.autoscaling, enabled: false, scheduledActions: [] },
    };
}

/** What this deploy can run: the configuration with dormant services, the preview's warnings, each workload's tags. */
export interface FirstDeployPlan {
    config: StackConfig;
    warnings: string[];
    /** The tags a workload adds to the platform's (the dormant marker), if any. */
    tagsOf(service: string): Record<string, string>;
}

/** Asks AWS what each workload lacks and plans the deploy around it (see {@link dormancyOf}). */
export async function planFirstDeploy(
    config: StackConfig,
    lookups: PrerequisiteLookups = awsLookups,
): Promise<FirstDeployPlan> {
    const missing = await missingPrerequisites(config, lookups);
    const marks = Object.fromEntries(config.services.map(s => [s.name, dormancyOf(s, missing[s.name] ?? [])]));
    return {
        config: { ...config, services: config.services.map(s => (marks[s.name] ? dormant(s) : s)) },
        warnings: firstDeployWarnings(config, missing),
        tagsOf: name => marks[name] ?? {},
    };
}

/** What the user must do about one prerequisite, as a command. */
function remedy(config: StackConfig, need: Prerequisite): string {
    switch (need.kind) {
        case "image":
            return need.digest
                ? `push the image with digest ${need.digest} to ${need.repository}`
                : `push ${imageReference(need)} (docker push <repository URL>:${need.tag}; the URLs are in \`pulumi stack output repositoryUrls\`)`;
        case "secret":
            return `write ${need.name}: aws secretsmanager put-secret-value --secret-id ${need.name} --secret-string file://value.txt`;
        case "parameter":
            return `write ${need.name}: aws ssm put-parameter --name ${need.name} --type SecureString --key-id alias/ecs-platform-${config.environment} --overwrite --value file://value.txt`;
    }
}

/** The preview's warnings: per workload, what will not run yet and exactly what to do. */
export function firstDeployWarnings(config: StackConfig, missing: Record<string, Prerequisite[]>): string[] {
    return config.services
        .filter(service => (missing[service.name] ?? []).length > 0)
        .map(service => {
            const steps = missing[service.name].map(need => remedy(config, need)).join("; ");
            const effect = runsAsService(service)
                ? "starts dormant (0 tasks, tagged dormant) and will not run yet"
                : service.kind === "job"
                  ? "starts dormant (its schedule paused, tagged dormant) and will not run yet"
                  : "will not run yet: its runs fail until then";
            return `services.${service.name} ${effect}. To start it: ${steps}; then run \`pulumi up\` again (or merge to main and let CI deploy).`;
        });
}
