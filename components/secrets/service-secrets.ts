import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, statefulOptions, Tags, withFormerTypes } from "../shared";

/** Where a secret lives. ECS injects both kinds through `secrets[].valueFrom`. */
export const SecretStore = {
    /** A Secrets Manager secret. */
    SecretsManager: "secretsmanager",
    /** An SSM Parameter Store SecureString parameter. */
    Ssm: "ssm",
} as const;
export type SecretStore = (typeof SecretStore)[keyof typeof SecretStore];

/** One secret a service's containers receive as an environment variable. */
export interface SecretDeclaration {
    /** `SecretStore`: `secretsmanager` (a Secrets Manager secret) or `ssm` (an SSM SecureString parameter). Required. */
    store: SecretStore;
    /**
     * The value, as a Pulumi secret from stack config or ESC (wrapped in `pulumi.secret` here either way).
     * Default: none: the secret is created empty and filled out of band (`aws secretsmanager put-secret-value`,
     * `aws ssm put-parameter --overwrite`); Pulumi never reverts that value.
     */
    value?: pulumi.Input<string>;
    /** Description shown in the console. Default: none. */
    description?: string;
    /** How a Secrets Manager secret is rotated (not for `ssm`). Default: none declared (the policy pack asks for one). */
    rotation?: SecretRotation;
}

/**
 * How a Secrets Manager secret is rotated: by a Lambda every `afterDays` days, or out of band by its issuer or owner
 * (a third-party API key, a password a DBA team manages), declared with the tag `rotation: out-of-band`. Set either
 * `outOfBand`, or `lambdaArn` with `afterDays`.
 */
export interface SecretRotation {
    /** Rotated outside Pulumi by the secret's owner. Default: false. */
    outOfBand?: boolean;
    /** ARN of the rotation Lambda. Default: none. */
    lambdaArn?: pulumi.Input<string>;
    /** Days between rotations by the Lambda (1–1000); required with `lambdaArn`. */
    afterDays?: number;
}

/** The SecretRotation default, written once (a spec checks the TSDoc agrees). */
export const SECRET_ROTATION_DEFAULTS: Readonly<Required<Pick<SecretRotation, "outOfBand">>> = Object.freeze({
    outOfBand: false,
});

/**
 * Private registry credentials (e.g. Docker Hub) for `repositoryCredentials.credentialsParameter`:
 * always a Secrets Manager secret, whose value is the JSON `{"username": "...", "password": "..."}`.
 */
export interface RegistryCredentialsDeclaration {
    /** The JSON value, as a Pulumi secret. Default: none (created empty, filled with `put-secret-value`). */
    value?: pulumi.Input<string>;
    /** Description shown in the console. Default: none. */
    description?: string;
    /** How the credentials are rotated. Default: `{ outOfBand: true }` (the registry issues and rotates its access tokens). */
    rotation?: SecretRotation;
}

export interface ServiceSecretsArgs {
    /**
     * Name prefix of every secret and parameter: `/<env>/<service>/`. Must start and end with `/`; the names are
     * `<namePrefix><ENV_VAR_NAME>` and `<namePrefix>registry-credentials`. Required.
     */
    namePrefix: string;
    /** ARN of the customer-managed KMS key (PlatformKey.keyArn) that encrypts every secret. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Environment variable name (`[A-Za-z_][A-Za-z0-9_]*`) → secret. Required (may be `{}` with registryCredentials). */
    secrets: Record<string, SecretDeclaration>;
    /** Credentials for pulling the service's image from a private registry outside ECR. Default: none. */
    registryCredentials?: RegistryCredentialsDeclaration;
    /**
     * Days a deleted Secrets Manager secret stays recoverable: 0 (delete at once) or 7–30.
     * Default: 30 (prod); staging passes 0 so a torn-down stack can recreate the same names immediately.
     */
    recoveryWindowInDays?: number;
    /** Protect the secrets and parameters and retain them on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on every secret and parameter. Default: none. */
    tags?: Tags;
}

/**
 * The value an SSM parameter declared without a value is created with (SSM has no empty parameters).
 * It is not a secret; `ignoreChanges: ["value"]` keeps Pulumi from reverting the real value written out of band.
 */
export const UNSET_PARAMETER_PLACEHOLDER = "UNSET: write the value with `aws ssm put-parameter --overwrite`";

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_PREFIX = /^\/([A-Za-z0-9_.-]+\/)*$/;
/** Name of the registry credentials secret under `namePrefix`. */
export const REGISTRY_CREDENTIALS_NAME = "registry-credentials";

