import * as assert from "node:assert/strict";
import {
    actionMatches,
    grantsAction,
    grantsToEveryone,
    isUnscopedResource,
    parseArn,
    parsePolicyDocument,
    wildcardMatches,
} from "../../../policies/iam/document";
import type { Statement } from "../../../policies/iam/document";
import { hasRestrictingCondition } from "../../../policies/iam/conditions";

function statements(document: unknown): Statement[] {
    const parsed = parsePolicyDocument(document);
    assert.ok(parsed.ok, "document should parse");
    return parsed.statements;
}

describe("policies/iam/document", () => {
    it("normalizes a single statement object with string fields into lists", () => {
        const [statement] = statements(
            JSON.stringify({
                Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Principal: { Service: "a" } },
            }),
        );
        assert.deepEqual(statement, {
            sid: undefined,
            effect: "Allow",
            actions: ["s3:GetObject"],
            notActions: undefined,
            resources: ["*"],
            notResources: undefined,
            principal: { Service: ["a"] },
            notPrincipal: false,
            conditions: {},
        });
    });

    it("accepts aws.iam.PolicyDocument objects as well as JSON strings", () => {
        assert.equal(
            statements({ Version: "2012-10-17", Statement: [{ Effect: "Deny", NotAction: ["iam:*"] }] })[0]
                ?.notActions?.[0],
            "iam:*",
        );
    });

    it("rejects invalid JSON and statements without a valid Effect", () => {
        assert.deepEqual(parsePolicyDocument("{"), { ok: false, reason: "is not valid JSON" });
        assert.equal(parsePolicyDocument({ Statement: [{ Effect: "allow" }] }).ok, false);
        assert.equal(parsePolicyDocument("[]").ok, false);
    });

    it("matches actions case-insensitively and ARNs case-sensitively, other characters literally", () => {
        assert.ok(actionMatches("kms:ReEncrypt*", "kms:reencryptfrom"));
        assert.ok(actionMatches("s3:Get?bject", "s3:GetObject"));
        assert.ok(!actionMatches("ecr:Get.*", "ecr:GetX"));
        assert.ok(!actionMatches("kms:Decrypt", "kms:DecryptX"));
        assert.ok(
            wildcardMatches(
                "arn:aws:secretsmanager:*:secret:/prod/api/*",
                "arn:aws:secretsmanager:*:secret:/prod/api/DB-x",
            ),
        );
        assert.ok(!wildcardMatches("arn:aws:ssm:*:parameter/prod/API_TOKEN", "arn:aws:ssm:*:parameter/prod/api_token"));
    });

    it("grants actions through Action patterns and through NotAction", () => {
        const [viaAction, viaNotAction, deny] = statements({
            Statement: [
                { Effect: "Allow", Action: "kms:*", Resource: "*" },
                { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
                { Effect: "Deny", Action: "*", Resource: "*" },
            ],
        }) as [Statement, Statement, Statement];
        assert.ok(grantsAction(viaAction, "kms:Decrypt"));
        assert.ok(grantsAction(viaNotAction, "kms:Decrypt"));
        assert.ok(!grantsAction(viaNotAction, "iam:PassRole"));
        assert.ok(!grantsAction(deny, "kms:Decrypt"));
    });

    it("tells everyone-principals and caller-pinning conditions apart", () => {
        const [star, awsStar, account] = statements({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: "*",
                    Condition: { StringEquals: { "AWS:SourceAccount": "123456789012" } },
                },
                {
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::1:root", "*"] },
                    Condition: { StringLike: { "aws:PrincipalOrgID": "*" } },
                },
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" } },
            ],
        }) as [Statement, Statement, Statement];
        assert.ok(grantsToEveryone(star) && hasRestrictingCondition(star, ["aws:SourceAccount"]));
        assert.ok(
            grantsToEveryone(awsStar) && !hasRestrictingCondition(awsStar, ["aws:PrincipalOrgID"]),
            "a `*` value pins nothing",
        );
        assert.ok(!grantsToEveryone(account));
    });

    it("parses ARNs and recognizes resources covering a whole type", () => {
        assert.deepEqual(parseArn("arn:aws:logs:eu-west-1:1:log-group:/a:*"), {
            partition: "aws",
            service: "logs",
            region: "eu-west-1",
            account: "1",
            resource: "log-group:/a:*",
        });
        assert.equal(parseArn("not-an-arn"), undefined);
        assert.ok(isUnscopedResource("*", "kms", "key"));
        assert.ok(isUnscopedResource("arn:aws:kms:*:*:key/*", "kms", "key"));
        assert.ok(isUnscopedResource("arn:aws:iam::123456789012:role/*", "iam", "role"));
        assert.ok(!isUnscopedResource("arn:aws:iam::123456789012:role/deployer-*", "iam", "role"));
        assert.ok(!isUnscopedResource("arn:aws:s3:::*", "kms", "key"));
    });
});
