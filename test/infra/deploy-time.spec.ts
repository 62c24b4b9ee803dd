import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../infra/config/errors";
import { AWS_REGIONS } from "../../infra/config/regions";
import { main } from "../../infra/program";
import { accountProblems } from "../../infra/config/deploy-time";
import { parseStackConfig } from "../../infra/config/load";
import { AVAILABILITY_ZONE_COUNTS, FAKE_ACCOUNT_ID, fakeCloud } from "../../testing/fake-cloud";
import { runProgram } from "../../testing/harness";
import { readStackFile } from "../../testing/stack-file";

describe("deploy-time facts (availability zones, the account), checked before any resource", function () {
    this.timeout(60000);

    it("the fake cloud answers each Region with its real zone count, and refuses a Region AWS does not have", () => {
        const zones = (region: string) =>
            fakeCloud({ region, preview: false }).call({
                token: "aws:index/getAvailabilityZones:getAvailabilityZones",
                inputs: {},
            } as any) as { names: string[] };
        assert.deepStrictEqual(zones("us-west-1").names, ["us-west-1a", "us-west-1b"]);
        assert.strictEqual(zones("us-east-1").names.length, 6);
        assert.strictEqual(zones("eu-west-1").names.length, 3);
        assert.throws(() => zones("eu-west-9"), /invalid AWS Region: eu-west-9/);
        assert.deepStrictEqual(Object.keys(AVAILABILITY_ZONE_COUNTS).sort(), [...AWS_REGIONS].sort());
    });

    it("more AZs than the Region has fails with a ConfigError naming network.azCount, and registers nothing", async () => {
        const file = readStackFile("prod");
        file.values["aws:region"] = "us-west-1";
        const cloud = fakeCloud({ region: "us-west-1", preview: false });
        let registered = 0;
        pulumi.runtime.setAllConfig(file.values, file.secretKeys);
        await pulumi.runtime.setMocks(
            { newResource: args => (registered++, cloud.newResource(args)), call: args => cloud.call(args) },
            "ecs-platform",
            "prod",
        );
        await assert.rejects(main({ secretPaths: file.secretPaths }), (err: unknown) => {
            assert.ok(ConfigError.isConfigError(err), String(err));
            assert.deepStrictEqual(err.problems, [
                {
                    key: "ecs-platform:network.azCount",
                    message:
                        "is 3, but us-west-1 has 2 availability zones for this account (us-west-1a, us-west-1b): use at most 2",
                },
            ]);
            assert.match(err.message, /^Invalid stack configuration in Pulumi\.prod\.yaml/);
            return true;
        });
        assert.strictEqual(registered, 0);
    });

    it("a certificate of another account fails naming the key; the deploying account's passes", async () => {
        const file = readStackFile("prod");
        const certificate = (account: string) =>
            `arn:aws:acm:eu-west-1:${account}:certificate/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b`;
        const lb = JSON.parse(file.values["ecs-platform:loadBalancer"]);
        // Bring your own certificate instead of the requested one.
        delete lb.domain;
        delete lb.hostedZone;
        lb.certificateArn = certificate("999999999999");
        file.values["ecs-platform:loadBalancer"] = JSON.stringify(lb);
        await assert.rejects(
            runProgram(main, { stack: "prod", config: file.values, secretKeys: file.secretKeys }),
            (err: unknown) =>
                ConfigError.isConfigError(err) &&
                err.problems.length === 1 &&
                err.problems[0].key === "ecs-platform:loadBalancer.certificateArn" &&
                /belongs to account 999999999999, but the stack deploys to account 123456789012/.test(
                    err.problems[0].message,
                ),
        );
        lb.certificateArn = certificate(FAKE_ACCOUNT_ID);
        file.values["ecs-platform:loadBalancer"] = JSON.stringify(lb);
        assert.deepStrictEqual(accountProblems(parseStackConfig({ stack: "prod", ...file }), FAKE_ACCOUNT_ID), []);
    });

    it("as many AZs as the Region has is fine", async () => {
        const file = readStackFile("staging");
        file.values["aws:region"] = "us-west-1";
        const run = await runProgram(main, { stack: "staging", config: file.values, secretKeys: file.secretKeys });
        const subnets = run.resources.filter(r => r.type === "aws:ec2/subnet:Subnet");
        assert.deepStrictEqual([...new Set(subnets.map(s => s.inputs.availabilityZone))].sort(), [
            "us-west-1a",
            "us-west-1b",
        ]);
    });
});
