/**
 * The rules the config boundary checks beyond each value's own schema, by the key they report on, for the config
 * reference in README.md (`npm run docs:config`). Each entry names where the rule lives; a spec checks that every
 * key here is a documented key, and the boundary specs check each rule with a bad and a good value.
 */
export const KEY_RULES: Record<string, string[]> = {
    "aws:region": [
        "an AWS Region code (`infra/config/regions.ts`), with a suggestion for a near miss",
        "its zones are looked up before any resource: see `network.azCount`",
    ],
    "ecs-platform:owner": ["never a secret: it becomes a tag, and AWS keeps tags in plaintext"],
    "ecs-platform:costCentre": ["never a secret (a tag)"],
    "ecs-platform:tags": [
        "no key the platform sets (environment, owner, cost-centre, managed-by, project, stack, service, rotation, Name)",
        "at most 41, so a resource stays within AWS's 50 tags",
        "never secrets (tags are plaintext)",
    ],
    "ecs-platform:network.vpcCidr": [
        "a canonical IPv4 CIDR (no host bits set), /16 to /28, large enough for `network.azCount` AZs (CIDR plan)",
    ],
    "ecs-platform:network.azCount": [
        "at most the AZs `aws:region` offers the deploying account (looked up before any resource is registered)",
    ],
    "ecs-platform:network.loadBalancerIngressCidrs": [
        "each a canonical IPv4 CIDR (no host bits set), or with `network.ipv6` an IPv6 CIDR as AWS writes it (lowercase, compressed: `2001:db8::/32`), listed once",
    ],
    "ecs-platform:loadBalancer.testTraffic.sourceCidrs": [
        "each a canonical IPv4 CIDR, or with `network.ipv6` an IPv6 CIDR as AWS writes it, listed once",
    ],
    "ecs-platform:registry.sharedRepository": [
        "an ECR repository name: lowercase runs joined by single `.` `_` `-`, `/` between segments (Registry)",
    ],
    "ecs-platform:registry.lifecycle.releaseTagPrefixes": [
        "each an image tag prefix, listed once (ECR lifecycle policy)",
    ],
    "ecs-platform:registry.pullAccountIds": ["each listed once (Registry)"],
    "ecs-platform:alarms.emails": ["each an email address of at most 254 characters (Monitoring)"],
    "ecs-platform:cluster.capacityStrategy": [
        "ECS strategy rules (Cluster): each provider once, a base on one entry at most, a weight above 0 on some entry, never Fargate and EC2 providers together; `EC2` needs `cluster.ec2`",
    ],
    "ecs-platform:cluster.ec2.instanceType": [
        "matches `cluster.ec2.architecture`: Graviton types (a `g` after the generation, or `a1`) are arm64, all others x86_64 (Ec2Capacity)",
    ],
    "ecs-platform:cluster.ec2.minSize": ["at most `cluster.ec2.maxSize` (Ec2Capacity)"],
    "ecs-platform:cluster.ec2.maxSize": ["at least 1 (Ec2Capacity)"],
    "ecs-platform:loadBalancer.certificateArn": [
        "a certificate of the stack's own Region",
        "of the deploying account (looked up before any resource is registered)",
    ],
    "ecs-platform:loadBalancer.domain": ["in `loadBalancer.hostedZone`"],
    "ecs-platform:loadBalancer.alternativeNames": [
        "need `loadBalancer.domain`; each in the hosted zone, none repeated",
    ],
    "ecs-platform:loadBalancer.hostedZone": [
        "exactly one of `hostedZone` and `hostedZoneId` with `domain`; needs `domain`",
    ],
    "ecs-platform:loadBalancer.hostedZoneId": ["needs `loadBalancer.domain`"],
    "ecs-platform:testTrafficToken": ["a secret (`pulumi config set --secret`, or ESC)"],
    "ecs-platform:loadBalancer.wafWebAclArn": [
        "a `wafv2` ARN in the stack's Region and partition",
        "of the deploying account (looked up before any resource is registered)",
    ],
    "ecs-platform:services": [
        "each name gives the ECR repository `<environment>/<name>` (Registry) and the log group `/ecs/<environment>/<name>`; `exec` is reserved (Logging)",
        "within the ALB's rule and target group quotas (`loadBalancer.quotas`, routing)",
    ],
    "ecs-platform:services.<name>.image": ["`ecr`: exactly one of `tag` and `digest`"],
    "ecs-platform:services.<name>.image.credentialsSecret (source: external)": [
        'names one of the service\'s Secrets Manager secrets; its `secretValues` value is the JSON `{"username","password"}` (ServiceSecrets)',
    ],
    "ecs-platform:services.<name>.cpu": ["on Fargate, a task size Fargate offers"],
    "ecs-platform:services.<name>.memory": ["on Fargate, a memory Fargate pairs with `cpu`"],
    "ecs-platform:services.<name>.route": [
        "no two services on the same path with overlapping hosts; at most 5 condition values with the test rule's; priorities unique (routing)",
    ],
    "ecs-platform:services.<name>.route.hosts": [
        "covered by the requested certificate's names (`loadBalancer.domain`, `alternativeNames`)",
    ],
    "ecs-platform:services.<name>.minCount": [
        "at most `maxCount` while autoscaling is on (autoscaling)",
        "prod: at least 2 and at least `network.azCount`",
    ],
    "ecs-platform:services.<name>.maxCount": ["at least 1 while autoscaling is on (autoscaling)"],
    "ecs-platform:services.<name>.desiredCount": [
        "between `minCount` and `maxCount` while autoscaling is on (autoscaling)",
    ],
    "ecs-platform:services.<name>.environment": [
        "names that look like secrets (PASSWORD, TOKEN, API_KEY, …) belong under `secrets`; a name is never under both",
        "a `secure:` value becomes a Secrets Manager secret `/<environment>/<service>/<NAME>`, injected through `valueFrom`",
    ],
    "ecs-platform:services.<name>.secrets.<name>.rotation": [
        "Secrets Manager only (ServiceSecrets)",
        "`lambdaArn`: a `lambda` ARN in the stack's Region, of the deploying account",
    ],
    "ecs-platform:services.<name>.capacity": ["`ec2` needs `cluster.ec2`"],
    "ecs-platform:services.<name>.networkMode": ["`bridge` needs `capacity: ec2`"],
    "ecs-platform:services.<name>.sidecars[].name": ["unique, and not the service's name (TaskDefinition)"],
    "ecs-platform:services.<name>.sidecars": [
        "their `cpu` and `memory` leave some of the task's to the app container (TaskDefinition)",
    ],
    "ecs-platform:services.<name>.efs": [
        "`containerPath`: an absolute path other than `/` and `/tmp` (TaskDefinition)",
    ],
    "ecs-platform:services.<name>.sidecars[].environment": ["never secrets (plain container environment)"],
    "ecs-platform:services.<name>.autoscaling.requestsPerTarget": ["not with `blueGreen`"],
    "ecs-platform:services.<name>.autoscaling.scheduledActions[].name": [
        "unique, 1–256 characters without `:` `/` `|` (autoscaling)",
    ],
    "ecs-platform:services.<name>.autoscaling.scheduledActions[].schedule": [
        "`at(yyyy-mm-ddThh:mm:ss)`, `rate(<n> minutes|hours|days)` or `cron(<6 fields>)` with `?` in exactly one day field (App Auto Scaling)",
    ],
    "ecs-platform:services.<name>.autoscaling.scheduledActions[].minCount": ["at most `maxCount` (autoscaling)"],
    "ecs-platform:services.<name>.autoscaling.scheduledActions[].timezone": [
        "an IANA time zone name, e.g. `Europe/Dublin`",
    ],
    "ecs-platform:deployment.maximumPercent": ["above `deployment.minimumHealthyPercent` (Service)"],
    "ecs-platform:secretValues": [
        "every value a secret (`pulumi config set --secret --path`, or ESC)",
        "each names a declared secret with `source: config`",
    ],
};
