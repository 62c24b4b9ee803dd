import * as assert from "assert";
import { MANAGED_RULE_GROUPS, WebFirewall } from "../../../components/ecs/web-firewall";
import { ComponentArgumentError } from "../../../components/shared";
import { ofType, runProgram } from "../../../testing/harness";

const LB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-alb/0123456789abcdef";

describe("ecs/WebFirewall", () => {
    it("creates a regional web ACL with the AWS managed rule groups and a per-IP rate limit, and associates it", async () => {
        const { resources } = await runProgram(
            () => new WebFirewall("prod-waf", { loadBalancerArn: LB_ARN, tags: { environment: "prod" } }),
            { stack: "test" },
        );
        const [acl] = ofType(resources, "aws:wafv2/webAcl:WebAcl");
        assert.strictEqual(acl.inputs.scope, "REGIONAL");
        assert.deepStrictEqual(acl.inputs.defaultAction, { allow: {} });
        const managed = acl.inputs.rules
            .filter((r: any) => r.statement.managedRuleGroupStatement)
            .map((r: any) => r.statement.managedRuleGroupStatement.name);
        assert.deepStrictEqual(managed, [...MANAGED_RULE_GROUPS]);
        const rate = acl.inputs.rules.find((r: any) => r.statement.rateBasedStatement);
        assert.deepStrictEqual(rate.statement.rateBasedStatement, { limit: 2000, aggregateKeyType: "IP" });
        assert.deepStrictEqual(rate.action, { block: {} });
        const priorities = acl.inputs.rules.map((r: any) => r.priority);
        assert.strictEqual(new Set(priorities).size, priorities.length, "unique rule priorities");
        assert.ok(
            acl.inputs.rules.every(
                (r: any) => r.visibilityConfig.cloudwatchMetricsEnabled && r.visibilityConfig.sampledRequestsEnabled,
            ),
        );
        assert.deepStrictEqual(acl.inputs.tags, { environment: "prod" });
        const [association] = ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
        assert.deepStrictEqual(association.inputs, { resourceArn: LB_ARN, webAclArn: acl.state.arn });
    });

    it("associates an existing web ACL without creating one", async () => {
        const webAclArn =
            "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/11111111-2222-3333-4444-555555555555";
        const { resources } = await runProgram(
            () => new WebFirewall("prod-waf", { loadBalancerArn: LB_ARN, webAclArn }),
            { stack: "test" },
        );
        assert.strictEqual(ofType(resources, "aws:wafv2/webAcl:WebAcl").length, 0);
        assert.strictEqual(
            ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation")[0].inputs.webAclArn,
            webAclArn,
        );
    });

    it("rejects a rate limit WAF does not accept", async () => {
        await assert.rejects(
            runProgram(() => new WebFirewall("w", { loadBalancerArn: LB_ARN, requestsPerFiveMinutesPerIp: 10 }), {
                stack: "test",
            }),
            (err: unknown) =>
                ComponentArgumentError.isComponentArgumentError(err) &&
                err.problems[0].argument === "requestsPerFiveMinutesPerIp" &&
                /100 to 2000000000/.test(err.message),
        );
    });
});
