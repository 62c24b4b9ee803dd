/**
 * A compliant ECS-on-Fargate stack shaped like the repo's own (awsvpc, FARGATE/FARGATE_SPOT strategies, hardened
 * containers, awslogs to a managed group, circuit breaker, Container Insights "enhanced"), as the engine shows it
 * after an update: input props plus outputs (`id`, `arn`, …). Each builder returns fresh objects; tests change
 * one thing to get a violating case.
 */
import type { PolicyInputResource } from "../../../policies/run";
import { fakeResource } from "../helpers";

export const account = "123456789012";
export const region = "eu-west-1";

export const t = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    role: "aws:iam/role:Role",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    repository: "aws:ecr/repository:Repository",
    cluster: "aws:ecs/cluster:Cluster",
    capacityProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    taskSet: "aws:ecs/taskSet:TaskSet",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
} as const;

export const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:prod/api/db-AbCdEf`;
export const repositoryUrl = `${account}.dkr.ecr.${region}.amazonaws.com/api`;
export const imageDigest = "sha256:" + "a".repeat(64);

/** A hardened container definition (the `containerDefinitions` JSON element). */
export function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "api",
        image: `${repositoryUrl}@${imageDigest}`,
        essential: true,
        user: "1000:1000",
        readonlyRootFilesystem: true,
        privileged: false,
        portMappings: [{ containerPort: 8080, protocol: "tcp" }],
        environment: [
            { name: "PORT", value: "8080" },
            { name: "DB_PASSWORD_SECRET_ARN", value: secretArn },
        ],
        secrets: [{ name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` }],
        linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
        healthCheck: {
            command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
            interval: 30,
            retries: 3,
        },
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/prod/api", "awslogs-region": region, "awslogs-stream-prefix": "api" },
        },
        ...overrides,
    };
}

/** Task definition props with the given containers (default: one hardened container). */
export function taskDefinitionProps(
    overrides: Record<string, unknown> = {},
    containers: Record<string, unknown>[] = [container()],
): Record<string, unknown> {
    return {
        family: "prod-api",
        cpu: "512",
        memory: "1024",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        executionRoleArn: `arn:aws:iam::${account}:role/prod-api-execution`,
        taskRoleArn: `arn:aws:iam::${account}:role/prod-api-task`,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        containerDefinitions: JSON.stringify(containers),
        arn: `arn:aws:ecs:${region}:${account}:task-definition/prod-api:1`,
        ...overrides,
    };
}

/** A task definition resource (no links to other resources). */
export function taskDefinition(
    overrides: Record<string, unknown> = {},
    containers?: Record<string, unknown>[],
    name = "prod-api",
): PolicyInputResource {
    return fakeResource(t.taskDefinition, name, taskDefinitionProps(overrides, containers));
}

