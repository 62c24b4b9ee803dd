import * as assert from "assert";
import { estimateCost } from "../../../tools/cost/estimate";
import { loadPriceTable, PRICE_KEYS } from "../../../tools/cost/prices";
import { captured } from "./fixtures";

/** A small stack of every idle-priced kind, priced by hand from tools/cost/prices/eu-west-1.json (730 h). */
const subnets = ["subnet-a", "subnet-b"];
const taskDefinition = captured("aws:ecs/taskDefinition:TaskDefinition", "worker", {
    cpu: "1024",
    memory: "2048",
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
});
const service = captured(
    "aws:ecs/service:Service",
    "worker",
    {
        name: "worker",
        desiredCount: 1,
        capacityProviderStrategies: [
            { capacityProvider: "FARGATE", base: 1, weight: 0 },
            { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ],
    },
    { taskDefinition: [taskDefinition.urn] },
);
const template = captured("aws:ec2/launchTemplate:LaunchTemplate", "capacity", {
    instanceType: "t3.medium",
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30, volumeType: "gp3" } }],
});
const knownStack = [
    captured("aws:ec2/natGateway:NatGateway", "nat", { connectivityType: "public" }),
    captured("aws:ec2/eip:Eip", "nat", { domain: "vpc" }),
    captured("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application", internal: false, subnets }),
    captured("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", {
        vpcEndpointType: "Interface",
        serviceName: "com.amazonaws.eu-west-1.ecr.dkr",
        subnetIds: subnets,
    }),
    captured("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway", serviceName: "s3" }),
    taskDefinition,
    service,
    captured(
        "aws:appautoscaling/target:Target",
        "worker-scaling",
        { minCapacity: 3, maxCapacity: 6, resourceId: "service/c/worker" },
        { resourceId: [service.urn] },
    ),
    template,
    captured("aws:autoscaling/group:Group", "capacity", { minSize: 2, maxSize: 4 }, { launchTemplate: [template.urn] }),
    captured("aws:kms/key:Key", "key", {}),
    captured("aws:secretsmanager/secret:Secret", "secret", {}),
    captured("aws:ssm/parameter:Parameter", "standard", { tier: "Standard" }),
    captured("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { period: 60 }),
    captured("aws:cloudwatch/dashboard:Dashboard", "dashboard", {}),
    captured("aws:route53/zone:Zone", "zone", { name: "example.com" }),
    captured("aws:route53/record:Record", "www", { type: "CNAME", records: ["alb.example.com"] }),
    captured("aws:route53/record:Record", "apex", { type: "A", aliases: [{ name: "alb", zoneId: "Z" }] }),
    captured("aws:sqs/queue:Queue", "jobs", {}),
    captured("aws:sqs/queue:Queue", "orders", { fifoQueue: true }),
    captured("aws:scheduler/schedule:Schedule", "nightly", {}),
    captured("aws:iam/role:Role", "free", {}),
];

/** [resource name, item (start), quantity, unit price, monthly] — each by hand from the table. */
const expectedIdle: [string, string, number, number, number][] = [
    ["nat", "NAT gateway-hours", 730, 0.048, 35.04],
    ["nat", "Public IPv4 address-hours", 730, 0.005, 3.65],
    ["alb", "Application Load Balancer-hours", 730, 0.0252, 18.396],
    ["alb", "ALB LCU-hours", 730, 0.008, 5.84],
    ["alb", "Public IPv4 address-hours (2 AZs)", 1460, 0.005, 7.3],
    ["ecr", "Interface endpoint ecr.dkr (2 AZs)", 1460, 0.011, 16.06],
    // 3 tasks (the autoscaling minimum): the base task on FARGATE, the other 2 by weight on FARGATE_SPOT (70 % off).
    ["worker", "Fargate ARM64, 1 task × 1 vCPU", 730, 0.03238, 23.6374],
    ["worker", "Fargate ARM64, 1 task × 2 GB", 1460, 0.00356, 5.1976],
    ["worker", "Fargate Spot ARM64, 2 tasks × 1 vCPU", 1460, 0.03238 * 0.3, 14.1824],
    ["worker", "Fargate Spot ARM64, 2 tasks × 2 GB", 2920, 0.00356 * 0.3, 3.1186],
    ["capacity", "EC2 t3.medium, 2", 1460, 0.0456, 66.576],
    ["capacity", "EBS gp3 root volumes, 2 × 30 GB", 60, 0.088, 5.28],
    ["key", "KMS customer managed key", 1, 1, 1],
    ["secret", "Secrets Manager secret", 1, 0.4, 0.4],
    ["alarm", "CloudWatch alarm", 1, 0.1, 0.1],
    ["dashboard", "CloudWatch dashboard", 1, 3, 3],
    ["zone", "Route 53 hosted zone", 1, 0.5, 0.5],
];

