import * as assert from "assert";
import { isPlaceholderAddress, main } from "../../infra/program";
import { ofType, runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

/** Both sample stacks, as `pulumi up` would register them, for what makes a first deploy and every later one safe. */
async function synthesize(stack: string) {
    const file = readStackFile(stack);
    return runProgram(main, { stack, config: file.values, secretKeys: file.secretKeys });
}

describe("infra/program: deployments", function () {
    this.timeout(60000);
    const stacks: Record<string, Awaited<ReturnType<typeof synthesize>>> = {};

    before(async () => {
        stacks.staging = await synthesize("staging");
        stacks.prod = await synthesize("prod");
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack}: every service watches its own deployment alarms, with rollback`, () => {
            const { resources } = stacks[stack];
            const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
            const services = ofType(resources, "aws:ecs/service:Service");
            assert.ok(services.length >= 2);
            for (const service of services) {
                const { alarmNames, enable, rollback } = service.inputs.alarms;
                assert.deepStrictEqual({ enable, rollback }, { enable: true, rollback: true }, service.name);
                const watched = alarmNames.map((name: string) =>
                    alarms.find(a => a.state.name === name)!,
                ) as typeof alarms;
                assert.deepStrictEqual(
                    watched.map(a => a.name.replace(`${stack}-monitoring-${service.inputs.name}-`, "")).sort(),
                    ["running-below-desired", "target-5xx", "unhealthy-hosts"],
                );
                for (const alarm of watched) {
                    // Its own alarms, created before it (the service depends on them; they do not depend on it).
                    assert.ok(service.dependencies.includes(alarm.urn), `${service.name} waits for ${alarm.name}`);
                    const urnsOfServices = services.map(s => s.urn);
                    assert.ok(!alarm.dependencies.some(d => urnsOfServices.includes(d)), `${alarm.name} is acyclic`);
                    const dimensions =
                        alarm.inputs.dimensions ??
                        alarm.inputs.metricQueries.find((q: any) => q.metric).metric.dimensions;
                    assert.ok(
                        dimensions.ServiceName === service.inputs.name || dimensions.TargetGroup !== undefined,
                        alarm.name,
                    );
                }
            }
        });
    }

    it("prod: a DNS-validated certificate, its validation records and alias records to the ALB", () => {
        const { resources, outputs } = stacks.prod;
        const [certificate] = ofType(resources, "aws:acm/certificate:Certificate");
        assert.strictEqual(certificate.inputs.validationMethod, "DNS");
        assert.strictEqual(certificate.inputs.domainName, "app.example.com");
        const records = ofType(resources, "aws:route53/record:Record");
        assert.ok(records.some(r => r.inputs.type === "CNAME" && r.name.includes("-validation-")));
        assert.deepStrictEqual(
            records.filter(r => r.inputs.aliases).map(r => [r.inputs.name, r.inputs.type]),
            [
                ["app.example.com", "A"],
                ["app.example.com", "AAAA"],
            ],
        );
        const https = resources.find(r => r.name === "prod-alb-https")!;
        const [validation] = ofType(resources, "aws:acm/certificateValidation:CertificateValidation");
        assert.ok(https.propertyDependencies.certificateArn.includes(validation.urn));
        assert.strictEqual((outputs as { url: string }).url, "https://app.example.com");
    });

    it("staging stays HTTP-only: no certificate, no records", () => {
        const { resources } = stacks.staging;
        assert.strictEqual(ofType(resources, "aws:acm/certificate:Certificate").length, 0);
        assert.strictEqual(ofType(resources, "aws:route53/record:Record").length, 0);
    });

    it("flags the sample alarm addresses as placeholders in the preview (F11)", () => {
        for (const stack of ["staging", "prod"]) {
            assert.ok(
                stacks[stack].warnings.some(w => /alarms\.emails: platform-\w+@example\.com is a placeholder/.test(w)),
                stack,
            );
        }
        assert.ok(isPlaceholderAddress("oncall@example.org") && isPlaceholderAddress("a@team.example"));
        assert.ok(!isPlaceholderAddress("oncall@acme.io") && !isPlaceholderAddress("me@example.company.com"));
    });
});
