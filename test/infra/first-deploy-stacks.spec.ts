import * as assert from "node:assert/strict";
import type { CapturedResource } from "../../testing/harness";
import { ofType } from "../../testing/harness";
import { previewStack, StackPreview } from "../../tools/preview";

const SERVICE = "aws:ecs/service:Service";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SCALING_TARGET = "aws:appautoscaling/target:Target";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

/** The stacks' services and what each waits for in an empty account. */
const DORMANT: Record<string, Record<string, string>> = {
    staging: {
        "staging-web": "image=staging/web:v0.1.0",
        "staging-api": "image=staging/api:v0.1.0 secret=/staging/api/DATABASE_PASSWORD",
        "staging-worker": "image=staging/worker:v0.1.0",
    },
    prod: {
        "prod-web": "image=prod/web:v0.1.0",
        "prod-api": "image=prod/api:v0.1.0 secret=/prod/api/DATABASE_PASSWORD",
        "prod-worker": "image=prod/worker:v0.1.0",
    },
};

/** Tasks each service starts with once it can run: its configured minimum (staging's worker scales from zero). */
const RUNNING: Record<string, Record<string, number>> = {
    staging: { "staging-web": 1, "staging-api": 1, "staging-worker": 0 },
    prod: { "prod-web": 3, "prod-api": 3, "prod-worker": 2 },
};

function byName(resources: CapturedResource[], type: string): Map<string, CapturedResource> {
    return new Map(ofType(resources, type).map(r => [r.name, r]));
}

/** The scalable targets of an ECS service (its `resourceId` is built from the service's name output). */
function targetsOf(preview: StackPreview, service: CapturedResource): CapturedResource[] {
    return ofType(preview.resources, SCALING_TARGET).filter(t =>
        (t.propertyDependencies.resourceId ?? []).includes(service.urn),
    );
}

