import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The account every fake ARN and repository URL belongs to. */
export const FAKE_ACCOUNT_ID = "123456789012";

/** Region used when neither the caller nor the stack config (`aws:region`) names one. */
export const DEFAULT_REGION = "eu-west-1";

/**
 * How many regular availability zones each Region offers a new account, as `DescribeAvailabilityZones` answers
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html). Some Regions
 * have more zones than a new account sees (us-west-1, ap-northeast-1): the count is what an account gets.
 */
export const AVAILABILITY_ZONE_COUNTS: Record<string, number> = {
    "us-east-1": 6,
    "us-east-2": 3,
    "us-west-1": 2,
    "us-west-2": 4,
    "af-south-1": 3,
    "ap-east-1": 3,
    "ap-east-2": 3,
    "ap-south-1": 3,
    "ap-south-2": 3,
    "ap-southeast-1": 3,
    "ap-southeast-2": 3,
    "ap-southeast-3": 3,
    "ap-southeast-4": 3,
    "ap-southeast-5": 3,
    "ap-southeast-6": 3,
    "ap-southeast-7": 3,
    "ap-northeast-1": 3,
    "ap-northeast-2": 4,
    "ap-northeast-3": 3,
    "ca-central-1": 3,
    "ca-west-1": 3,
    "eu-central-1": 3,
    "eu-central-2": 3,
    "eu-west-1": 3,
    "eu-west-2": 3,
    "eu-west-3": 3,
    "eu-south-1": 3,
    "eu-south-2": 3,
    "eu-north-1": 3,
    "il-central-1": 3,
    "me-south-1": 3,
    "me-central-1": 3,
    "mx-central-1": 3,
    "sa-east-1": 3,
    "us-gov-east-1": 3,
    "us-gov-west-1": 3,
    "cn-north-1": 3,
    "cn-northwest-1": 3,
};

/** Deterministic hex digest of a resource's identity, so every run of a stack produces the same fake ids. */
function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/**
 * How the fake cloud names one resource type: the EC2-style id prefix, whether the provider auto-names it
 * (`name` left unset → `<logical name>-<7 hex>`, as the real provider does) and its ARN's service and path.
 */
interface TypeShape {
    idPrefix?: string;
    autoName?: boolean;
    arn?: (physical: string, hex: string) => string;
    /** Extra computed outputs, from the physical name, the digest and the inputs. */
    outputs?: (physical: string, hex: string, inputs: Record<string, any>, ctx: FakeContext) => Record<string, unknown>;
    /** Which output is the resource id when it is not an EC2-style id (e.g. the ARN, the name). */
    idFrom?: "arn" | "name";
}

interface FakeContext {
    region: string;
    account: string;
}

function arnFor(service: string, path: (physical: string, hex: string) => string, global = false) {
    return (ctx: FakeContext) => (physical: string, hex: string) =>
        `arn:aws:${service}:${global ? "" : ctx.region}:${ctx.account}:${path(physical, hex)}`;
}

