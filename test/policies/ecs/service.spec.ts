import * as assert from "node:assert/strict";
import {
    expectCompliant,
    expectNotApplicable,
    expectRemediation,
    expectViolation,
    fakeResource,
    UNKNOWN,
    violationsOf,
} from "../helpers";
import { service, serviceProps, t } from "./fixtures";

describe("policies/ecs/service", () => {
    describe("ecs-service-no-public-ip", () => {
        const name = "ecs-service-no-public-ip";

        it("accepts services and task sets without public IPs", async () => {
            await expectCompliant(name, [
                service(),
                fakeResource(t.taskSet, "set", { networkConfiguration: { subnets: ["subnet-1"] } }),
            ]);
        });

        it("flags assignPublicIp true on a service (awsx FargateService style) and on a task set", async () => {
            const network = { subnets: ["subnet-1"], assignPublicIp: true };
            await expectViolation(name, [service({ networkConfiguration: network })], {
                message: "assignPublicIp is true",
            });
            await expectViolation(name, [fakeResource(t.taskSet, "set", { networkConfiguration: network })]);
        });

        it("cannot be checked while assignPublicIp is unknown", async () => {
            const violations = await violationsOf(
                name,
                [service({ networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: UNKNOWN } })],
                {
                    preview: true,
                    config: { [name]: "mandatory" },
                },
            );
            assert.deepEqual(
                violations.map(v => v.enforcementLevel),
                ["advisory"],
            );
        });
    });

    describe("ecs-fargate-platform-latest", () => {
        const name = "ecs-fargate-platform-latest";

        it("accepts no platform version or LATEST", async () => {
            await expectCompliant(name, [service(), service({ platformVersion: "LATEST" }, "latest")]);
        });

        it("flags a pinned platform version, for launch type and capacity provider services", async () => {
            await expectViolation(name, [service({ platformVersion: "1.3.0" })], { message: 'pinned to "1.3.0"' });
            await expectViolation(name, [
                service({ platformVersion: "1.4.0", capacityProviderStrategies: undefined, launchType: "FARGATE" }),
            ]);
        });

        it("does not apply to EC2 services", async () => {
            await expectNotApplicable(name, [
                service({
                    platformVersion: "1.3.0",
                    capacityProviderStrategies: [{ capacityProvider: "ec2-cp", weight: 1 }],
                }),
            ]);
        });
    });

    describe("ecs-circuit-breaker-rollback", () => {
        const name = "ecs-circuit-breaker-rollback";

        it("accepts a circuit breaker with rollback", async () => {
            await expectCompliant(name, [service()]);
        });

        it("remediates a missing or half-enabled circuit breaker (default level remediate)", async () => {
            await expectRemediation(name, [service({ deploymentCircuitBreaker: undefined })], {
                props: { deploymentCircuitBreaker: { enable: true, rollback: true } },
            });
            await expectRemediation(name, [service({ deploymentCircuitBreaker: { enable: true, rollback: false } })], {
                props: { deploymentCircuitBreaker: { enable: true, rollback: true } },
            });
        });

        it("reports it when remediation is off", async () => {
            await expectViolation(name, [service({ deploymentCircuitBreaker: { enable: true, rollback: false } })], {
                config: { [name]: "mandatory" },
                enforcementLevel: "mandatory",
                message: "enable: true and rollback: true",
            });
        });

        it("does not apply to CODE_DEPLOY or EXTERNAL controllers", async () => {
            await expectNotApplicable(name, [
                service({ deploymentCircuitBreaker: undefined, deploymentController: { type: "CODE_DEPLOY" } }),
            ]);
            const violations = await violationsOf(name, [
                service({ deploymentCircuitBreaker: undefined, deploymentController: { type: "EXTERNAL" } }),
            ]);
            assert.deepEqual(violations, []);
        });
    });

    describe("ecs-deployment-percent", () => {
        const name = "ecs-deployment-percent";

        it("accepts 100/200 and the unset defaults", async () => {
            await expectCompliant(name, [
                service(),
                service(
                    { deploymentMinimumHealthyPercent: undefined, deploymentMaximumPercent: undefined },
                    "defaults",
                ),
            ]);
        });

        it("flags a lower minimum healthy percent or maximum percent", async () => {
            await expectViolation(name, [service({ deploymentMinimumHealthyPercent: 50 })], {
                message: "deploymentMinimumHealthyPercent 50 is below 100",
            });
            await expectViolation(name, [service({ deploymentMaximumPercent: 150 })], {
                message: "deploymentMaximumPercent 150 is below 200",
            });
        });

        it("takes thresholds from config (staging allows 50%)", async () => {
            await expectCompliant(name, [service({ deploymentMinimumHealthyPercent: 50 })], {
                config: { [name]: { minHealthyPercent: 50 } },
            });
        });

        it("does not apply to daemon services", async () => {
            await expectNotApplicable(name, [
                service({ schedulingStrategy: "DAEMON", deploymentMinimumHealthyPercent: 0 }),
            ]);
        });
    });

    describe("ecs-lb-grace-period", () => {
        const name = "ecs-lb-grace-period";

        it("accepts a grace period with a load balancer", async () => {
            await expectCompliant(name, [service()]);
        });

        it("flags a load-balanced service without a grace period", async () => {
            await expectViolation(name, [service({ healthCheckGracePeriodSeconds: undefined })], {
                message: "healthCheckGracePeriodSeconds is not set",
            });
        });

        it("does not apply without a load balancer", async () => {
            await expectNotApplicable(name, [service({ loadBalancers: [], healthCheckGracePeriodSeconds: undefined })]);
        });
    });

    describe("ecs-no-spot", () => {
        const name = "ecs-no-spot";
        const spot = [
            { capacityProvider: "FARGATE", weight: 1, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ];

        it("accepts on-demand strategies and a zero-weight Spot entry", async () => {
            await expectCompliant(name, [
                service(),
                service(
                    {
                        capacityProviderStrategies: [
                            ...spot.slice(0, 1),
                            { capacityProvider: "FARGATE_SPOT", weight: 0 },
                        ],
                    },
                    "zero",
                ),
            ]);
        });

        it("flags Spot weight on services and on cluster default strategies", async () => {
            await expectViolation(name, [service({ capacityProviderStrategies: spot })], {
                message: "FARGATE_SPOT has weight 3 and base 0",
            });
            await expectViolation(name, [
                fakeResource(t.capacityProviders, "cp", {
                    clusterName: "c",
                    capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                    defaultCapacityProviderStrategies: spot,
                }),
            ]);
        });

        it("takes Spot-backed EC2 capacity providers from config", async () => {
            const ec2Spot = [{ capacityProvider: "ec2-spot", weight: 1 }];
            await expectCompliant(name, [service({ capacityProviderStrategies: ec2Spot })]);
            await expectViolation(name, [service({ capacityProviderStrategies: ec2Spot })], {
                config: { [name]: { spotCapacityProviders: ["ec2-spot"] } },
            });
        });
    });

    describe("ecs-exec-disabled", () => {
        const name = "ecs-exec-disabled";

        it("accepts services without ECS Exec", async () => {
            await expectCompliant(name, [
                service(),
                fakeResource(t.service, "unset", { ...serviceProps(), enableExecuteCommand: undefined }),
            ]);
        });

        it("flags enableExecuteCommand", async () => {
            await expectViolation(name, [service({ enableExecuteCommand: true })], {
                message: "enableExecuteCommand is true",
            });
        });
    });
});