/** The ServiceSecrets defaults, written once: applied below, stated in the TSDoc (a spec checks they agree). */
export const SERVICE_SECRETS_DEFAULTS: Readonly<
    Required<Pick<ServiceSecretsArgs, "recoveryWindowInDays" | "protect">>
> = Object.freeze({ recoveryWindowInDays: 30, protect: false });

/**
 * Registry credentials default to out-of-band rotation: the registry issues and rotates its access tokens.
 * Frozen all the way down: the rotation object is shared by every component that takes the default.
 */
export const REGISTRY_CREDENTIALS_DEFAULTS: Readonly<{ rotation: Readonly<SecretRotation> }> = Object.freeze({
    rotation: Object.freeze({ outOfBand: true }),
});

/** The one place ServiceSecrets defaults are applied. */
function withDefaults<T extends Pick<ServiceSecretsArgs, "recoveryWindowInDays" | "protect">>(args: T) {
    return {
        ...args,
        recoveryWindowInDays: args.recoveryWindowInDays ?? SERVICE_SECRETS_DEFAULTS.recoveryWindowInDays,
        protect: args.protect ?? SERVICE_SECRETS_DEFAULTS.protect,
    };
}

type Settings = ReturnType<typeof withDefaults<ServiceSecretsArgs>>;

/**
 * The secrets of one service, encrypted with the platform key, and the least-privilege policy its task
 * execution role needs to inject them.
 *
 * Values only ever reach the secret resources (`SecretVersion.secretString`, `Parameter.value`), always as Pulumi
 * secrets; nothing here outputs a value. The ECS layer references `secretArns` in `secrets[].valueFrom` and
 * `registryCredentialsArn` in `repositoryCredentials.credentialsParameter`, and attaches
 * `executionRolePolicy` to the execution role.
 */
export class ServiceSecrets extends pulumi.ComponentResource {
    /** Environment variable name → `valueFrom` ARN (the secret ARN, or the SSM parameter ARN). */
    public readonly secretArns: Record<string, pulumi.Output<string>>;
    /** ARN of the registry credentials secret; undefined when none was declared. */
    public readonly registryCredentialsArn?: pulumi.Output<string>;
    /**
     * IAM policy JSON for the task execution role: `secretsmanager:GetSecretValue` on exactly these secrets,
     * `ssm:GetParameters` on exactly these parameters, `kms:Decrypt` on the key only through those two services.
     */
    public readonly executionRolePolicy: pulumi.Output<string>;

    constructor(name: string, args: ServiceSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        serviceSecretsProblems(args).throwIfAny("ServiceSecrets", name);
        super(componentType("ServiceSecrets"), name, {}, withFormerTypes(opts, "ecs-platform:secrets:ServiceSecrets"));
        const settings = withDefaults(args);
        const tags = mergeTags(settings.tags);

        const secretsManagerArns: pulumi.Output<string>[] = [];
        const parameterArns: pulumi.Output<string>[] = [];
        this.secretArns = {};
        for (const [envVar, declaration] of Object.entries(settings.secrets)) {
            const resourceName = `${name}-${envVar}`;
            const secretName = `${settings.namePrefix}${envVar}`;
            const inSecretsManager = declaration.store === "secretsmanager";
            const arn = inSecretsManager
                ? this.secretsManagerSecret(resourceName, secretName, declaration, settings, tags)
                : this.ssmParameter(resourceName, secretName, declaration, settings, tags);
            (inSecretsManager ? secretsManagerArns : parameterArns).push(arn);
            this.secretArns[envVar] = arn;
        }
        if (settings.registryCredentials) {
            const credentials = settings.registryCredentials;
            this.registryCredentialsArn = this.secretsManagerSecret(
                `${name}-${REGISTRY_CREDENTIALS_NAME}`,
                `${settings.namePrefix}${REGISTRY_CREDENTIALS_NAME}`,
                {
                    description: credentials.description,
                    value: credentials.value && checkedRegistryCredentials(name, credentials.value),
                    rotation: credentials.rotation ?? REGISTRY_CREDENTIALS_DEFAULTS.rotation,
                },
                settings,
                tags,
            );
            secretsManagerArns.push(this.registryCredentialsArn);
        }

        this.executionRolePolicy = executionRolePolicy(this, secretsManagerArns, parameterArns, settings.kmsKeyArn);
        this.registerOutputs({
            secretArns: this.secretArns,
            registryCredentialsArn: this.registryCredentialsArn,
            executionRolePolicy: this.executionRolePolicy,
        });
    }

