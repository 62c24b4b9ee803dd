import * as assert from "assert";
import { ComponentArgumentError } from "../../../components/shared";
import * as pulumi from "@pulumi/pulumi";
import {
    PlatformKey,
    ServiceSecrets,
    ServiceSecretsArgs,
    UNSET_PARAMETER_PLACEHOLDER,
} from "../../../components/secrets";
import { CapturedResource, ofType, runProgram } from "../../../testing/harness";
import { SECRET_PLACEHOLDER } from "../../../testing/values";

const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const PARAMETER = "aws:ssm/parameter:Parameter";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

const DB_PASSWORD = "db-pass-9f8e7d";
const API_TOKEN = "api-token-1a2b3c";
const REGISTRY_JSON = JSON.stringify({ username: "dockerhub-bot", password: "hub-pass-4d5e6f" });
const PLAINTEXTS = [DB_PASSWORD, API_TOKEN, "hub-pass-4d5e6f", "dockerhub-bot"];

type Declared = Omit<ServiceSecretsArgs, "kmsKeyArn" | "namePrefix"> &
    Partial<Pick<ServiceSecretsArgs, "kmsKeyArn" | "namePrefix">>;

async function run(args: Declared, stack = "test") {
    const { resources, outputs } = await runProgram(
        () => {
            const secrets = new ServiceSecrets("api-secrets", {
                namePrefix: "/prod/api/",
                kmsKeyArn: KEY_ARN,
                ...args,
            });
            return {
                secretArns: secrets.secretArns,
                registryCredentialsArn: secrets.registryCredentialsArn,
                executionRolePolicy: secrets.executionRolePolicy,
            };
        },
        { stack, config: { "aws:region": "eu-west-1" } },
    );
    return { resources, outputs: outputs as unknown as pulumi.Unwrap<typeof outputs> };
}

/** Every store, with and without a value, plus registry credentials. */
const ALL_KINDS: Declared = {
    secrets: {
        DB_PASSWORD: { store: "secretsmanager", value: pulumi.secret(DB_PASSWORD), description: "primary database" },
        STRIPE_KEY: { store: "secretsmanager" },
        API_TOKEN: { store: "ssm", value: pulumi.secret(API_TOKEN) },
        FEATURE_KEY: { store: "ssm" },
    },
    registryCredentials: { value: pulumi.secret(REGISTRY_JSON) },
};

function byName(resources: CapturedResource[], type: string, name: string): CapturedResource {
    const found = ofType(resources, type).find(r => r.inputs.name === name);
    assert.ok(found, `${type} ${name} missing`);
    return found;
}

function versionOf(resources: CapturedResource[], secret: CapturedResource): CapturedResource | undefined {
    return ofType(resources, VERSION).find(v => v.inputs.secretId === secret.state.id);
}

/**
 * Runs the program while recording unhandled rejections: an error thrown in an `apply` that feeds a resource input
 * fails the registration asynchronously, which a real `pulumi up` reports as a failed program.
 */
async function collectingUnhandledRejections<T>(errors: Error[], action: () => Promise<T>): Promise<T> {
    const record = (reason: unknown) => errors.push(reason as Error);
    process.on("unhandledRejection", record);
    try {
        const result = await action();
        await new Promise(resolve => setTimeout(resolve, 20));
        return result;
    } finally {
        process.off("unhandledRejection", record);
    }
}

function statements(policy: string): Record<string, any> {
    const document = JSON.parse(policy);
    assert.strictEqual(document.Version, "2012-10-17");
    return Object.fromEntries(document.Statement.map((s: any) => [s.Sid, s]));
}

