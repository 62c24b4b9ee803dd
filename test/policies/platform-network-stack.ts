/**
 * The platform's network, load balancer, storage and EC2-capacity resources as fake resources for the network,
 * loadbalancer, storage and compute policy specs: what components/networking, components/ecs/load-balancer,
 * ec2-capacity and efs-volume create for one environment. Props are inputs plus the `id`/`arn` outputs that stack
 * policies match on, with `propertyDependencies` as the engine records them. Specs derive bad shapes with
 * `withProps`/`replacing` (./platform-stack).
 *
 * prod: a NAT gateway per AZ, interface endpoints, HTTPS with an HTTP→HTTPS redirect, deletion protection.
 * staging: one NAT gateway, only the S3 gateway endpoint, an HTTP listener that forwards (no certificate).
 * Both: a dual-stack edge (an IPv6 /56, a /64 per public subnet, `::/0` to the internet gateway, a `dualstack` ALB
 * open to `::/0` on its listener ports); private subnets IPv4 only.
 */
import type { PolicyInputResource } from "../../policies/run";
import { fakeResource, UNKNOWN } from "./helpers";

export const nt = {
    vpc: "aws:ec2/vpc:Vpc",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    subnet: "aws:ec2/subnet:Subnet",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    flowLog: "aws:ec2/flowLog:FlowLog",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    albTargetGroup: "aws:alb/targetGroup:TargetGroup",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    bucket: "aws:s3/bucket:Bucket",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    autoScalingGroup: "aws:autoscaling/group:Group",
    capacityProvider: "aws:ecs/capacityProvider:CapacityProvider",
    fileSystem: "aws:efs/fileSystem:FileSystem",
    accessPoint: "aws:efs/accessPoint:AccessPoint",
    mountTarget: "aws:efs/mountTarget:MountTarget",
} as const;

export const region = "eu-west-1";
const account = "123456789012";
export const vpcCidr = "10.0.0.0/16";
export const vpcIpv6Cidr = "2a05:d018:1abc:1d00::/56";
export const containerPort = 8080;

/** `propertyDependencies` from property name to the resources it references. */
function deps(references: Record<string, PolicyInputResource[]>): { propertyDependencies: Record<string, string[]> } {
    return {
        propertyDependencies: Object.fromEntries(Object.entries(references).map(([k, rs]) => [k, rs.map(r => r.urn)])),
    };
}