/** Service props of a compliant Fargate service. */
export function serviceProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "prod-api",
        cluster: `arn:aws:ecs:${region}:${account}:cluster/prod-cluster`,
        taskDefinition: `arn:aws:ecs:${region}:${account}:task-definition/prod-api:1`,
        desiredCount: 2,
        capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
        networkConfiguration: {
            subnets: ["subnet-private-a", "subnet-private-b"],
            securityGroups: ["sg-task"],
            assignPublicIp: false,
        },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        loadBalancers: [
            {
                targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/api/1`,
                containerName: "api",
                containerPort: 8080,
            },
        ],
        healthCheckGracePeriodSeconds: 60,
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        ...overrides,
    };
}

/** A service resource (no links to other resources). */
export function service(overrides: Record<string, unknown> = {}, name = "prod-api"): PolicyInputResource {
    return fakeResource(t.service, name, serviceProps(overrides));
}

/** Cluster props: Container Insights enhanced, audited ECS Exec, CMK for Fargate ephemeral storage. */
export function clusterProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "prod-cluster",
        arn: `arn:aws:ecs:${region}:${account}:cluster/prod-cluster`,
        settings: [{ name: "containerInsights", value: "enhanced" }],
        configuration: {
            executeCommandConfiguration: {
                kmsKeyId: `arn:aws:kms:${region}:${account}:key/1111`,
                logging: "OVERRIDE",
                logConfiguration: { cloudWatchLogGroupName: "/ecs/prod/exec", cloudWatchEncryptionEnabled: true },
            },
            managedStorageConfiguration: {
                fargateEphemeralStorageKmsKeyId: `arn:aws:kms:${region}:${account}:key/2222`,
            },
        },
        ...overrides,
    };
}

/** The resources of a compliant stack, linked by ids and property dependencies, by role. */
export function compliantStack() {
    const r = <T extends Record<string, unknown>>(type: string, name: string, props: T, links = {}) =>
        fakeResource(type, name, props, links);
    const vpc = r(t.vpc, "vpc", { id: "vpc-1", cidrBlock: "10.0.0.0/16", mainRouteTableId: "rtb-main" });
    const igw = r(
        t.internetGateway,
        "igw",
        { id: "igw-1", vpcId: "vpc-1" },
        { propertyDependencies: { vpcId: [vpc.urn] } },
    );
    const subnet = (name: string, id: string, az: string, isPublic: boolean) =>
        r(
            t.subnet,
            name,
            { id, vpcId: "vpc-1", availabilityZone: az, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: isPublic },
            {
                propertyDependencies: { vpcId: [vpc.urn] },
            },
        );
    const publicA = subnet("public-a", "subnet-public-a", `${region}a`, true);
    const privateA = subnet("private-a", "subnet-private-a", `${region}a`, false);
    const privateB = subnet("private-b", "subnet-private-b", `${region}b`, false);
    const nat = r(t.natGateway, "nat-a", { id: "nat-1", subnetId: publicA.props.id });
    const publicRoutes = r(
        t.routeTable,
        "public",
        { id: "rtb-public", vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] },
        {
            propertyDependencies: { vpcId: [vpc.urn], routes: [igw.urn] },
        },
    );
    const privateRoutes = r(
        t.routeTable,
        "private",
        { id: "rtb-private", vpcId: "vpc-1", routes: [] },
        {
            propertyDependencies: { vpcId: [vpc.urn] },
        },
    );
    const natRoute = r(
        t.route,
        "private-default",
        { id: "r-1", routeTableId: "rtb-private", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" },
        {
            propertyDependencies: { routeTableId: [privateRoutes.urn], natGatewayId: [nat.urn] },
        },
    );
    const associate = (name: string, subnetResource: PolicyInputResource, table: PolicyInputResource) =>
        r(
            t.routeTableAssociation,
            name,
            { id: `rtbassoc-${name}`, subnetId: subnetResource.props.id, routeTableId: table.props.id },
            {
                propertyDependencies: { subnetId: [subnetResource.urn], routeTableId: [table.urn] },
            },
        );
    const lbSecurityGroup = r(t.securityGroup, "lb", {
        id: "sg-lb",
        vpcId: "vpc-1",
        description: "load balancer",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const taskSecurityGroup = r(t.securityGroup, "task", {
        id: "sg-task",
        vpcId: "vpc-1",
        description: "tasks",
        ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-lb"] }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const executionRole = r(t.role, "execution", {
        name: "prod-api-execution",
        arn: `arn:aws:iam::${account}:role/prod-api-execution`,
    });
    const taskRole = r(t.role, "task", { name: "prod-api-task", arn: `arn:aws:iam::${account}:role/prod-api-task` });
    const logGroup = r(t.logGroup, "api-logs", {
        name: "/ecs/prod/api",
        retentionInDays: 30,
        arn: `arn:aws:logs:${region}:${account}:log-group:/ecs/prod/api`,
    });
    const repository = r(t.repository, "api", { name: "api", imageTagMutability: "IMMUTABLE", repositoryUrl });
    const cluster = r(t.cluster, "prod-cluster", clusterProps());
    const task = fakeResource(t.taskDefinition, "prod-api", taskDefinitionProps(), {
        propertyDependencies: {
            executionRoleArn: [executionRole.urn],
            taskRoleArn: [taskRole.urn],
            containerDefinitions: [logGroup.urn],
        },
    });
    const svc = fakeResource(t.service, "prod-api", serviceProps(), {
        propertyDependencies: {
            cluster: [cluster.urn],
            taskDefinition: [task.urn],
            networkConfiguration: [privateA.urn, privateB.urn, taskSecurityGroup.urn],
        },
    });
    const scalingTarget = r(
        t.scalingTarget,
        "prod-api-scaling",
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/prod-cluster/prod-api",
            minCapacity: 2,
            maxCapacity: 6,
        },
        { propertyDependencies: { resourceId: [cluster.urn, svc.urn] } },
    );
    const scalingPolicy = r(
        t.scalingPolicy,
        "prod-api-cpu",
        {
            name: "prod-api-cpu",
            policyType: "TargetTrackingScaling",
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/prod-cluster/prod-api",
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 60,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                scaleInCooldown: 300,
                scaleOutCooldown: 60,
            },
        },
        { propertyDependencies: { resourceId: [scalingTarget.urn] } },
    );
    const parts = {
        vpc,
        igw,
        publicA,
        privateA,
        privateB,
        nat,
        publicRoutes,
        privateRoutes,
        natRoute,
        publicAssociation: associate("public-a", publicA, publicRoutes),
        privateAssociationA: associate("private-a", privateA, privateRoutes),
        privateAssociationB: associate("private-b", privateB, privateRoutes),
        lbSecurityGroup,
        taskSecurityGroup,
        executionRole,
        taskRole,
        logGroup,
        repository,
        cluster,
        task,
        service: svc,
        scalingTarget,
        scalingPolicy,
    };
    return { ...parts, all: Object.values(parts) as PolicyInputResource[] };
}

/** `resources` with `replacement` in place of the resource with the same URN. */
export function replacing(
    resources: PolicyInputResource[],
    ...replacements: PolicyInputResource[]
): PolicyInputResource[] {
    return resources.map(resource => replacements.find(r => r.urn === resource.urn) ?? resource);
}

/** A copy of `resource` with props merged (shallow) and optional new links. */
export function withProps(
    resource: PolicyInputResource,
    props: Record<string, unknown>,
    links: Partial<Pick<PolicyInputResource, "propertyDependencies" | "dependencies" | "parent">> = {},
): PolicyInputResource {
    return { ...resource, props: { ...resource.props, ...props }, ...links };
}
