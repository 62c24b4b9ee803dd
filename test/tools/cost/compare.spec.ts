import * as assert from "assert";
import { commentMarker, compareEstimates } from "../../../tools/cost/compare";
import { estimateCost } from "../../../tools/cost/estimate";
import { captured } from "./fixtures";

const nat = (name: string) => captured("aws:ec2/natGateway:NatGateway", name, {});
const queue = captured("aws:sqs/queue:Queue", "jobs", {});

describe("tools/cost/compare", () => {
    const main = { ...estimateCost([nat("nat-0")], "eu-west-1"), ceiling: null };
    const branch = {
        ...estimateCost([nat("nat-0"), nat("nat-1"), queue], "eu-west-1"),
        ceiling: { exceeded: true, message: "the estimate $70.08/month exceeds ecs-platform:budget.ceiling $50.00" },
    };

    it("shows the total on main and here, the change, and each resource whose cost changed", () => {
        const text = compareEstimates("staging", branch, main);
        assert.ok(text.startsWith(commentMarker("staging")));
        assert.match(text, /\| \*\*total\*\* \| \$35\.04 \| \*\*\$70\.08\*\* \| \+\$35\.04 \(\+100 %\) \|/);
        assert.match(text, /\| nat-1 \(NatGateway\) \| \$0\.00 \| \$35\.04 \| \+\$35\.04 \|/);
        assert.doesNotMatch(text, /\| nat-0 /, "unchanged resources are not listed");
        assert.match(text, /Per use: SQS requests \(per use\) \$0\.40 per million requests/);
        assert.match(text, /\*\*Over the ceiling:\*\* the estimate \$70\.08\/month exceeds/);
        assert.match(text, /Left out: data processed/);
    });

    it("shows only this branch's estimate when main has none (older than the estimate)", () => {
        assert.match(
            compareEstimates("prod", branch, undefined),
            /\| \*\*total\*\* \| — \| \*\*\$70\.08\*\* \| no estimate on `main` \|/,
        );
    });

    it("says why there is no estimate for a region without prices", () => {
        const none = estimateCost([nat("nat-0")], "ap-south-2");
        assert.match(compareEstimates("qa", none, main), /No estimate for this branch: no price data for ap-south-2\./);
    });
});
