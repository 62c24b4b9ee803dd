/**
 * `aws.ecs.TaskDefinition.containerDefinitions` is a JSON string (inputs and outputs alike). These helpers parse it
 * and container image references.
 */
import { unknownCheckingProxy } from "./preview";
import { compiledRegExp } from "./regexp";

/** A name/value pair of `environment`. */
export interface KeyValuePair {
    /** Variable name. */
    name?: string;
    /** Variable value. */
    value?: string;
}

/** One entry of `secrets`: the variable `name` gets the value of the secret or parameter `valueFrom`. */
export interface ContainerSecret {
    /** Variable name. */
    name?: string;
    /** Secrets Manager secret ARN (optionally with `:json-key:version-stage:version-id`) or SSM parameter ARN/name. */
    valueFrom?: string;
}

/** The subset of an ECS container definition that policies read (camelCase, as in the ECS API). */
export interface ContainerDefinition {
    /** Container name. */
    name?: string;
    /** Image reference, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:…`. */
    image?: string;
    /** Whether the task stops when this container stops. ECS treats a missing value as `true`. */
    essential?: boolean;
    /** `user`, `user:group`, `uid` or `uid:gid`. */
    user?: string;
    /** Whether the container runs privileged. */
    privileged?: boolean;
    /** Whether the root filesystem is mounted read-only. */
    readonlyRootFilesystem?: boolean;
    /** Plain-text environment variables. */
    environment?: KeyValuePair[];
    /** Environment variables fetched from Secrets Manager or SSM at start. */
    secrets?: ContainerSecret[];
    /** Log driver settings. */
    logConfiguration?: { logDriver?: string; options?: Record<string, string>; secretOptions?: ContainerSecret[] };
    /** Linux-specific settings. */
    linuxParameters?: { capabilities?: { add?: string[]; drop?: string[] }; initProcessEnabled?: boolean };
    /** Container health check. */
    healthCheck?: { command?: string[]; interval?: number; retries?: number; startPeriod?: number; timeout?: number };
    /** Private registry credentials: a Secrets Manager secret ARN. */
    repositoryCredentials?: { credentialsParameter?: string };
    /** Replaces the image's ENTRYPOINT. */
    entryPoint?: string[];
    /** Replaces the image's CMD (arguments of the entry point). */
    command?: string[];
    /** Volumes mounted into the container. */
    mountPoints?: { sourceVolume?: string; containerPath?: string; readOnly?: boolean }[];
    /** Published ports. */
    portMappings?: { containerPort?: number; hostPort?: number; protocol?: string; name?: string }[];
    /** Containers this one waits for. */
    dependsOn?: { containerName?: string; condition?: string }[];
    /** FireLens log router settings. */
    firelensConfiguration?: { type?: string; options?: Record<string, string> };
}

/**
 * The container definitions of a task definition's props. Returns `undefined` when the property is missing or is
 * not a JSON array (the provider rejects such input, so callers report "not applicable" rather than pass).
 * Reading it while unknown throws `UnknownValueError`, like any other read of an unknown value; values inside the
 * parsed JSON are checked for unknowns too.
 */
export function containerDefinitions(props: { containerDefinitions?: unknown }): ContainerDefinition[] | undefined {
    const raw = props.containerDefinitions;
    let parsed: unknown = raw;
    if (typeof raw === "string") {
        try {
            parsed = JSON.parse(raw);
        } catch {
            return undefined;
        }
    }
    if (!Array.isArray(parsed) || !parsed.every(c => typeof c === "object" && c !== null)) {
        return undefined;
    }
    return unknownCheckingProxy(parsed as ContainerDefinition[]);
}

/** A container image reference split into its parts. */
export interface ImageReference {
    /** Registry host, normalized: Docker Hub is always `docker.io`. */
    registry: string;
    /** Repository path, e.g. `library/nginx` or `team/app`. */
    repository: string;
    /** Tag, if any. */
    tag?: string;
    /** Digest (`sha256:…`), if any. */
    digest?: string;
}

const dockerHubAliases = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * Parses an image reference the way Docker does: the first path component is a registry host only if it contains
 * `.` or `:` or is `localhost`; otherwise the image is on Docker Hub.
 */
export function parseImage(image: string): ImageReference {
    const [withoutDigest, digest] = image.split("@", 2) as [string, string | undefined];
    const slash = withoutDigest.indexOf("/");
    const first = slash === -1 ? "" : withoutDigest.slice(0, slash);
    const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
    let registry = hasRegistry ? first.toLowerCase() : "docker.io";
    let path = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
    const colon = path.lastIndexOf(":");
    const tag = colon === -1 ? undefined : path.slice(colon + 1);
    path = colon === -1 ? path : path.slice(0, colon);
    if (dockerHubAliases.has(registry)) {
        registry = "docker.io";
    }
    if (registry === "docker.io" && !path.includes("/")) {
        path = `library/${path}`;
    }
    return { registry, repository: path, tag, digest };
}

/** Whether `host` matches `pattern`, where `*` stands for one or more characters other than `/`. */
export function hostMatches(host: string, pattern: string): boolean {
    return compiledRegExp(pattern, hostPatternSource).test(host.toLowerCase());
}

function hostPatternSource(pattern: string): string {
    const regex = pattern
        .toLowerCase()
        .split("*")
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]+");
    return `^${regex}$`;
}