describe("secrets/ServiceSecrets", () => {
    it("names every secret and parameter from the prefix and encrypts each with the CMK", async () => {
        const { resources } = await run(ALL_KINDS);
        const secrets = ofType(resources, SECRET);
        const parameters = ofType(resources, PARAMETER);
        assert.deepStrictEqual(secrets.map(s => s.inputs.name).sort(), [
            "/prod/api/DB_PASSWORD",
            "/prod/api/STRIPE_KEY",
            "/prod/api/registry-credentials",
        ]);
        assert.deepStrictEqual(parameters.map(p => p.inputs.name).sort(), [
            "/prod/api/API_TOKEN",
            "/prod/api/FEATURE_KEY",
        ]);
        for (const secret of secrets) {
            assert.strictEqual(secret.inputs.kmsKeyId, KEY_ARN, secret.name);
        }
        for (const parameter of parameters) {
            assert.strictEqual(parameter.inputs.type, "SecureString", parameter.name);
            assert.strictEqual(parameter.inputs.keyId, KEY_ARN, parameter.name);
        }
        assert.strictEqual(byName(resources, SECRET, "/prod/api/DB_PASSWORD").inputs.description, "primary database");
    });

    it("uses the platform key's ARN when wired to a PlatformKey", async () => {
        const { resources } = await runProgram(
            () => {
                const key = new PlatformKey("platform", { aliasName: "k" });
                new ServiceSecrets("api-secrets", {
                    namePrefix: "/prod/api/",
                    kmsKeyArn: key.keyArn,
                    secrets: { A: { store: "ssm" } },
                });
            },
            { stack: "test" },
        );
        const [key] = ofType(resources, "aws:kms/key:Key");
        assert.strictEqual(ofType(resources, PARAMETER)[0].inputs.keyId, key.state.arn);
    });

    it("stores a declared Secrets Manager value only in a SecretVersion, as a secret", async () => {
        const { resources, outputs } = await run(ALL_KINDS);
        const secret = byName(resources, SECRET, "/prod/api/DB_PASSWORD");
        const version = versionOf(resources, secret);
        assert.ok(version, "SecretVersion missing");
        assert.strictEqual(version.inputs.secretString, DB_PASSWORD);
        assert.strictEqual(version.maskedInputs.secretString, SECRET_PLACEHOLDER);
        const everythingPrintable = JSON.stringify([resources.map(r => r.maskedInputs), outputs]);
        for (const plaintext of PLAINTEXTS) {
            assert.ok(!everythingPrintable.includes(plaintext), `a plaintext value leaked: ${plaintext}`);
        }
        const holders = resources.filter(r => JSON.stringify(r.inputs).includes(DB_PASSWORD));
        assert.deepStrictEqual(
            holders.map(r => r.type),
            [VERSION],
        );
    });

    it("wraps a value given as a plain string in a secret", async () => {
        const { resources } = await run({
            secrets: {
                DB_PASSWORD: { store: "secretsmanager", value: DB_PASSWORD },
                API_TOKEN: { store: "ssm", value: API_TOKEN },
            },
        });
        const version = ofType(resources, VERSION)[0];
        assert.strictEqual(version.maskedInputs.secretString, SECRET_PLACEHOLDER);
        assert.strictEqual(byName(resources, PARAMETER, "/prod/api/API_TOKEN").maskedInputs.value, SECRET_PLACEHOLDER);
    });

    it("creates a Secrets Manager secret without a version when no value is declared", async () => {
        const { resources } = await run(ALL_KINDS);
        const secret = byName(resources, SECRET, "/prod/api/STRIPE_KEY");
        assert.strictEqual(versionOf(resources, secret), undefined);
        assert.strictEqual(
            ofType(resources, VERSION).length,
            2,
            "only DB_PASSWORD and the registry credentials have versions",
        );
    });

    it("writes a declared SSM value as a secret and lets Pulumi manage it", async () => {
        const { resources } = await run(ALL_KINDS);
        const parameter = byName(resources, PARAMETER, "/prod/api/API_TOKEN");
        assert.strictEqual(parameter.inputs.value, API_TOKEN);
        assert.strictEqual(parameter.maskedInputs.value, SECRET_PLACEHOLDER);
        assert.deepStrictEqual(parameter.options.ignoreChanges, []);
    });

    it("creates an undeclared SSM value as a placeholder Pulumi never reverts", async () => {
        const { resources } = await run(ALL_KINDS);
        const parameter = byName(resources, PARAMETER, "/prod/api/FEATURE_KEY");
        assert.strictEqual(parameter.inputs.value, UNSET_PARAMETER_PLACEHOLDER);
        assert.deepStrictEqual(parameter.options.ignoreChanges, ["value"]);
    });

    it("maps each environment variable to its valueFrom ARN", async () => {
        const { resources, outputs } = await run(ALL_KINDS);
        assert.deepStrictEqual(outputs.secretArns, {
            DB_PASSWORD: byName(resources, SECRET, "/prod/api/DB_PASSWORD").state.arn,
            STRIPE_KEY: byName(resources, SECRET, "/prod/api/STRIPE_KEY").state.arn,
            API_TOKEN: byName(resources, PARAMETER, "/prod/api/API_TOKEN").state.arn,
            FEATURE_KEY: byName(resources, PARAMETER, "/prod/api/FEATURE_KEY").state.arn,
        });
        assert.match(outputs.secretArns.API_TOKEN, /^arn:aws:ssm:eu-west-1:\d{12}:parameter\/prod\/api\/API_TOKEN$/);
    });

    it("grants the execution role exactly the declared ARNs and KMS decrypt through the two stores", async () => {
        const { resources, outputs } = await run(ALL_KINDS);
        const policy = statements(outputs.executionRolePolicy);
        assert.deepStrictEqual(Object.keys(policy).sort(), [
            "DecryptThroughSecretStores",
            "ReadParameters",
            "ReadSecrets",
        ]);
        assert.deepStrictEqual(policy.ReadSecrets.Action, ["secretsmanager:GetSecretValue"]);
        assert.deepStrictEqual(
            [...policy.ReadSecrets.Resource].sort(),
            ofType(resources, SECRET)
                .map(s => s.state.arn)
                .sort(),
        );
        assert.deepStrictEqual(policy.ReadParameters.Action, ["ssm:GetParameters"]);
        assert.deepStrictEqual(
            [...policy.ReadParameters.Resource].sort(),
            ofType(resources, PARAMETER)
                .map(p => p.state.arn)
                .sort(),
        );
        assert.deepStrictEqual(policy.DecryptThroughSecretStores, {
            Sid: "DecryptThroughSecretStores",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [KEY_ARN],
            Condition: {
                StringEquals: {
                    "kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com", "ssm.eu-west-1.amazonaws.com"],
                },
            },
        });
        for (const statement of Object.values(policy)) {
            assert.strictEqual(statement.Effect, "Allow");
            assert.ok(![statement.Resource].flat().includes("*"), `${statement.Sid} uses a wildcard resource`);
        }
    });

    it("omits the statements of a store the service does not use", async () => {
        const { resources, outputs } = await run({ secrets: { API_TOKEN: { store: "ssm" } } });
        const policy = statements(outputs.executionRolePolicy);
        assert.deepStrictEqual(Object.keys(policy).sort(), ["DecryptThroughSecretStores", "ReadParameters"]);
        assert.deepStrictEqual(policy.ReadParameters.Resource, [ofType(resources, PARAMETER)[0].state.arn]);
        assert.deepStrictEqual(policy.DecryptThroughSecretStores.Condition.StringEquals["kms:ViaService"], [
            "ssm.eu-west-1.amazonaws.com",
        ]);
    });

    it("keeps registry credentials out of the env vars but readable by the execution role", async () => {
        const { resources, outputs } = await run(ALL_KINDS);
        const credentials = byName(resources, SECRET, "/prod/api/registry-credentials");
        assert.strictEqual(outputs.registryCredentialsArn, credentials.state.arn);
        assert.ok(!Object.values(outputs.secretArns).includes(credentials.state.arn));
        assert.ok(statements(outputs.executionRolePolicy).ReadSecrets.Resource.includes(credentials.state.arn));
        const version = versionOf(resources, credentials);
        assert.strictEqual(version?.inputs.secretString, REGISTRY_JSON);
        assert.strictEqual(version?.maskedInputs.secretString, SECRET_PLACEHOLDER);
    });

    it("accepts registry credentials alone and leaves registryCredentialsArn unset without them", async () => {
        const alone = await run({ secrets: {}, registryCredentials: {} });
        assert.strictEqual(ofType(alone.resources, SECRET).length, 1);
        assert.strictEqual(ofType(alone.resources, VERSION).length, 0);
        assert.deepStrictEqual(Object.keys(statements(alone.outputs.executionRolePolicy)).sort(), [
            "DecryptThroughSecretStores",
            "ReadSecrets",
        ]);
        const without = await run({ secrets: { A: { store: "ssm" } } });
        assert.strictEqual(without.outputs.registryCredentialsArn, undefined);
    });

    it("fails the update on registry credentials that are not {username, password} JSON, without echoing the value", async () => {
        const leaked = "not-json-hunter2";
        const errors: Error[] = [];
        const { resources } = await collectingUnhandledRejections(errors, () =>
            run({ secrets: {}, registryCredentials: { value: pulumi.secret(leaked) } }),
        );
        assert.ok(errors.length > 0, "the malformed value was accepted");
        for (const error of errors) {
            assert.match(error.message, /- registryCredentials\.value: must be the JSON \{"username"/);
            assert.ok(!error.message.includes(leaked), "the error echoes the secret value");
        }
        assert.strictEqual(ofType(resources, VERSION).length, 0);
    });

    it("keeps deleted secrets recoverable for 30 days by default and deletes at once with 0 (staging)", async () => {
        const prod = await run(ALL_KINDS);
        for (const secret of ofType(prod.resources, SECRET)) {
            assert.strictEqual(secret.inputs.recoveryWindowInDays, 30);
        }
        const staging = await run({ ...ALL_KINDS, recoveryWindowInDays: 0 }, "staging");
        for (const secret of ofType(staging.resources, SECRET)) {
            assert.strictEqual(secret.inputs.recoveryWindowInDays, 0);
        }
    });

    it("protects and retains every secret, version and parameter when protect is on, and none when off", async () => {
        const stateful = (resources: CapturedResource[]) =>
            [SECRET, VERSION, PARAMETER].flatMap(t => ofType(resources, t));
        const on = stateful((await run({ ...ALL_KINDS, protect: true })).resources);
        assert.strictEqual(on.length, 7);
        for (const r of on) {
            assert.deepStrictEqual([r.name, r.options.protect, r.options.retainOnDelete], [r.name, true, true]);
        }
        for (const r of stateful((await run(ALL_KINDS)).resources)) {
            assert.deepStrictEqual([r.name, r.options.protect, r.options.retainOnDelete], [r.name, false, false]);
        }
    });

    it("tags every secret and parameter; registry credentials say they are rotated out of band", async () => {
        const { resources } = await run({ ...ALL_KINDS, tags: { env: "prod", service: "api" } });
        for (const r of [...ofType(resources, SECRET), ...ofType(resources, PARAMETER)]) {
            const expected = r.inputs.name.endsWith("registry-credentials")
                ? { env: "prod", service: "api", rotation: "out-of-band" }
                : { env: "prod", service: "api" };
            assert.deepStrictEqual(r.inputs.tags, expected, r.name);
        }
    });

    it("rotates a secret with its Lambda, or tags it as rotated out of band", async () => {
        const lambdaArn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-db";
        const { resources } = await run({
            secrets: {
                DB_PASSWORD: { store: "secretsmanager", rotation: { lambdaArn, afterDays: 30 } },
                PARTNER_KEY: { store: "secretsmanager", rotation: { outOfBand: true } },
                PLAIN: { store: "secretsmanager" },
            },
        });
        const [rotation] = ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation");
        const db = byName(resources, SECRET, "/prod/api/DB_PASSWORD");
        assert.deepStrictEqual(rotation.inputs, {
            secretId: db.state.id,
            rotationLambdaArn: lambdaArn,
            rotationRules: { automaticallyAfterDays: 30 },
            rotateImmediately: false,
        });
        assert.strictEqual(ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation").length, 1);
        // F6: Secrets Manager may invoke the Lambda (for this secret only), before the rotation is configured.
        const [invoke] = ofType(resources, "aws:lambda/permission:Permission");
        assert.deepStrictEqual(invoke.inputs, {
            function: lambdaArn,
            action: "lambda:InvokeFunction",
            principal: "secretsmanager.amazonaws.com",
            sourceArn: db.state.arn,
        });
        assert.ok(rotation.options.dependsOn.includes(invoke.urn));
        assert.strictEqual(byName(resources, SECRET, "/prod/api/PARTNER_KEY").inputs.tags?.rotation, "out-of-band");
        assert.strictEqual(byName(resources, SECRET, "/prod/api/PLAIN").inputs.tags?.rotation, undefined);
    });

    it("rotates only after the first value exists (F6: rotation Lambdas read AWSCURRENT)", async () => {
        const lambdaArn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-db";
        const { resources } = await run({
            secrets: {
                DB_PASSWORD: {
                    store: "secretsmanager",
                    value: pulumi.secret("s3cret"),
                    rotation: { lambdaArn, afterDays: 30 },
                },
            },
        });
        const [rotation] = ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation");
        const [version] = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion");
        assert.ok(rotation.options.dependsOn.includes(version.urn), "the rotation waits for the first version");
        assert.strictEqual(rotation.inputs.rotateImmediately, true);
    });

    for (const [label, args, message] of [
        [
            "a key that is not an env var name",
            { secrets: { "db-password": { store: "ssm" } } },
            /- secrets\.db-password: must be an environment variable name/,
        ],
        [
            "a prefix without the leading slash",
            { namePrefix: "prod/api/", secrets: { A: { store: "ssm" } } },
            /namePrefix/,
        ],
        [
            "a prefix without the trailing slash",
            { namePrefix: "/prod/api", secrets: { A: { store: "ssm" } } },
            /namePrefix/,
        ],
        ["nothing to create", { secrets: {} }, /at least one/],
        [
            "a recovery window of 3 days",
            { secrets: { A: { store: "ssm" } }, recoveryWindowInDays: 3 },
            /recoveryWindowInDays/,
        ],
        [
            "rotation on an SSM parameter",
            { secrets: { A: { store: "ssm", rotation: { outOfBand: true } } } },
            /- secrets\.A\.rotation: applies to Secrets Manager secrets only/,
        ],
        [
            "a rotation period of 0 days",
            {
                secrets: {
                    A: {
                        store: "secretsmanager",
                        rotation: { lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:r", afterDays: 0 },
                    },
                },
            },
            /- secrets\.A\.rotation\.afterDays: /,
        ],
        [
            "a rotation both out of band and by a Lambda",
            {
                secrets: {
                    A: {
                        store: "secretsmanager",
                        rotation: {
                            outOfBand: true,
                            lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:r",
                            afterDays: 30,
                        },
                    },
                },
            },
            /either outOfBand: true, or lambdaArn/,
        ],
        ["a rotation that declares nothing", { secrets: { A: { store: "secretsmanager", rotation: {} } } }, /either/],
        [
            "an unknown store",
            { secrets: { A: { store: "vault" } } },
            /- secrets\.A\.store: must be one of secretsmanager, ssm/,
        ],
    ] as const) {
        it(`rejects ${label}`, async () => {
            await assert.rejects(
                run(args as Declared),
                (err: unknown) => ComponentArgumentError.isComponentArgumentError(err) && message.test(err.message),
            );
        });
    }
});