/** The resources of one environment, by role. */
export function networkStack(env: "prod" | "staging") {
    const prod = env === "prod";
    const tags = { environment: env, "managed-by": "pulumi" };
    const vpc = fakeResource(nt.vpc, `${env}-vpc`, {
        cidrBlock: vpcCidr,
        assignGeneratedIpv6CidrBlock: true,
        ipv6CidrBlock: vpcIpv6Cidr,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags,
        id: "vpc-0a1b",
    });
    const defaultSecurityGroup = fakeResource(
        nt.defaultSecurityGroup,
        `${env}-default`,
        { vpcId: vpc.props.id, ingress: [], egress: [], tags },
        deps({ vpcId: [vpc] }),
    );

    const subnet = (tier: "public" | "private", az: number) =>
        fakeResource(
            nt.subnet,
            `${env}-${tier}-${az}`,
            {
                vpcId: vpc.props.id,
                cidrBlock: `10.0.${tier === "public" ? az : 10 + az}.0/24`,
                ...(tier === "public" ? { ipv6CidrBlock: `2a05:d018:1abc:1d${(255 - az).toString(16)}::/64` } : {}),
                availabilityZone: `${region}${"ab"[az]}`,
                mapPublicIpOnLaunch: false,
                tags: { ...tags, tier },
                id: `subnet-${tier}${az}`,
            },
            deps({ vpcId: [vpc] }),
        );
    const publicSubnets = [subnet("public", 0), subnet("public", 1)];
    const privateSubnets = [subnet("private", 0), subnet("private", 1)];

    const internetGateway = fakeResource(
        nt.internetGateway,
        `${env}-igw`,
        { vpcId: vpc.props.id, tags, id: "igw-0c0d" },
        deps({ vpcId: [vpc] }),
    );
    const routeTable = (name: string, id: string) =>
        fakeResource(nt.routeTable, name, { vpcId: vpc.props.id, tags, id }, deps({ vpcId: [vpc] }));
    const association = (table: PolicyInputResource, subnetResource: PolicyInputResource) =>
        fakeResource(
            nt.routeTableAssociation,
            subnetResource.name,
            { subnetId: subnetResource.props.id, routeTableId: table.props.id },
            deps({ subnetId: [subnetResource], routeTableId: [table] }),
        );

    const publicRouteTable = routeTable(`${env}-public`, "rtb-public");
    const internetRoute = fakeResource(
        nt.route,
        `${env}-public-default`,
        {
            routeTableId: publicRouteTable.props.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: internetGateway.props.id,
        },
        deps({ routeTableId: [publicRouteTable], gatewayId: [internetGateway] }),
    );
    const internetIpv6Route = fakeResource(
        nt.route,
        `${env}-public-default-ipv6`,
        {
            routeTableId: publicRouteTable.props.id,
            destinationIpv6CidrBlock: "::/0",
            gatewayId: internetGateway.props.id,
        },
        deps({ routeTableId: [publicRouteTable], gatewayId: [internetGateway] }),
    );
    const natGateways = (prod ? publicSubnets : publicSubnets.slice(0, 1)).map((s, az) =>
        fakeResource(
            nt.natGateway,
            `${env}-nat-${az}`,
            { subnetId: s.props.id, connectivityType: "public", tags, id: `nat-0${az}` },
            deps({ subnetId: [s] }),
        ),
    );
    const privateRouteTables = privateSubnets.map((_, az) => routeTable(`${env}-private-${az}`, `rtb-private${az}`));
    const natRoutes = privateRouteTables.map((table, az) => {
        const nat = natGateways[prod ? az : 0];
        return fakeResource(
            nt.route,
            `${table.name}-default`,
            { routeTableId: table.props.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.props.id },
            deps({ routeTableId: [table], natGatewayId: [nat] }),
        );
    });
    const associations = [
        ...publicSubnets.map(s => association(publicRouteTable, s)),
        ...privateSubnets.map((s, az) => association(privateRouteTables[az], s)),
    ];

    const securityGroup = (role: string, description: string) =>
        fakeResource(
            nt.securityGroup,
            `${env}-${role}`,
            { vpcId: vpc.props.id, description, tags, id: `sg-${role}` },
            deps({ vpcId: [vpc] }),
        );
    const loadBalancerGroup = securityGroup(
        "lb",
        "Load balancer: HTTP/HTTPS from the allowed CIDRs, out to the services on their container ports",
    );
    const servicesGroup = securityGroup(
        "services",
        "ECS services: container ports from the load balancer only; HTTPS out",
    );
    const endpointsGroup = securityGroup("endpoints", "VPC interface endpoints: HTTPS from inside the VPC");
    const efsGroup = securityGroup("efs", "EFS mount targets: NFS from the ECS services only");
    const rule = (
        type: typeof nt.ingressRule | typeof nt.egressRule,
        name: string,
        group: PolicyInputResource,
        port: number,
        peer: { cidrIpv4: string } | { cidrIpv6: string } | { referenced: PolicyInputResource },
        description: string,
    ) =>
        fakeResource(
            type,
            `${env}-${name}`,
            {
                securityGroupId: group.props.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                ...("referenced" in peer ? { referencedSecurityGroupId: peer.referenced.props.id } : peer),
                description,
                tags,
            },
            deps({
                securityGroupId: [group],
                ...("referenced" in peer ? { referencedSecurityGroupId: [peer.referenced] } : {}),
            }),
        );
    const rules = [
        rule(
            nt.ingressRule,
            "lb-in-http",
            loadBalancerGroup,
            80,
            { cidrIpv4: "0.0.0.0/0" },
            "HTTP to the load balancer from 0.0.0.0/0",
        ),
        rule(
            nt.ingressRule,
            "lb-in-https",
            loadBalancerGroup,
            443,
            { cidrIpv4: "0.0.0.0/0" },
            "HTTPS to the load balancer from 0.0.0.0/0",
        ),
        ...[80, 443].map(port =>
            rule(
                nt.ingressRule,
                `lb-in-${port}-ipv6`,
                loadBalancerGroup,
                port,
                { cidrIpv6: "::/0" },
                `${port === 80 ? "HTTP" : "HTTPS"} to the load balancer from ::/0`,
            ),
        ),
        rule(
            nt.egressRule,
            "lb-out",
            loadBalancerGroup,
            containerPort,
            { referenced: servicesGroup },
            "Load balancer to the services",
        ),
        rule(
            nt.ingressRule,
            "services-in",
            servicesGroup,
            containerPort,
            { referenced: loadBalancerGroup },
            "Container port from the load balancer",
        ),
        rule(
            nt.egressRule,
            "services-out-https",
            servicesGroup,
            443,
            { cidrIpv4: "0.0.0.0/0" },
            "HTTPS to ECR, S3 and AWS APIs",
        ),
        rule(
            nt.egressRule,
            "services-out-vpc-https",
            servicesGroup,
            443,
            { cidrIpv4: vpcCidr },
            "HTTPS to the VPC endpoints",
        ),
        rule(
            nt.egressRule,
            "services-out-nfs",
            servicesGroup,
            2049,
            { referenced: efsGroup },
            "NFS to the EFS mount targets",
        ),
        rule(nt.ingressRule, "efs-in-nfs", efsGroup, 2049, { referenced: servicesGroup }, "NFS from the services"),
        ...(prod
            ? [
                  rule(
                      nt.ingressRule,
                      "endpoints-in-https",
                      endpointsGroup,
                      443,
                      { cidrIpv4: vpcCidr },
                      "HTTPS to the VPC endpoints from the VPC",
                  ),
              ]
            : []),
    ];

    const s3Endpoint = fakeResource(
        nt.vpcEndpoint,
        `${env}-endpoint-s3`,
        {
            vpcId: vpc.props.id,
            vpcEndpointType: "Gateway",
            serviceName: `com.amazonaws.${region}.s3`,
            routeTableIds: privateRouteTables.map(t => t.props.id),
            tags,
        },
        deps({ vpcId: [vpc], routeTableIds: privateRouteTables }),
    );
    const interfaceEndpoints = (prod ? ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] : []).map(service =>
        fakeResource(
            nt.vpcEndpoint,
            `${env}-endpoint-${service.replace(".", "-")}`,
            {
                vpcId: vpc.props.id,
                vpcEndpointType: "Interface",
                serviceName: `com.amazonaws.${region}.${service}`,
                subnetIds: privateSubnets.map(s => s.props.id),
                securityGroupIds: [endpointsGroup.props.id],
                privateDnsEnabled: true,
                tags,
            },
            deps({ vpcId: [vpc], subnetIds: privateSubnets, securityGroupIds: [endpointsGroup] }),
        ),
    );
    const flowLog = fakeResource(
        nt.flowLog,
        `${env}-flow-logs`,
        {
            vpcId: vpc.props.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: `arn:aws:logs:${region}:${account}:log-group:/vpc/${env}/flow-logs`,
            tags,
        },
        deps({ vpcId: [vpc] }),
    );

    const logBucket = fakeResource(nt.bucket, `${env}-alb-logs`, {
        forceDestroy: !prod,
        tags,
        bucket: `${env}-alb-logs-4f3e2d1`,
        id: `${env}-alb-logs-4f3e2d1`,
        arn: `arn:aws:s3:::${env}-alb-logs-4f3e2d1`,
    });
    const onBucket = { bucket: logBucket.props.id };
    const publicAccessBlock = fakeResource(
        nt.publicAccessBlock,
        `${env}-alb-logs-public-access`,
        {
            ...onBucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        deps({ bucket: [logBucket] }),
    );
    const encryption = fakeResource(
        nt.encryption,
        `${env}-alb-logs-encryption`,
        { ...onBucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        deps({ bucket: [logBucket] }),
    );
    const lifecycle = fakeResource(
        nt.lifecycle,
        `${env}-alb-logs-lifecycle`,
        {
            ...onBucket,
            rules: [
                { id: "expire-access-logs", status: "Enabled", filter: { prefix: "alb/" }, expiration: { days: 90 } },
            ],
        },
        deps({ bucket: [logBucket] }),
    );

    const loadBalancer = fakeResource(
        nt.loadBalancer,
        `${env}-alb`,
        {
            internal: false,
            loadBalancerType: "application",
            ipAddressType: "dualstack",
            subnets: publicSubnets.map(s => s.props.id),
            securityGroups: [loadBalancerGroup.props.id],
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "defensive",
            enableDeletionProtection: prod,
            idleTimeout: 60,
            accessLogs: { enabled: true, bucket: logBucket.props.bucket, prefix: "alb" },
            tags: { ...tags, exposure: "internet" },
            arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${env}-alb/50dc6c495c0c9188`,
        },
        deps({ subnets: publicSubnets, securityGroups: [loadBalancerGroup], accessLogs: [logBucket] }),
    );
    // Prod puts a WAF web ACL in front of the load balancer (components/ecs/web-firewall.ts); staging does not.
    const webAclAssociations = prod
        ? [
              fakeResource(
                  nt.webAclAssociation,
                  `${env}-waf-association`,
                  {
                      resourceArn: loadBalancer.props.arn,
                      webAclArn: `arn:aws:wafv2:${region}:${account}:regional/webacl/${env}-waf/0d6e7c1e-5f7e-4a8b-9d3c-1a2b3c4d5e6f`,
                  },
                  deps({ resourceArn: [loadBalancer] }),
              ),
          ]
        : [];
    const onLoadBalancer = { loadBalancerArn: loadBalancer.props.arn };
    const fixedNotFound = {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
    };
    // prod: the DNS-validated certificate of its domain, and alias records to the ALB.
    const certificateArn = `arn:aws:acm:${region}:${account}:certificate/9b2f7c1e-1111-2222-3333-444455556666`;
    const certificate = fakeResource(nt.certificate, `${env}-alb-certificate`, {
        domainName: "app.example.com",
        subjectAlternativeNames: [],
        validationMethod: "DNS",
        arn: certificateArn,
    });
    const validationRecord = fakeResource(
        nt.record,
        `${env}-alb-validation-app-example-com`,
        {
            zoneId: "Z0ABC",
            name: "_x1.app.example.com.",
            type: "CNAME",
            records: ["_y1.acm-validations.aws."],
            ttl: 300,
        },
        deps({ name: [certificate], records: [certificate] }),
    );
    const validation = fakeResource(
        nt.certificateValidation,
        `${env}-alb-certificate-validation`,
        { certificateArn, validationRecordFqdns: ["_x1.app.example.com"] },
        deps({ certificateArn: [certificate], validationRecordFqdns: [validationRecord] }),
    );
    const aliasRecords = (["A", "AAAA"] as const).map(type =>
        fakeResource(
            nt.record,
            `${env}-alb-alias-app-example-com-${type.toLowerCase()}`,
            {
                zoneId: "Z0ABC",
                name: "app.example.com",
                type,
                aliases: [
                    {
                        name: `${env}-alb-1.${region}.elb.amazonaws.com`,
                        zoneId: "Z32O12XQLNTSW2",
                        evaluateTargetHealth: true,
                    },
                ],
            },
            deps({ aliases: [loadBalancer] }),
        ),
    );
    const domain = prod ? [certificate, validationRecord, validation, ...aliasRecords] : [];
    const listenerArn = (port: number) =>
        `arn:aws:elasticloadbalancing:${region}:${account}:listener/app/${env}-alb/50dc6c495c0c9188/${port}`;
    const listeners = prod
        ? [
              fakeResource(
                  nt.listener,
                  `${env}-https`,
                  {
                      ...onLoadBalancer,
                      port: 443,
                      protocol: "HTTPS",
                      certificateArn,
                      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                      defaultActions: [fixedNotFound],
                      arn: listenerArn(443),
                  },
                  deps({ loadBalancerArn: [loadBalancer], certificateArn: [validation] }),
              ),
              fakeResource(
                  nt.listener,
                  `${env}-http-redirect`,
                  {
                      ...onLoadBalancer,
                      port: 80,
                      protocol: "HTTP",
                      defaultActions: [
                          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
                      ],
                      arn: listenerArn(80),
                  },
                  deps({ loadBalancerArn: [loadBalancer] }),
              ),
          ]
        : [
              fakeResource(
                  nt.listener,
                  `${env}-http`,
                  {
                      ...onLoadBalancer,
                      port: 80,
                      protocol: "HTTP",
                      defaultActions: [fixedNotFound],
                      arn: listenerArn(80),
                  },
                  deps({ loadBalancerArn: [loadBalancer] }),
              ),
          ];
    const targetGroup = fakeResource(
        nt.targetGroup,
        `${env}-tg-api`,
        {
            vpcId: vpc.props.id,
            targetType: "ip",
            protocol: "HTTP",
            port: containerPort,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                path: "/healthz",
                matcher: "200",
                interval: 15,
                timeout: 5,
                healthyThreshold: 3,
                unhealthyThreshold: 3,
            },
            tags,
            arn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${env}-tg-api/73e2d6bc24d8a067`,
        },
        deps({ vpcId: [vpc] }),
    );
    const listenerRule = fakeResource(
        nt.listenerRule,
        `${env}-rule-api`,
        {
            listenerArn: listeners[0].props.arn,
            priority: 100,
            conditions: [{ pathPattern: { values: ["/*"] } }],
            actions: [{ type: "forward", targetGroupArn: targetGroup.props.arn }],
        },
        deps({ listenerArn: [listeners[0]], actions: [targetGroup] }),
    );
    const service = fakeResource(
        nt.service,
        `${env}-api`,
        {
            launchType: "FARGATE",
            desiredCount: 2,
            networkConfiguration: {
                subnets: privateSubnets.map(s => s.props.id),
                securityGroups: [servicesGroup.props.id],
                assignPublicIp: false,
            },
            loadBalancers: [{ targetGroupArn: targetGroup.props.arn, containerName: "api", containerPort }],
        },
        deps({ networkConfiguration: [...privateSubnets, servicesGroup], loadBalancers: [targetGroup] }),
    );

    const fileSystem = fakeResource(nt.fileSystem, `${env}-api-efs`, {
        encrypted: true,
        kmsKeyId: `arn:aws:kms:${region}:${account}:key/0d6f3a1e-2b7c-4c4e-9f51-6a1d2c3b4e5f`,
        tags,
        id: "fs-0e1f",
    });
    const mountTargets = privateSubnets.map((s, az) =>
        fakeResource(
            nt.mountTarget,
            `${env}-api-efs-${az}`,
            { fileSystemId: fileSystem.props.id, subnetId: s.props.id, securityGroups: [efsGroup.props.id] },
            deps({ fileSystemId: [fileSystem], subnetId: [s], securityGroups: [efsGroup] }),
        ),
    );
    const accessPoint = fakeResource(
        nt.accessPoint,
        `${env}-api-efs-ap`,
        {
            fileSystemId: fileSystem.props.id,
            posixUser: { uid: 1000, gid: 1000 },
            rootDirectory: { path: "/api", creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } },
            tags,
        },
        deps({ fileSystemId: [fileSystem] }),
    );

    const launchTemplate = fakeResource(
        nt.launchTemplate,
        `${env}-capacity-lt`,
        {
            description: "ECS container instances (ECS-optimised Amazon Linux 2023)",
            metadataOptions: {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
                instanceMetadataTags: "disabled",
            },
            networkInterfaces: [
                {
                    deviceIndex: 0,
                    associatePublicIpAddress: "false",
                    deleteOnTermination: "true",
                    securityGroups: [servicesGroup.props.id],
                },
            ],
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeType: "gp3", volumeSize: 30, encrypted: "true", deleteOnTermination: "true" },
                },
            ],
            tags,
            id: "lt-0a0b",
        },
        deps({ networkInterfaces: [servicesGroup] }),
    );
    const autoScalingGroup = fakeResource(
        nt.autoScalingGroup,
        `${env}-capacity-asg`,
        {
            minSize: 0,
            maxSize: 4,
            vpcZoneIdentifiers: privateSubnets.map(s => s.props.id),
            launchTemplate: { id: launchTemplate.props.id, version: "1" },
            protectFromScaleIn: true,
            arn: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:1:autoScalingGroupName/${env}-capacity-asg`,
        },
        deps({ launchTemplate: [launchTemplate], vpcZoneIdentifiers: privateSubnets }),
    );
    const capacityProvider = fakeResource(
        nt.capacityProvider,
        `${env}-capacity-cp`,
        {
            autoScalingGroupProvider: {
                autoScalingGroupArn: autoScalingGroup.props.arn,
                managedTerminationProtection: "ENABLED",
                managedDraining: "ENABLED",
                managedScaling: { status: "ENABLED", targetCapacity: 100 },
            },
            tags,
        },
        deps({ autoScalingGroupProvider: [autoScalingGroup] }),
    );

    return {
        vpc,
        defaultSecurityGroup,
        publicSubnets,
        privateSubnets,
        internetGateway,
        publicRouteTable,
        internetRoute,
        internetIpv6Route,
        natGateways,
        privateRouteTables,
        natRoutes,
        associations,
        loadBalancerGroup,
        servicesGroup,
        endpointsGroup,
        efsGroup,
        rules,
        s3Endpoint,
        interfaceEndpoints,
        flowLog,
        logBucket,
        publicAccessBlock,
        encryption,
        lifecycle,
        loadBalancer,
        webAclAssociations,
        domain,
        listeners,
        targetGroup,
        listenerRule,
        service,
        fileSystem,
        mountTargets,
        accessPoint,
        launchTemplate,
        autoScalingGroup,
        capacityProvider,
    };
}

/** Every resource of a {@link networkStack}. */
export function resourcesOf(stack: ReturnType<typeof networkStack>): PolicyInputResource[] {
    const groups = stack.interfaceEndpoints.length > 0 ? [stack.endpointsGroup] : [];
    const { endpointsGroup: _onlyWithEndpoints, ...rest } = stack;
    return [...Object.values(rest).flat(), ...groups];
}

/**
 * The resources as a first `pulumi preview` sees them: nothing exists yet, so every `id` and `arn`, and every
 * reference to one, is unknown; only `propertyDependencies` link resources.
 */
export function asFirstPreview(resources: PolicyInputResource[]): PolicyInputResource[] {
    const computed = new Set(
        resources.flatMap(r => [r.props.id, r.props.arn]).filter((v): v is string => typeof v === "string"),
    );
    const unknown = (value: unknown): unknown => {
        if (typeof value === "string") {
            return computed.has(value) ? UNKNOWN : value;
        }
        if (Array.isArray(value)) {
            return value.map(unknown);
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknown(v)]));
        }
        return value;
    };
    return resources.map(r => ({ ...r, props: unknown(r.props) as Record<string, unknown> }));
}
