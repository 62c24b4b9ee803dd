import * as assert from "assert";
import { AUTOSCALING_DEFAULTS } from "../../../components/ecs/autoscaling";
import { backendDefaults } from "../../../components/ecs/backend-service";
import { HEALTH_CHECK_DEFAULTS } from "../../../components/ecs/container-definitions";
import { jobDefaults } from "../../../components/ecs/scheduled-job";
import { webDefaults } from "../../../components/ecs/service";
import { serviceBaseDefaults } from "../../../components/ecs/service-base";
import { taskDefinitionDefaults } from "../../../components/ecs/task-definition";
import { queueDefaults } from "../../../components/ecs/worker-service";
import { declarations, defaultOf } from "../../../tools/args-docs";
import { baseArgs } from "./service-fixtures";

/**
 * Each default has one home, the component's defaults function; the Args TSDoc ("Default: …", which the README
 * tables show) must say what that function applies. Checked for every default that is a literal (a number,
 * true/false, or one backticked word); prose defaults ("the image's", "none") are not values to compare.
 */
const found = declarations();

/** The literal a TSDoc default names, or undefined for prose. */
function literal(text: string): unknown {
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (text === "true" || text === "false") return text === "true";
    const word = /^`([^`\s<>]+)`$/.exec(text); // `/<name>` is a template, not a value
    return word ? word[1] : undefined;
}

/** The interface's own documented literal defaults, by property. */
function documented(interfaceName: string): Record<string, unknown> {
    const declared = found.interfaces.get(interfaceName);
    assert.ok(declared, `no interface ${interfaceName}`);
    const defaults: Record<string, unknown> = {};
    for (const property of declared.properties) {
        const value = literal(defaultOf(property));
        if (value !== undefined) defaults[property.name] = value;
    }
    return defaults;
}

/** Asserts the applied settings carry every documented literal default; returns how many were compared. */
function agree(interfaceName: string, applied: Record<string, unknown>): number {
    const defaults = documented(interfaceName);
    for (const [property, value] of Object.entries(defaults)) {
        assert.deepStrictEqual(applied[property], value, `${interfaceName}.${property}: TSDoc and code disagree`);
    }
    return Object.keys(defaults).length;
}

describe("workload components: documented defaults are the applied ones", () => {
    const args = baseArgs();

    it("TaskDefinition (TaskArgs)", () => {
        const settings = taskDefinitionDefaults({ ...args, name: "api" });
        assert.ok(agree("TaskArgs", settings) >= 8);
        assert.ok(agree("ContainerHealthCheck", HEALTH_CHECK_DEFAULTS) === 4);
        const efs = { containerPath: "/data", kmsKeyArn: "k", securityGroupId: "sg", subnetIds: ["s"] };
        assert.ok(agree("TaskEfsArgs", taskDefinitionDefaults({ ...args, name: "api", efs }).efs!) >= 1);
    });

    it("the service base and the web kind", () => {
        assert.ok(agree("ServiceCoreArgs", serviceBaseDefaults(args)) >= 4);
        assert.ok(agree("ServiceScalingArgs", serviceBaseDefaults(args)) >= 1);
        assert.ok(agree("ServiceArgs", webDefaults(args)) >= 3);
        const shifted = (strategy?: "CANARY" | "LINEAR") =>
            webDefaults({
                ...args,
                blueGreen: { alternateTargetGroupArn: "tg", productionListenerRuleArn: "rule", roleArn: "r", strategy },
            }).blueGreen!;
        assert.ok(agree("BlueGreenArgs", shifted()) >= 2);
        assert.ok(agree("CanaryArgs", shifted("CANARY").canary!) === 2);
        assert.ok(agree("LinearArgs", shifted("LINEAR").linear!) === 2);
        assert.ok(
            agree("TargetTrackingArgs", {
                enabled: true,
                targetValue: AUTOSCALING_DEFAULTS.cpuTarget,
                scaleOutCooldown: AUTOSCALING_DEFAULTS.scaleOutCooldown,
                scaleInCooldown: AUTOSCALING_DEFAULTS.scaleInCooldown,
            }) >= 2,
        );
    });

    it("the backend, worker and job kinds", () => {
        const { autoscaling: _, ...placement } = args;
        const backend = backendDefaults({ ...placement, serviceConnect: { namespaceArn: "ns" } });
        assert.ok(agree("BackendServiceArgs", backend) === 2);
        assert.ok(agree("WorkerQueueArgs", queueDefaults({ kmsKeyArn: "k" })) >= 5);
        const job = jobDefaults({
            ...placement,
            subnetIds: ["subnet-a"],
            securityGroupIds: ["sg-tasks"],
            jobName: "report",
            schedule: { expression: "rate(1 day)" },
            kmsKeyArn: "k",
        });
        assert.ok(agree("JobScheduleArgs", job.schedule) >= 4);
    });

    it("catches a TSDoc default the code does not apply", () => {
        assert.throws(
            () => agree("TaskArgs", { ...taskDefinitionDefaults({ ...args, name: "api" }), cpu: 512 }),
            /cpu/,
        );
    });
});