const shapes: Record<string, (ctx: FakeContext) => TypeShape> = {
    "aws:ec2/vpc:Vpc": ctx => ({
        idPrefix: "vpc",
        arn: (_p, hex) => `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/vpc-${hex.slice(0, 17)}`,
        outputs: (_p, hex) => ({
            defaultSecurityGroupId: `sg-${hex.slice(17, 34)}`,
            mainRouteTableId: `rtb-${hex.slice(17, 34)}`,
            defaultNetworkAclId: `acl-${hex.slice(17, 34)}`,
            ownerId: ctx.account,
        }),
    }),
    "aws:ec2/subnet:Subnet": ctx => ({
        idPrefix: "subnet",
        arn: (_p, hex) => `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/subnet-${hex.slice(0, 17)}`,
    }),
    "aws:ec2/internetGateway:InternetGateway": () => ({ idPrefix: "igw" }),
    "aws:ec2/natGateway:NatGateway": () => ({
        idPrefix: "nat",
        outputs: (_p, hex) => ({ publicIp: fakeIp(hex), networkInterfaceId: `eni-${hex.slice(17, 34)}` }),
    }),
    "aws:ec2/eip:Eip": () => ({
        idPrefix: "eipalloc",
        outputs: (_p, hex) => ({ allocationId: `eipalloc-${hex.slice(0, 17)}`, publicIp: fakeIp(hex) }),
    }),
    "aws:ec2/routeTable:RouteTable": () => ({ idPrefix: "rtb" }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": () => ({ idPrefix: "rtbassoc" }),
    "aws:ec2/route:Route": () => ({ idPrefix: "r-rtb" }),
    "aws:ec2/securityGroup:SecurityGroup": ctx => ({
        idPrefix: "sg",
        autoName: true,
        arn: (_p, hex) => `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/sg-${hex.slice(0, 17)}`,
    }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": () => ({ idPrefix: "sg" }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": () => ({ idPrefix: "sgr" }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": () => ({ idPrefix: "sgr" }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": () => ({ idPrefix: "vpce" }),
    "aws:ec2/flowLog:FlowLog": () => ({ idPrefix: "fl" }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({
        idPrefix: "lt",
        autoName: true,
        outputs: () => ({ latestVersion: 1, defaultVersion: 1 }),
    }),
    "aws:ecr/repository:Repository": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("ecr", p => `repository/${p}`)(ctx),
        outputs: p => ({
            registryId: ctx.account,
            repositoryUrl: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${p}`,
        }),
    }),
    "aws:kms/key:Key": ctx => ({
        arn: (_p, hex) => `arn:aws:kms:${ctx.region}:${ctx.account}:key/${uuid(hex)}`,
        outputs: (_p, hex) => ({ keyId: uuid(hex) }),
    }),
    "aws:kms/alias:Alias": ctx => ({
        idFrom: "name",
        arn: arnFor("kms", p => p)(ctx),
        outputs: (_p, _h, inputs) => ({ targetKeyArn: inputs.targetKeyId }),
    }),
    "aws:secretsmanager/secret:Secret": ctx => ({
        autoName: true,
        idFrom: "arn",
        arn: arnFor("secretsmanager", (p, hex) => `secret:${p}-${hex.slice(0, 6)}`)(ctx),
    }),
    "aws:ssm/parameter:Parameter": ctx => ({
        idFrom: "name",
        arn: arnFor("ssm", p => `parameter${p.startsWith("/") ? p : `/${p}`}`)(ctx),
    }),
    "aws:cloudwatch/logGroup:LogGroup": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("logs", p => `log-group:${p}`)(ctx),
    }),
    "aws:iam/role:Role": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("iam", p => `role/${p}`, true)(ctx),
        outputs: (_p, hex) => ({ uniqueId: `AROA${hex.slice(0, 17).toUpperCase()}` }),
    }),
    "aws:iam/policy:Policy": ctx => ({
        autoName: true,
        idFrom: "arn",
        arn: arnFor("iam", p => `policy/${p}`, true)(ctx),
    }),
    "aws:iam/instanceProfile:InstanceProfile": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("iam", p => `instance-profile/${p}`, true)(ctx),
    }),
    "aws:ecs/cluster:Cluster": ctx => ({ autoName: true, idFrom: "arn", arn: arnFor("ecs", p => `cluster/${p}`)(ctx) }),
    "aws:ecs/capacityProvider:CapacityProvider": ctx => ({
        autoName: true,
        idFrom: "arn",
        arn: arnFor("ecs", p => `capacity-provider/${p}`)(ctx),
    }),
    "aws:ecs/taskDefinition:TaskDefinition": ctx => ({
        idFrom: "name",
        outputs: (_p, _h, inputs) => {
            const family = inputs.family ?? "task";
            const base = `arn:aws:ecs:${ctx.region}:${ctx.account}:task-definition/${family}`;
            return { arn: `${base}:1`, arnWithoutRevision: base, revision: 1, name: family };
        },
    }),
    "aws:ecs/service:Service": ctx => ({ autoName: true, idFrom: "arn", arn: arnFor("ecs", p => `service/${p}`)(ctx) }),
    "aws:lb/loadBalancer:LoadBalancer": ctx => loadBalancerShape(ctx),
    "aws:alb/loadBalancer:LoadBalancer": ctx => loadBalancerShape(ctx),
    "aws:lb/targetGroup:TargetGroup": ctx => targetGroupShape(ctx),
    "aws:alb/targetGroup:TargetGroup": ctx => targetGroupShape(ctx),
    "aws:lb/listener:Listener": ctx => ({
        idFrom: "arn",
        arn: arnFor(
            "elasticloadbalancing",
            (_p, hex) => `listener/app/lb/${hex.slice(0, 16)}/${hex.slice(16, 32)}`,
        )(ctx),
    }),
    "aws:lb/listenerRule:ListenerRule": ctx => ({
        idFrom: "arn",
        arn: arnFor(
            "elasticloadbalancing",
            (_p, hex) => `listener-rule/app/lb/${hex.slice(0, 16)}/${hex.slice(16, 32)}`,
        )(ctx),
    }),
    "aws:s3/bucket:Bucket": ctx => ({
        idFrom: "name",
        arn: p => `arn:aws:s3:::${p}`,
        outputs: (p, _h, inputs) => ({
            bucket: inputs.bucket ?? p,
            bucketDomainName: `${inputs.bucket ?? p}.s3.amazonaws.com`,
            region: ctx.region,
        }),
    }),
    "aws:wafv2/webAcl:WebAcl": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("wafv2", (p, hex) => `regional/webacl/${p}/${uuid(hex)}`)(ctx),
    }),
    "aws:sns/topic:Topic": ctx => ({ autoName: true, idFrom: "arn", arn: arnFor("sns", p => p)(ctx) }),
    "aws:sns/topicSubscription:TopicSubscription": ctx => ({
        idFrom: "arn",
        arn: arnFor("sns", (_p, hex) => `topic:${uuid(hex)}`)(ctx),
    }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("cloudwatch", p => `alarm:${p}`)(ctx),
    }),
    "aws:cloudwatch/dashboard:Dashboard": ctx => ({
        idFrom: "name",
        arn: arnFor("cloudwatch", p => `dashboard/${p}`, true)(ctx),
    }),
    "aws:efs/fileSystem:FileSystem": ctx => ({
        idPrefix: "fs",
        arn: (_p, hex) => `arn:aws:elasticfilesystem:${ctx.region}:${ctx.account}:file-system/fs-${hex.slice(0, 17)}`,
    }),
    "aws:efs/accessPoint:AccessPoint": ctx => ({
        idPrefix: "fsap",
        arn: (_p, hex) =>
            `arn:aws:elasticfilesystem:${ctx.region}:${ctx.account}:access-point/fsap-${hex.slice(0, 17)}`,
    }),
    "aws:efs/mountTarget:MountTarget": () => ({ idPrefix: "fsmt" }),
    "aws:autoscaling/group:Group": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("autoscaling", p => `autoScalingGroup:${uuidLike(p)}:autoScalingGroupName/${p}`)(ctx),
    }),
    "aws:appautoscaling/policy:Policy": ctx => ({
        idFrom: "name",
        arn: arnFor("autoscaling", p => `scalingPolicy:${uuidLike(p)}:resource/ecs/policyName/${p}`)(ctx),
    }),
    "aws:acm/certificate:Certificate": ctx => ({
        idFrom: "arn",
        arn: arnFor("acm", (_p, hex) => `certificate/${uuid(hex)}`)(ctx),
        outputs: (_p, hex, inputs) => ({
            // Issued once its validation records exist; one CNAME per name, shared by `x` and `*.x` as ACM does.
            status: "ISSUED",
            domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map(
                (domainName: string) => {
                    const base = domainName.replace(/^\*\./, "");
                    const token = digest(hex, base).slice(0, 32);
                    return {
                        domainName,
                        resourceRecordName: `_${token}.${base}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${digest(token).slice(0, 32)}.jkddzztszm.acm-validations.aws.`,
                    };
                },
            ),
        }),
    }),
    "aws:route53/record:Record": () => ({
        outputs: (_p, _h, inputs) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
    }),
    // A remote component: the mock gets no children, so it answers with the digest URI the real build pushes.
    "awsx:ecr:Image": () => ({
        outputs: (_p, _h, inputs) => ({
            imageUri: `${inputs.repositoryUrl}@sha256:${digest(inputs.context ?? ".", inputs.dockerfile ?? "Dockerfile", inputs.platform ?? "")}`,
        }),
    }),
};

function loadBalancerShape(ctx: FakeContext): TypeShape {
    return {
        autoName: true,
        idFrom: "arn",
        arn: (p, hex) =>
            `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:loadbalancer/app/${p}/${hex.slice(0, 16)}`,
        outputs: (p, hex) => ({
            arnSuffix: `app/${p}/${hex.slice(0, 16)}`,
            dnsName: `${p}-${parseInt(hex.slice(0, 8), 16)}.${ctx.region}.elb.amazonaws.com`,
            zoneId: "Z32O12XQLNTSW2",
        }),
    };
}

function targetGroupShape(ctx: FakeContext): TypeShape {
    return {
        autoName: true,
        idFrom: "arn",
        arn: (p, hex) =>
            `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:targetgroup/${p}/${hex.slice(0, 16)}`,
        outputs: (p, hex) => ({ arnSuffix: `targetgroup/${p}/${hex.slice(0, 16)}` }),
    };
}

function fakeIp(hex: string): string {
    return `203.0.113.${(parseInt(hex.slice(0, 2), 16) % 254) + 1}`;
}

function uuid(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function uuidLike(seed: string): string {
    return uuid(digest(seed));
}

/** AWS types whose names the provider generates when the program leaves `name` unset. */
function autoName(logical: string, hex: string): string {
    return `${logical}-${hex.slice(0, 7)}`;
}

/**
 * The fake cloud: deterministic, realistic outputs for the resources and invokes this platform uses.
 *
 * Outside preview every resource gets an id, an ARN where the type has one, the provider's auto-name and
 * the computed outputs that downstream resources read (repository URLs, DNS names, ARN suffixes).
 * In preview nothing computed is known, exactly as in a real first `pulumi preview`: only the inputs come
 * back, and the engine marks the missing outputs unknown.
 */
export function fakeCloud(options: { region: string; preview: boolean; account?: string }): pulumi.runtime.Mocks {
    const ctx: FakeContext = { region: options.region, account: options.account ?? FAKE_ACCOUNT_ID };
    return {
        newResource(args) {
            const inputs = args.inputs as Record<string, any>;
            if (options.preview || !(args.type.startsWith("aws:") || args.type in shapes)) {
                return { id: options.preview ? undefined : `${args.name}-id`, state: inputs };
            }
            const hex = digest(args.type, args.name);
            const shape = shapes[args.type]?.(ctx) ?? {};
            const physical: string =
                inputs.name ?? inputs.bucket ?? (shape.autoName ? autoName(args.name, hex) : args.name);
            const arn = shape.arn ? shape.arn(physical, hex) : undefined;
            const computed: Record<string, unknown> = {
                ...(arn ? { arn } : {}),
                ...(shape.autoName && inputs.name === undefined ? { name: physical } : {}),
                ...(shape.outputs ? shape.outputs(physical, hex, inputs, ctx) : {}),
            };
            const state = { ...computed, ...inputs };
            const id =
                shape.idPrefix !== undefined
                    ? `${shape.idPrefix}-${hex.slice(0, 17)}`
                    : shape.idFrom === "arn"
                      ? String(state.arn)
                      : shape.idFrom === "name"
                        ? String(state.name ?? physical)
                        : `${args.name}-${hex.slice(0, 8)}`;
            return { id, state: { ...state, id } };
        },
        call(args) {
            return fakeInvoke(args.token, args.inputs as Record<string, any>, ctx);
        },
    };
}

/** Regions opened since December 2021: ELB delivers their access logs only as a service principal. */
const REGIONS_WITHOUT_ELB_ACCOUNT = new Set([
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-south-2",
    "ap-east-2",
    "eu-south-2",
    "eu-central-2",
    "me-central-1",
    "il-central-1",
    "ca-west-1",
    "mx-central-1",
]);

function fakeInvoke(token: string, inputs: Record<string, any>, ctx: FakeContext): Record<string, unknown> {
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
                `The offline preview has no fake for the invoke ${token}: add it to testing/fake-cloud.ts.`,
            );
    }
}
