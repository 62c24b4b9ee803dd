import * as assert from "node:assert/strict";
import { expectCompliant, expectPreviewAdvisory, expectViolation, UNKNOWN } from "../helpers";
import { scheduleIntervalDays } from "../../../policies/secrets/rotation";
import { registrySecret, secret, secretRotation, withProps } from "../platform-stack";

describe("policies/secrets/rotation", () => {
    describe("secret-rotation", () => {
        it("passes a rotated secret and an out-of-band tagged one", async () => {
            await expectCompliant("secret-rotation", [secret, secretRotation, registrySecret]);
        });

        it("matches the rotation by secretId when there are no dependencies", async () => {
            await expectCompliant("secret-rotation", [secret, { ...secretRotation, propertyDependencies: {} }]);
        });

        it("flags a secret without a rotation", async () => {
            await expectViolation("secret-rotation", [secret], {
                urn: secret.urn,
                message: "has no enabled aws.secretsmanager.SecretRotation",
            });
        });

        it("does not count a disabled rotation", async () => {
            await expectViolation("secret-rotation", [secret, withProps(secretRotation, { rotationEnabled: false })], {
                urn: secret.urn,
            });
        });

        it("honours a custom exemption tag", async () => {
            const tagged = withProps(secret, { tags: { ...(secret.props.tags as object), "rotated-by": "vendor" } });
            await expectCompliant("secret-rotation", [tagged], {
                config: { "secret-rotation": { exemptTagKey: "rotated-by", exemptTagValue: "vendor" } },
            });
        });

        it("is advisory in a preview when a rotation's secretId is unknown and not a dependency", async () => {
            const unresolved = { ...withProps(secretRotation, { secretId: UNKNOWN }), propertyDependencies: {} };
            await expectPreviewAdvisory("secret-rotation", [secret, unresolved], { urn: secret.urn });
        });
    });

    describe("secret-rotation-max-age", () => {
        it("passes a 30-day rotation", async () => {
            await expectCompliant("secret-rotation-max-age", [secretRotation]);
        });

        it("flags automaticallyAfterDays above maxDays", async () => {
            await expectViolation(
                "secret-rotation-max-age",
                [withProps(secretRotation, { rotationRules: { automaticallyAfterDays: 180 } })],
                {
                    message: "every 180 days, more than 90",
                },
            );
        });

        it("flags rate() and cron() schedules that rotate too rarely", async () => {
            await expectViolation("secret-rotation-max-age", [
                withProps(secretRotation, { rotationRules: { scheduleExpression: "rate(120 days)" } }),
            ]);
            await expectViolation(
                "secret-rotation-max-age",
                [withProps(secretRotation, { rotationRules: { scheduleExpression: "cron(0 4 1 1,7 ? *)" } })],
                {
                    message: "every 186 days",
                },
            );
        });

        it("flags a disabled rotation, a missing schedule and a cron limited to one year", async () => {
            await expectViolation("secret-rotation-max-age", [withProps(secretRotation, { rotationEnabled: false })], {
                message: "rotationEnabled is false",
            });
            await expectViolation("secret-rotation-max-age", [withProps(secretRotation, { rotationRules: {} })], {
                message: "neither",
            });
            await expectViolation(
                "secret-rotation-max-age",
                [withProps(secretRotation, { rotationRules: { scheduleExpression: "cron(0 4 1 * ? 2026)" } })],
                {
                    message: "no bounded interval",
                },
            );
        });

        it("passes a monthly cron schedule", async () => {
            await expectCompliant("secret-rotation-max-age", [
                withProps(secretRotation, { rotationRules: { scheduleExpression: "cron(0 4 ? * MON#1 *)" } }),
            ]);
        });

        it("is advisory in a preview while the schedule is unknown", async () => {
            await expectPreviewAdvisory("secret-rotation-max-age", [
                withProps(secretRotation, { rotationRules: UNKNOWN }),
            ]);
        });

        it("estimates schedule intervals", () => {
            assert.equal(scheduleIntervalDays("rate(10 days)"), 10);
            assert.equal(scheduleIntervalDays("rate(12 hours)"), 0.5);
            assert.equal(scheduleIntervalDays("cron(0 4 1 * ? *)"), 31);
            assert.equal(scheduleIntervalDays("cron(0 4 31 * ? *)"), 62);
            assert.equal(scheduleIntervalDays("cron(0 4 1 */3 ? *)"), 93);
            assert.equal(scheduleIntervalDays("cron(0 4 1 JAN-MAR ? *)"), 310);
            assert.equal(scheduleIntervalDays("cron(0 4 1 FOO ? *)"), undefined);
            assert.equal(scheduleIntervalDays("every day"), undefined);
        });
    });
});