    /** A Secrets Manager secret, plus its version only when the value is declared here. Returns the secret ARN. */
    private secretsManagerSecret(
        resourceName: string,
        secretName: string,
        declaration: Omit<SecretDeclaration, "store">,
        settings: Settings,
        tags: Tags,
    ): pulumi.Output<string> {
        const secret = new aws.secretsmanager.Secret(
            resourceName,
            {
                name: secretName,
                description: declaration.description,
                kmsKeyId: settings.kmsKeyArn,
                recoveryWindowInDays: settings.recoveryWindowInDays,
                tags:
                    (declaration.rotation?.outOfBand ?? SECRET_ROTATION_DEFAULTS.outOfBand)
                        ? mergeTags(tags, { rotation: "out-of-band" })
                        : tags,
            },
            statefulOptions(this, settings.protect),
        );
        const version =
            declaration.value !== undefined
                ? new aws.secretsmanager.SecretVersion(
                      `${resourceName}-version`,
                      { secretId: secret.id, secretString: pulumi.secret(declaration.value) },
                      statefulOptions(this, settings.protect),
                  )
                : undefined;
        if (declaration.rotation?.lambdaArn !== undefined) {
            // Secrets Manager invokes the Lambda as itself: its resource policy must allow that, for this secret only.
            const invoke = new aws.lambda.Permission(
                `${resourceName}-rotation-invoke`,
                {
                    function: declaration.rotation.lambdaArn,
                    action: "lambda:InvokeFunction",
                    principal: "secretsmanager.amazonaws.com",
                    sourceArn: secret.arn,
                },
                { parent: this },
            );
            new aws.secretsmanager.SecretRotation(
                `${resourceName}-rotation`,
                {
                    secretId: secret.id,
                    rotationLambdaArn: declaration.rotation.lambdaArn,
                    rotationRules: { automaticallyAfterDays: declaration.rotation.afterDays! },
                    // Rotation Lambdas start from AWSCURRENT: rotate at once only when this program wrote it. An
                    // out-of-band first value is rotated on the schedule, after its owner has written it.
                    rotateImmediately: version !== undefined,
                },
                { parent: this, dependsOn: [invoke, ...(version ? [version] : [])] },
            );
        }
        return secret.arn;
    }

    /** An SSM SecureString parameter; without a declared value, a placeholder Pulumi never reverts. Returns its ARN. */
    private ssmParameter(
        resourceName: string,
        parameterName: string,
        declaration: SecretDeclaration,
        settings: Settings,
        tags: Tags,
    ): pulumi.Output<string> {
        const value = declaration.value;
        const parameter = new aws.ssm.Parameter(
            resourceName,
            {
                name: parameterName,
                type: "SecureString",
                keyId: settings.kmsKeyArn,
                value: value !== undefined ? pulumi.secret(value) : UNSET_PARAMETER_PLACEHOLDER,
                description: declaration.description,
                tags,
            },
            statefulOptions(this, settings.protect, value !== undefined ? {} : { ignoreChanges: ["value"] }),
        );
        return parameter.arn;
    }
}

/**
 * What is wrong with the secrets' arguments, by argument. Names become `<namePrefix><NAME>` (Secrets Manager and
 * SSM names: `[A-Za-z0-9/_+=.@-]`, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
 * Pure: the program checks its config with it first.
 */
