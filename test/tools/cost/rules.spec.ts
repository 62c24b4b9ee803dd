import * as assert from "assert";
import { estimateCost } from "../../../tools/cost/estimate";
import { placeTasks } from "../../../tools/cost/rules-compute";
import { captured } from "./fixtures";

/** Each rule on a one-resource fixture: what it prices, in eu-west-1, by hand. */
function lines(...resources: ReturnType<typeof captured>[]) {
    return estimateCost(resources, "eu-west-1").lines.map(l => [l.item, l.quantity, l.unitPrice, l.monthly]);
}

describe("tools/cost pricing rules", () => {
    it("places tasks as ECS does: bases first, the rest by weight", () => {
        const strategy = [
            { capacityProvider: "FARGATE", base: 1, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ];
        assert.deepStrictEqual(
            [...placeTasks(1, strategy)],
            [
                ["FARGATE", 1],
                ["FARGATE_SPOT", 0],
            ],
        );
        assert.deepStrictEqual(
            [...placeTasks(5, strategy)],
            [
                ["FARGATE", 2],
                ["FARGATE_SPOT", 3],
            ],
        );
    });

    it("uses the cluster's default strategy for a service without its own, and public IPs per task", () => {
        const cluster = captured("aws:ecs/cluster:Cluster", "c", {});
        const providers = captured(
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            "c",
            { defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] },
            { clusterName: [cluster.urn] },
        );
        const td = captured("aws:ecs/taskDefinition:TaskDefinition", "t", { cpu: "256", memory: "512" });
        const service = captured(
            "aws:ecs/service:Service",
            "s",
            { desiredCount: 2, networkConfiguration: { assignPublicIp: true } },
            { taskDefinition: [td.urn], cluster: [cluster.urn] },
        );
        assert.deepStrictEqual(lines(cluster, providers, td, service), [
            ["Fargate Spot X86_64, 2 tasks × 0.25 vCPU", 365, 0.012144, 4.4326],
            ["Fargate Spot X86_64, 2 tasks × 0.5 GB", 730, 0.0013335, 0.9735],
            ["Public IPv4 address-hours (2 tasks)", 1460, 0.005, 7.3],
        ]);
    });

    it("prices alarms per metric and resolution, composite alarms and WAF rules", () => {
        const math = captured("aws:cloudwatch/metricAlarm:MetricAlarm", "math", {
            metricQueries: [{ id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }, { id: "e" }],
        });
        const fast = captured("aws:cloudwatch/metricAlarm:MetricAlarm", "fast", { period: 10 });
        const composite = captured("aws:cloudwatch/compositeAlarm:CompositeAlarm", "all", {});
        const acl = captured("aws:wafv2/webAcl:WebAcl", "acl", { rules: [{}, {}] });
        assert.deepStrictEqual(lines(math, fast, composite, acl), [
            ["CloudWatch alarm", 2, 0.1, 0.2],
            ["CloudWatch high-resolution alarm", 1, 0.3, 0.3],
            ["CloudWatch composite alarm", 1, 0.5, 0.5],
            ["WAF web ACL", 1, 5, 5],
            ["WAF rules (2)", 2, 1, 2],
        ]);
    });

    it("prices a Service Connect private DNS namespace as the hosted zone it creates, and advanced parameters", () => {
        const namespace = captured("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "ns", {});
        const advanced = captured("aws:ssm/parameter:Parameter", "p", { tier: "Advanced" });
        assert.deepStrictEqual(lines(namespace, advanced), [
            ["Route 53 hosted zone", 1, 0.5, 0.5],
            ["Route 53 DNS queries (per use)", null, 0.4, 0],
            ["SSM advanced parameter", 1, 0.05, 0.05],
        ]);
    });

    it("reports load balancer and endpoint kinds it has no prices for", () => {
        const nlb = captured("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network" });
        const gwlb = captured("aws:ec2/vpcEndpoint:VpcEndpoint", "gwlb", { vpcEndpointType: "GatewayLoadBalancer" });
        const unpriced = estimateCost([nlb, gwlb], "eu-west-1").lines.map(l => l.unpriced);
        assert.deepStrictEqual(unpriced, [
            "no price data for network load balancers",
            "no price data for GatewayLoadBalancer endpoints",
        ]);
    });
});
