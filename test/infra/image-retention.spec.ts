import * as assert from "assert";
import type { EcrLifecycleRule } from "../../components/registry";
import { main } from "../../infra/program";
import { CapturedResource, ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";
import { expiredBy, Image } from "../components/registry/ecr-lifecycle";

const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

/** A sample stack, optionally with every own-image service moved to `tag`. */
async function synthesize(stack: string, tag?: string) {
    const file = readStackFile(stack);
    const values = { ...file.values };
    if (tag) {
        const services = JSON.parse(values["ecs-platform:services"]);
        for (const service of Object.values<{ image: { source: string; tag?: string } }>(services)) {
            if (service.image.source === "ecr") service.image.tag = tag;
        }
        values["ecs-platform:services"] = JSON.stringify(services);
    }
    return runProgram(main, { stack, config: values, secretKeys: file.secretKeys });
}

const policyOf = (resources: CapturedResource[], repository: string): EcrLifecycleRule[] =>
    JSON.parse(ofType(resources, LIFECYCLE).find(p => p.inputs.repository === repository)!.inputs.policy).rules;

/** The components of the workloads in each repository, from the stack file: `<env>/<service>`. */
function workloadsOf(stack: string): { name: string; kind: string }[] {
    const services = JSON.parse(readStackFile(stack).values["ecs-platform:services"]);
    return Object.entries<{ kind?: string; image: { source: string } }>(services)
        .filter(([, s]) => s.image.source !== "external")
        .map(([name, s]) => ({ name, kind: s.kind ?? "web" }));
}

describe("infra/program: the ECR lifecycle never expires a running image or its rollback target (F9)", function () {
    this.timeout(120000);

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: each repository's policy is written after the workloads running its images have deployed`, async () => {
            const { resources } = await synthesize(stack);
            for (const { name, kind } of workloadsOf(stack)) {
                const policy = ofType(resources, LIFECYCLE).find(p => p.inputs.repository === `${stack}/${name}`);
                assert.ok(policy, `${name} has a lifecycle policy`);
                // What runs the image: the ECS service, or for jobs and one-off tasks the task definition.
                const runner =
                    ofType(resources, "aws:ecs/service:Service").find(s => s.name === `${stack}-${name}`) ??
                    ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find(t =>
                        t.name.startsWith(`${stack}-${name}`),
                    );
                assert.ok(runner, `${name} (${kind}) runs somewhere`);
                assert.ok(
                    policy.dependencies.includes(runner.urn),
                    `${stack}/${name}'s policy waits for ${runner.type} ${runner.name}`,
                );
            }
        });
    }

    it("prod: during a deployment the policy in force keeps the image being replaced, however far prod lags", async () => {
        // Prod runs sha-p, pushed 41 builds ago (CI pushes every build to prod's repository); it deploys sha-c, the newest.
        const builds: Image[] = [
            { id: "p", tags: ["sha-p"], age: 41 },
            ...Array.from({ length: 39 }, (_, i) => ({ id: `b${i}`, tags: [`sha-b${i}`], age: 40 - i })),
            { id: "c", tags: ["sha-c"], age: 0 },
        ];
        const lastCompleted = policyOf((await synthesize("prod", "sha-p")).resources, "prod/web");
        const next = policyOf((await synthesize("prod", "sha-c")).resources, "prod/web");
        // The next policy alone would let the count rule take sha-p: the old order lost the rollback target.
        assert.ok(expiredBy(next, builds).has("p"), "the new policy no longer names sha-p");
        // It is written only after the deployment completes, so until then the last completed one is in force.
        const duringDeployment = expiredBy(lastCompleted, builds);
        assert.ok(!duringDeployment.has("p"), "the running image, ECS's rollback target, stays");
        assert.ok(!duringDeployment.has("c"), "the image being deployed is the newest: the count keeps it");
        // Once it has completed, the new policy keeps what now runs (and ECS's rollback target is that revision).
        assert.ok(!expiredBy(next, builds).has("c"));
    });
});
