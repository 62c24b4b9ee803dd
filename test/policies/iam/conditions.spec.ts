import * as assert from "node:assert/strict";
import { hasRestrictingCondition, operatorSemantics } from "../../../policies/iam/conditions";
import { parsePolicyDocument, type Statement } from "../../../policies/iam/document";

const orgKey = ["aws:PrincipalOrgID"];

function statementWith(condition: object): Statement {
    const parsed = parsePolicyDocument({
        Statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: condition },
    });
    assert.ok(parsed.ok);
    return parsed.statements[0];
}

describe("policies/iam/conditions", () => {
    it("reads how each operator treats a request without the key (IAM's rules)", () => {
        assert.equal(operatorSemantics("StringEquals").trueWhenKeyAbsent, false);
        assert.equal(operatorSemantics("ForAnyValue:StringLike").trueWhenKeyAbsent, false);
        assert.equal(operatorSemantics("ForAllValues:StringEquals").trueWhenKeyAbsent, true);
        assert.equal(operatorSemantics("StringEqualsIfExists").trueWhenKeyAbsent, true);
        assert.equal(operatorSemantics("StringNotEquals").trueWhenKeyAbsent, true);
        assert.equal(operatorSemantics("ArnNotLike").trueWhenKeyAbsent, true);
        assert.equal(operatorSemantics("Null").matchesListedValues, false);
        assert.equal(operatorSemantics("foranyvalue:arnequalsifexists").base, "arnequals");
    });

    it("restricts with plain and ForAnyValue: matching operators on a caller key", () => {
        assert.ok(hasRestrictingCondition(statementWith({ StringEquals: { "aws:PrincipalOrgID": "o-1" } }), orgKey));
        assert.ok(
            hasRestrictingCondition(
                statementWith({ "ForAnyValue:StringLike": { "AWS:PrincipalOrgID": "o-1" } }),
                orgKey,
            ),
        );
        assert.ok(
            hasRestrictingCondition(
                statementWith({
                    "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-1" },
                    StringEquals: { "aws:PrincipalOrgID": "o-1" },
                }),
                orgKey,
            ),
            "conditions are ANDed: one restricting condition is enough",
        );
    });

    it("does not restrict with conditions that are true when the key is absent", () => {
        for (const condition of [
            { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-1" } },
            { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-1" } },
            { StringNotEquals: { "aws:PrincipalOrgID": "o-1" } },
            { Null: { "aws:PrincipalOrgID": "false" } },
            { StringLike: { "aws:PrincipalOrgID": "*" } },
            { StringEquals: { "aws:SecureTransport": "true" } },
        ]) {
            assert.ok(!hasRestrictingCondition(statementWith(condition), orgKey), JSON.stringify(condition));
        }
    });
});
