import { arnFor, digest, FakeContext, fakeIp, uuid, uuidLike } from "./fake-ids";

/** Per resource type, how the fake cloud names it and which outputs it computes. */

/**
 * How the fake cloud names one resource type: the EC2-style id prefix, whether the provider auto-names it
 * (`name` left unset → `<logical name>-<7 hex>`, as the real provider does) and its ARN's service and path.
 */
export interface TypeShape {
    idPrefix?: string;
    autoName?: boolean;
    arn?: (physical: string, hex: string) => string;
    /** Extra computed outputs, from the physical name, the digest and the inputs. */
    outputs?: (physical: string, hex: string, inputs: Record<string, any>, ctx: FakeContext) => Record<string, unknown>;
    /** Which output is the resource id when it is not an EC2-style id (e.g. the ARN, the name). */
    idFrom?: "arn" | "name";
}

export const shapes: Record<string, (ctx: FakeContext) => TypeShape> = {
    "aws:ec2/vpc:Vpc": ctx => ({
        idPrefix: "vpc",
        arn: (_p, hex) => `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/vpc-${hex.slice(0, 17)}`,
        outputs: (_p, hex, inputs) => ({
            defaultSecurityGroupId: `sg-${hex.slice(17, 34)}`,
            mainRouteTableId: `rtb-${hex.slice(17, 34)}`,
            defaultNetworkAclId: `acl-${hex.slice(17, 34)}`,
            ownerId: ctx.account,
            // An Amazon-provided /56, compressed as EC2 returns it (both groups start with 1: nothing to drop).
            ...(inputs.assignGeneratedIpv6CidrBlock === true
                ? {
                      ipv6CidrBlock: `2a05:d018:1${hex.slice(0, 3)}:1${hex.slice(3, 4)}00::/56`,
                      ipv6AssociationId: `vpc-cidr-assoc-${hex.slice(34, 51)}`,
                  }
                : {}),
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
    // SQS identifies a queue by its URL; the ARN and URL both carry the name.
    "aws:sqs/queue:Queue": ctx => ({
        autoName: true,
        arn: arnFor("sqs", p => p)(ctx),
        outputs: p => ({ url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${p}` }),
    }),
    "aws:scheduler/schedule:Schedule": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("scheduler", p => `schedule/default/${p}`)(ctx),
    }),
    "aws:cloudwatch/eventRule:EventRule": ctx => ({
        autoName: true,
        idFrom: "name",
        arn: arnFor("events", p => `rule/${p}`)(ctx),
    }),
    "aws:servicediscovery/httpNamespace:HttpNamespace": ctx => ({
        idPrefix: "ns",
        arn: (_p, hex) => `arn:aws:servicediscovery:${ctx.region}:${ctx.account}:namespace/ns-${hex.slice(0, 16)}`,
    }),
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