function nameOf(urn: string): string {
    return urn.split("::").pop()!;
}

describe("tools/cost/estimate", () => {
    const estimate = estimateCost(knownStack, "eu-west-1");

    it("prices each idle line item of a small known stack as computed by hand from the eu-west-1 table", () => {
        const idle = estimate.lines.filter(l => !l.perUse && !l.unpriced);
        assert.strictEqual(idle.length, expectedIdle.length, JSON.stringify(idle.map(l => l.item)));
        for (const [name, item, quantity, unitPrice, monthly] of expectedIdle) {
            const line = idle.find(l => nameOf(l.urn) === name && l.item.startsWith(item));
            assert.ok(line, `no line "${item}" for ${name}`);
            assert.strictEqual(line.quantity, quantity, `${item} quantity`);
            assert.ok(Math.abs(line.unitPrice - unitPrice) < 1e-12, `${item} unit price ${line.unitPrice}`);
            assert.ok(Math.abs(line.monthly - monthly) < 1e-4, `${item} monthly ${line.monthly}, expected ${monthly}`);
        }
        const total = expectedIdle.reduce((sum, [, , , , monthly]) => sum + monthly, 0);
        assert.ok(Math.abs((estimate.monthly ?? 0) - total) < 1e-3, `total ${estimate.monthly}, expected ${total}`);
        assert.deepStrictEqual(
            [estimate.currency, estimate.region, estimate.priceDate],
            ["USD", "eu-west-1", "2026-12-01"],
        );
    });

    it("shows queues, schedules and DNS queries as per-use lines with their unit price, outside the total", () => {
        const perUse = estimate.lines
            .filter(l => l.perUse)
            .map(l => [nameOf(l.urn), l.unitPrice, l.quantity, l.monthly]);
        assert.deepStrictEqual(perUse, [
            ["zone", 0.4, null, 0],
            ["www", 0.4, null, 0],
            ["jobs", 0.4, null, 0],
            ["orders", 0.5, null, 0],
            ["nightly", 1, null, 0],
        ]);
    });

    it("leaves free resources out (gateway endpoints, standard parameters, alias records, roles)", () => {
        const priced = new Set(estimate.lines.map(l => nameOf(l.urn)));
        for (const free of ["s3", "standard", "apex", "free"]) {
            assert.ok(!priced.has(free), `${free} should cost nothing`);
        }
    });

    it("reports an instance type the table lacks instead of guessing", () => {
        const unknown = knownStack.map(r =>
            r.name === "capacity" && r.type.includes("launchTemplate")
                ? { ...r, inputs: { ...r.inputs, instanceType: "x9.huge" } }
                : r,
        );
        const line = estimateCost(unknown, "eu-west-1").lines.find(l => l.unpriced);
        assert.strictEqual(line?.unpriced, "no price data for EC2 instance type x9.huge in eu-west-1");
        assert.strictEqual(line?.monthly, 0);
    });

    it("says there is no price data for a region without a table, with no lines and no total", () => {
        const none = estimateCost(knownStack, "ap-south-2");
        assert.strictEqual(none.unavailable, "no price data for ap-south-2");
        assert.deepStrictEqual([none.monthly, none.priceDate, none.lines], [null, null, []]);
    });

    it("counts an internal load balancer's hours but no public addresses", () => {
        const internal = captured("aws:lb/loadBalancer:LoadBalancer", "internal", { internal: true, subnets });
        const items = estimateCost([internal], "eu-west-1").lines.map(l => l.item);
        assert.deepStrictEqual(items, ["Application Load Balancer-hours", "ALB LCU-hours (1 LCU)"]);
    });

    it("puts tasks of a service on EC2 capacity on its instances, not on Fargate", () => {
        const onEc2 = captured(
            "aws:ecs/service:Service",
            "ec2",
            { desiredCount: 2, launchType: "EC2" },
            { taskDefinition: [taskDefinition.urn] },
        );
        assert.deepStrictEqual(estimateCost([taskDefinition, onEc2], "eu-west-1").lines, []);
    });

    for (const region of ["eu-west-1", "us-east-1"]) {
        it(`has a complete ${region} table where every figure names its AWS page`, () => {
            const table = loadPriceTable(region)!;
            assert.deepStrictEqual(Object.keys(table.prices).sort(), [...PRICE_KEYS].sort());
            for (const price of [...Object.values(table.prices), ...Object.values(table.ec2InstanceHour)]) {
                assert.match(price.source, /^https:\/\/aws\.amazon\.com\//);
                assert.ok(price.confirmed || (price.note ?? "").length > 0, "an unconfirmed figure says why");
            }
        });
    }
});
