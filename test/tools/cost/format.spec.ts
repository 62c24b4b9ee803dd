import * as assert from "assert";
import { estimateCost } from "../../../tools/cost/estimate";
import { formatCost, usd } from "../../../tools/cost/format";
import { captured } from "./fixtures";

describe("tools/cost/format", () => {
    const network = { ...captured("ecs-platform:networking:Networking", "net", {}), custom: false };
    const inNetwork = (r: ReturnType<typeof captured>) => ({ ...r, parent: network.urn });
    const resources = [
        network,
        inNetwork(captured("aws:ec2/natGateway:NatGateway", "nat-0", {})),
        inNetwork(captured("aws:ec2/natGateway:NatGateway", "nat-1", {})),
        captured("aws:sqs/queue:Queue", "jobs", {}),
        captured("aws:autoscaling/group:Group", "capacity", { minSize: 1, mixedInstancesPolicy: {} }),
    ];

    it("groups lines under their component with a subtotal, summing equal items, then per-use and unpriced lines", () => {
        const text = formatCost(estimateCost(resources, "eu-west-1"), resources);
        assert.match(
            text[0],
            /^Estimated idle monthly cost: \$70\.08 \(USD list prices for eu-west-1 of \d{4}-\d\d-\d\d/,
        );
        assert.match(text[1], /^ {4}net \(Networking\) +\$70\.08$/);
        assert.match(
            text[2],
            /^ {8}NAT gateway-hours \(no data processed\) +2 resources +1460 hours × \$0\.048 +\$70\.08$/,
        );
        assert.ok(text.includes("        SQS requests (per use): $0.40 per million requests (jobs)"));
        assert.ok(
            text.includes(
                "    Not priced: EC2 instances, 1 (group minimum) (capacity): no price data for EC2 instance type (unknown) in eu-west-1",
            ),
        );
        assert.match(text[text.length - 1], /^ {4}Left out: data processed/);
    });

    it("prints one line naming the missing price table for a region without prices", () => {
        assert.deepStrictEqual(formatCost(estimateCost(resources, "ap-south-2"), resources), [
            "Estimated idle monthly cost: no price data for ap-south-2 (add tools/cost/prices/ap-south-2.json)",
        ]);
    });

    it("prints dollars with cents and small unit prices with their significant digits", () => {
        assert.deepStrictEqual(
            [usd(35.04), usd(0.4, true), usd(0.004445, true), usd(1, true), usd(-2.5)],
            ["$35.04", "$0.40", "$0.004445", "$1.00", "-$2.50"],
        );
    });
});
