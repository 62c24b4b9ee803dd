/**
 * Pulumi type tokens. CrossGuard compares type strings exactly, so policies match on tokens rather than
 * importing `@pulumi/aws` classes (which also keeps the pack fast to load).
 */

/**
 * The type token of an `@pulumi/aws` resource: `awsType("ecs", "taskDefinition")` is
 * `"aws:ecs/taskDefinition:TaskDefinition"`.
 */
export function awsType(module: string, resource: string): string {
    return `aws:${module}/${resource}:${resource.charAt(0).toUpperCase()}${resource.slice(1)}`;
}

/** Load-balancing resources that `@pulumi/aws` publishes under both `aws.lb` and `aws.alb`. */
export type LoadBalancingResource =
    "loadBalancer" | "listener" | "listenerRule" | "listenerCertificate" | "targetGroup" | "targetGroupAttachment";

/**
 * Both tokens of a load-balancing resource (`aws:lb/...` and `aws:alb/...`). Matching only one misses
 * resources declared through the other module.
 */
export function lbTypes(resource: LoadBalancingResource): readonly string[] {
    return [awsType("lb", resource), awsType("alb", resource)];
}

/** Whether `type` is one of `tokens`. */
export function isOneOfTypes(type: string, tokens: string | readonly string[]): boolean {
    return typeof tokens === "string" ? type === tokens : tokens.includes(type);
}

/** Type tokens this pack's ECS and networking policies look at. */
export const types = {
    ecsCluster: awsType("ecs", "cluster"),
    ecsClusterCapacityProviders: awsType("ecs", "clusterCapacityProviders"),
    ecsService: awsType("ecs", "service"),
    ecsTaskDefinition: awsType("ecs", "taskDefinition"),
    ecsTaskSet: awsType("ecs", "taskSet"),
    ecrRepository: awsType("ecr", "repository"),
    logGroup: awsType("cloudwatch", "logGroup"),
    iamRole: awsType("iam", "role"),
    vpc: awsType("ec2", "vpc"),
    subnet: awsType("ec2", "subnet"),
    routeTable: awsType("ec2", "routeTable"),
    route: awsType("ec2", "route"),
    routeTableAssociation: awsType("ec2", "routeTableAssociation"),
    mainRouteTableAssociation: awsType("ec2", "mainRouteTableAssociation"),
    defaultRouteTable: awsType("ec2", "defaultRouteTable"),
    internetGateway: awsType("ec2", "internetGateway"),
    securityGroup: awsType("ec2", "securityGroup"),
    securityGroupRule: awsType("ec2", "securityGroupRule"),
    securityGroupIngressRule: awsType("vpc", "securityGroupIngressRule"),
    scalingTarget: awsType("appautoscaling", "target"),
    scalingPolicy: awsType("appautoscaling", "policy"),
} as const;