describe("the first `pulumi up` of an empty account (fake cloud: no image, no secret value)", function () {
    this.timeout(120000);
    const runs: Record<string, { first: StackPreview; steady: StackPreview }> = {};

    before(async () => {
        for (const stack of ["staging", "prod"]) {
            runs[stack] = {
                first: await previewStack(stack, { firstDeploy: true }),
                steady: await previewStack(stack),
            };
        }
    });

    for (const stack of ["staging", "prod"]) {
        describe(stack, () => {
            it("no service can start a task it cannot pull or configure: each is dormant, at 0 tasks, tagged", () => {
                const { first } = runs[stack];
                const services = ofType(first.resources, SERVICE);
                assert.deepEqual(
                    Object.fromEntries(services.map(s => [s.name, s.inputs.tags.dormant])),
                    DORMANT[stack],
                );
                for (const service of services) {
                    assert.equal(service.inputs.desiredCount, 0, service.name);
                    // Nothing can raise it: no target, or one held at 0..0, and no scheduled action.
                    for (const target of targetsOf(first, service)) {
                        assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [0, 0]);
                    }
                    assert.ok(
                        !service.options.ignoreChanges.includes("desiredCount") || targetsOf(first, service).length > 0,
                    );
                }
                assert.deepEqual(ofType(first.resources, SCHEDULED_ACTION), []);
            });

            it("the preview says what will not run yet and exactly what to do", () => {
                const { first, steady } = runs[stack];
                const added = first.warnings.filter(w => !steady.warnings.includes(w));
                assert.deepEqual(
                    added.map(w => w.split(" ")[0]),
                    ["services.web", "services.api", "services.worker", "services.nightly-report", "services.migrate"],
                );
                assert.ok(added[1].includes(`push ${stack}/api:v0.1.0`));
                assert.ok(
                    added[1].includes(
                        `aws secretsmanager put-secret-value --secret-id /${stack}/api/DATABASE_PASSWORD --secret-string file://value.txt`,
                    ),
                );
                assert.ok(added.every(w => w.includes("then run `pulumi up` again")));
            });

            it("the pack passes: nothing mandatory, and beyond the steady state only the dormant advisories", () => {
                const { first, steady } = runs[stack];
                assert.deepEqual(
                    first.violations.filter(v => v.enforcementLevel === "mandatory"),
                    [],
                );
                const key = (v: { policy: string; urn?: string }) => `${v.policy} ${v.urn}`;
                const before = new Set(steady.violations.map(key));
                const added = first.violations.filter(v => !before.has(key(v)));
                assert.deepEqual(
                    added.map(v => [v.policy, v.enforcementLevel]),
                    Object.keys(DORMANT[stack]).map(() => ["ecs-service-dormant", "advisory"]),
                );
                // What the dormant services no longer show: the availability checks they are exempt from.
                const now = new Set(first.violations.map(key));
                const gone = steady.violations.filter(v => !now.has(key(v)));
                for (const v of gone) {
                    assert.ok(["ecs-service-ha", "ecs-autoscaling-present"].includes(v.policy), key(v));
                    assert.ok(
                        Object.keys(DORMANT[stack]).some(name => v.urn?.endsWith(`::${name}`)),
                        key(v),
                    );
                }
            });

            it("a job whose image is missing is paused, not fired every period to fail; pulumi up resumes it", () => {
                const { first, steady } = runs[stack];
                const state = (preview: StackPreview) =>
                    ofType(preview.resources, SCHEDULE).map(s => [s.name, s.inputs.state]);
                assert.deepEqual(state(first), [[`${stack}-nightly-report`, "DISABLED"]]);
                assert.deepEqual(state(steady), [[`${stack}-nightly-report`, "ENABLED"]]);
            });

            it("in the steady state nothing is dormant and every service runs its configured count", () => {
                const { steady } = runs[stack];
                assert.ok(steady.resources.every(r => r.inputs.tags?.dormant === undefined));
                assert.ok(steady.violations.every(v => v.policy !== "ecs-service-dormant"));
                assert.deepEqual(
                    Object.fromEntries(ofType(steady.resources, SERVICE).map(s => [s.name, s.inputs.desiredCount])),
                    RUNNING[stack],
                );
            });

            it("waking up is no deployment: the service and task definition change only in tags", () => {
                const { first, steady } = runs[stack];
                const after = byName(steady.resources, SERVICE);
                for (const [name, dormant] of byName(first.resources, SERVICE)) {
                    const running = after.get(name)!;
                    const changed = Object.keys({ ...dormant.inputs, ...running.inputs }).filter(
                        key => JSON.stringify(dormant.inputs[key]) !== JSON.stringify(running.inputs[key]),
                    );
                    // desiredCount is ignored once autoscaled: the update only retags, and the scaler (a target
                    // registered with the real bounds, or raised from 0..0) starts the tasks. ECS deploys nothing, so
                    // the deployment alarms (running below desired, unhealthy hosts) judge nothing.
                    assert.ok(running.options.ignoreChanges.includes("desiredCount"), name);
                    assert.deepEqual(
                        changed.filter(k => k !== "desiredCount"),
                        ["tags"],
                        name,
                    );
                    const raised = targetsOf(steady, running);
                    assert.equal(raised.length, 1, name);
                    assert.deepEqual(
                        [raised[0].inputs.minCapacity, raised[0].inputs.maxCapacity > 0],
                        [RUNNING[stack][name], true],
                        name,
                    );
                }
                const tasksAfter = byName(steady.resources, TASK_DEFINITION);
                for (const [name, task] of byName(first.resources, TASK_DEFINITION)) {
                    const { tags: _a, ...dormantInputs } = task.inputs;
                    const { tags: _b, ...runningInputs } = tasksAfter.get(name)!.inputs;
                    assert.deepEqual(dormantInputs, runningInputs, `${name}: no new revision`);
                }
            });
        });
    }
});
