import * as assert from "node:assert/strict";
import { expectCompliant, expectViolation, violationsOf } from "../helpers";
import { container, secretArn, taskDefinition } from "./fixtures";

const withEnvironment = (...environment: { name: string; value: string }[]) => [
    taskDefinition({}, [container({ environment })]),
];

describe("policies/ecs/container-secrets", () => {
    describe("ecs-no-secrets-in-env", () => {
        const name = "ecs-no-secrets-in-env";

        it("accepts plain settings and names that point at secrets", async () => {
            await expectCompliant(
                name,
                withEnvironment(
                    { name: "PORT", value: "8080" },
                    { name: "DB_PASSWORD_SECRET_ARN", value: secretArn },
                    { name: "OAUTH_TOKEN_URL", value: "https://idp.example.com/token" },
                    { name: "POSTGRES_PASSWORD_FILE", value: "/run/secrets/db" },
                ),
            );
        });

        it("flags the AWS credential variables of Security Hub ECS.8, whatever the value", async () => {
            for (const variable of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"]) {
                await expectViolation(name, withEnvironment({ name: variable, value: "x" }), {
                    message: `${variable} in plain text`,
                });
            }
        });

        it("flags common short names for passwords and credentials", async () => {
            for (const variable of ["DB_PWD", "SMTP_PASS", "REDIS_PW", "mysql-passwd", "API_CREDS"]) {
                await expectViolation(name, withEnvironment({ name: variable, value: "x" }), {
                    message: "its name contains",
                });
            }
        });

        it("flags connection strings that carry a password, whatever the name", async () => {
            for (const value of [
                "Server=db;Database=app;User Id=app;Password=hunter2;",
                "jdbc:postgresql://db:5432/app?user=app&password=hunter2",
                "postgres://app:hunter2@db:5432/app",
            ]) {
                await expectViolation(name, withEnvironment({ name: "DATABASE", value }), {
                    message: "its value looks like a",
                });
            }
        });

        it("accepts names that only contain the short forms inside a word, and connection strings without a password", async () => {
            await expectCompliant(
                name,
                withEnvironment(
                    { name: "COMPASS_MODE", value: "north" },
                    { name: "PASSTHROUGH", value: "true" },
                    { name: "DATABASE_URL", value: "postgres://db:5432/app?sslmode=require" },
                ),
            );
        });

        it("flags names that suggest a secret", async () => {
            for (const variable of ["DB_PASSWORD", "api-key", "STRIPE_SECRET", "GITHUB_TOKEN", "TLS_PRIVATE_KEY"]) {
                await expectViolation(name, withEnvironment({ name: variable, value: "x" }), {
                    message: "its name contains",
                });
            }
        });

        it("flags values that look like credentials, without printing them", async () => {
            const cases = [
                ["AKIA" + "ABCDEFGHIJKLMNOP", "an AWS access key id"],
                ["-----BEGIN RSA PRIVATE KEY-----\nMII", "a private key"],
                ["ghp_" + "a".repeat(36), "a GitHub token"],
                ["postgres://app:hunter2@db:5432/app", "a URL with a password"],
            ];
            for (const [value, kind] of cases) {
                const violations = await expectViolation(name, withEnvironment({ name: "SETTING", value }), {
                    message: `looks like ${kind}`,
                });
                assert.ok(
                    violations.every(v => !v.message.includes(value)),
                    "the value must not appear in the message",
                );
            }
        });

        it("lets allowedNames waive a name match, but not a credential value or an AWS credential name", async () => {
            const config = { [name]: { allowedNames: ["TOKEN_AUDIENCE", "AWS_ACCESS_KEY_ID", "LEGACY_SECRET"] } };
            await expectCompliant(name, withEnvironment({ name: "TOKEN_AUDIENCE", value: "api" }), { config });
            await expectViolation(name, withEnvironment({ name: "AWS_ACCESS_KEY_ID", value: "x" }), { config });
            await expectViolation(
                name,
                withEnvironment({ name: "LEGACY_SECRET", value: "AKIA" + "ABCDEFGHIJKLMNOP" }),
                { config },
            );
        });
    });

    describe("ecs-secrets-valuefrom", () => {
        const name = "ecs-secrets-valuefrom";
        const ssmArn = "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/key";

        it("accepts Secrets Manager (with JSON key) and SSM parameter ARNs, and registry credentials as a secret ARN", async () => {
            await expectCompliant(name, [
                taskDefinition({}, [
                    container({
                        secrets: [
                            { name: "DB", valueFrom: `${secretArn}:password::` },
                            { name: "KEY", valueFrom: ssmArn },
                        ],
                        logConfiguration: {
                            logDriver: "awsfirelens",
                            secretOptions: [{ name: "apikey", valueFrom: secretArn }],
                        },
                        repositoryCredentials: { credentialsParameter: secretArn },
                    }),
                ]),
            ]);
        });

        it("flags names instead of ARNs, and missing valueFrom", async () => {
            await expectViolation(
                name,
                [taskDefinition({}, [container({ secrets: [{ name: "DB", valueFrom: "prod/api/db" }] })])],
                {
                    message: 'secret DB: valueFrom "prod/api/db" is not a Secrets Manager or SSM parameter ARN',
                },
            );
            await expectViolation(name, [taskDefinition({}, [container({ secrets: [{ name: "DB" }] })])], {
                message: "secret DB has no valueFrom",
            });
        });

        it("flags log secretOptions and repository credentials that are not secret ARNs", async () => {
            const bad = container({
                logConfiguration: {
                    logDriver: "awsfirelens",
                    secretOptions: [{ name: "apikey", valueFrom: "arn:aws:s3:::bucket/key" }],
                },
                repositoryCredentials: { credentialsParameter: ssmArn },
            });
            const violations = await violationsOf(name, [taskDefinition({}, [bad])]);
            assert.equal(violations.length, 2);
            await expectViolation(name, [taskDefinition({}, [bad])], {
                message: "repositoryCredentials.credentialsParameter is not a Secrets Manager secret ARN",
            });
        });
    });
});
