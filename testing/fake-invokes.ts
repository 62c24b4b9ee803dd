import { digest, FakeContext } from "./fake-ids";
import { AVAILABILITY_ZONE_COUNTS, REGIONS_WITHOUT_ELB_ACCOUNT } from "./fake-regions";

/** The fake cloud's answers to the provider functions (invokes) this platform calls. */
export function fakeInvoke(token: string, inputs: Record<string, any>, ctx: FakeContext): Record<string, unknown> {
    switch (token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const count = AVAILABILITY_ZONE_COUNTS[ctx.region];
            if (count === undefined) {
                throw new Error(`invalid AWS Region: ${ctx.region}`);
            }
            const letters = ["a", "b", "c", "d", "e", "f"].slice(0, count);
            return {
                id: ctx.region,
                names: letters.map(l => `${ctx.region}${l}`),
                zoneIds: letters.map((_l, i) => `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
                groupNames: [ctx.region],
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: ctx.account,
                accountId: ctx.account,
                arn: `arn:aws:iam::${ctx.account}:user/offline`,
                userId: "AIDAOFFLINE",
            };
        case "aws:index/getRegion:getRegion":
            return {
                id: ctx.region,
                name: ctx.region,
                region: ctx.region,
                endpoint: `ec2.${ctx.region}.amazonaws.com`,
                description: ctx.region,
            };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:route53/getZone:getZone": {
            // Every public zone name exists offline; its id is stable per name.
            const zoneId = `Z${digest(String(inputs.name)).slice(0, 20).toUpperCase()}`;
            return {
                id: zoneId,
                zoneId,
                name: String(inputs.name).replace(/\.$/, ""),
                arn: `arn:aws:route53:::hostedzone/${zoneId}`,
                privateZone: false,
                nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"],
            };
        }
        case "aws:elb/getServiceAccount:getServiceAccount": {
            // As the provider: regions opened since ap-southeast-3 have no ELB account, only the service principal.
            if (REGIONS_WITHOUT_ELB_ACCOUNT.has(ctx.region)) {
                throw new Error(`unsupported AWS Region (${ctx.region}) for ELB service account`);
            }
            const account = String(parseInt(digest("elb", ctx.region).slice(0, 10), 16))
                .padStart(12, "0")
                .slice(0, 12);
            return { id: account, arn: `arn:aws:iam::${account}:root`, region: ctx.region };
        }
        case "aws:ssm/getParameter:getParameter":
            return {
                id: inputs.name,
                name: inputs.name,
                arn: `arn:aws:ssm:${ctx.region}::parameter${inputs.name}`,
                type: "String",
                value: `ami-${digest(String(inputs.name)).slice(0, 17)}`,
                insecureValue: `ami-${digest(String(inputs.name)).slice(0, 17)}`,
                version: 1,
            };
        default:
            throw new Error(
                `The offline preview has no fake for the invoke ${token}: add it to testing/fake-invokes.ts.`,
            );
    }
}