export function serviceSecretsProblems(
    args: Pick<ServiceSecretsArgs, "namePrefix" | "secrets" | "registryCredentials" | "recoveryWindowInDays">,
): ArgumentProblems {
    const settings = withDefaults(args);
    const problems = new ArgumentProblems();
    if (!NAME_PREFIX.test(settings.namePrefix)) {
        problems.add("namePrefix", 'must start and end with "/" (e.g. "/prod/api/")');
    }
    const stores: readonly string[] = Object.values(SecretStore);
    for (const [envVar, declaration] of Object.entries(settings.secrets)) {
        if (!ENV_VAR_NAME.test(envVar)) {
            problems.add(`secrets.${envVar}`, "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (!stores.includes(declaration.store)) {
            problems.add(`secrets.${envVar}.store`, `must be one of ${stores.join(", ")}`);
        } else if (declaration.rotation !== undefined && declaration.store !== SecretStore.SecretsManager) {
            problems.add(
                `secrets.${envVar}.rotation`,
                `applies to Secrets Manager secrets only, not ${declaration.store}`,
            );
        }
        rotationProblems(problems, `secrets.${envVar}.rotation`, declaration.rotation);
    }
    rotationProblems(problems, "registryCredentials.rotation", settings.registryCredentials?.rotation);
    if (Object.keys(settings.secrets).length === 0 && !settings.registryCredentials) {
        problems.add("secrets", "needs at least one secret, or registryCredentials");
    }
    const window = settings.recoveryWindowInDays;
    if (!Number.isInteger(window) || (window !== 0 && (window < 7 || window > 30))) {
        problems.add("recoveryWindowInDays", `must be 0 or an integer from 7 to 30 (got ${window})`);
    }
    return problems;
}

function rotationProblems(problems: ArgumentProblems, argument: string, rotation: SecretRotation | undefined): void {
    if (rotation === undefined) {
        return;
    }
    const { outOfBand = SECRET_ROTATION_DEFAULTS.outOfBand, lambdaArn, afterDays } = rotation;
    if (outOfBand === (lambdaArn !== undefined)) {
        problems.add(argument, "needs either outOfBand: true, or lambdaArn with afterDays");
    } else if (outOfBand && afterDays !== undefined) {
        problems.add(`${argument}.afterDays`, "applies to a rotation Lambda, not outOfBand");
    } else if (lambdaArn !== undefined && !(Number.isInteger(afterDays) && afterDays! >= 1 && afterDays! <= 1000)) {
        problems.add(`${argument}.afterDays`, "must be a whole number of days from 1 to 1000");
    }
}

/**
 * Why a registry credentials value is not the JSON ECS expects (`{"username": "...", "password": "..."}`), or
 * undefined. The reason names the shape, never the value: the value is a secret.
 */
export function registryCredentialsProblem(json: string): string | undefined {
    let fields: Record<string, unknown> | undefined;
    try {
        fields = JSON.parse(json) as Record<string, unknown>;
    } catch {
        fields = undefined;
    }
    return typeof fields?.username === "string" && typeof fields?.password === "string"
        ? undefined
        : 'must be the JSON {"username": "...", "password": "..."}';
}

/**
 * The registry credentials value, checked to be the JSON ECS expects. A malformed value would only surface as a
 * task that fails to pull; the error names the shape, never the value.
 */
function checkedRegistryCredentials(name: string, value: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.secret(value).apply(json => {
        const problem = registryCredentialsProblem(json);
        if (problem) {
            new ArgumentProblems().add("registryCredentials.value", problem).throwIfAny("ServiceSecrets", name);
        }
        return json;
    });
}

/**
 * Least privilege for the execution role: each read action on exactly the declared ARNs, and `kms:Decrypt` on the
 * platform key only when Secrets Manager or SSM calls KMS on the role's behalf (`kms:ViaService`), which is how both
 * services decrypt for `GetSecretValue`/`GetParameters`. Statements with nothing to grant are left out.
 */
function executionRolePolicy(
    parent: pulumi.Resource,
    secretsManagerArns: pulumi.Output<string>[],
    parameterArns: pulumi.Output<string>[],
    kmsKeyArn: pulumi.Input<string>,
): pulumi.Output<string> {
    const region = aws.getRegionOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    return pulumi
        .all([pulumi.all(secretsManagerArns), pulumi.all(parameterArns), kmsKeyArn, region.region, partition.dnsSuffix])
        .apply(([secretArns, paramArns, keyArn, regionName, dnsSuffix]) => {
            const viaServices = [
                ...(secretArns.length > 0 ? [`secretsmanager.${regionName}.${dnsSuffix}`] : []),
                ...(paramArns.length > 0 ? [`ssm.${regionName}.${dnsSuffix}`] : []),
            ];
            const statements = [
                ...(secretArns.length > 0
                    ? [
                          {
                              Sid: "ReadSecrets",
                              Effect: "Allow",
                              Action: ["secretsmanager:GetSecretValue"],
                              Resource: secretArns,
                          },
                      ]
                    : []),
                ...(paramArns.length > 0
                    ? [{ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: paramArns }]
                    : []),
                {
                    Sid: "DecryptThroughSecretStores",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [keyArn],
                    Condition: { StringEquals: { "kms:ViaService": viaServices } },
                },
            ];
            return JSON.stringify({ Version: "2012-10-17", Statement: statements });
        });
}
