import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags, Tags } from "../shared";
import type { FlowLogsArgs } from "./networking-args";

/** The VPC flow log, its delivery role and the role's policy, children of `parent`. */
export function createFlowLog(
    parent: pulumi.Resource,
    flowLogName: string,
    vpc: aws.ec2.Vpc,
    args: Required<FlowLogsArgs>,
    region: pulumi.Output<string>,
    tags: Tags,
): void {
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    // The confused-deputy conditions AWS documents for the flow-logs service principal.
    const role = new aws.iam.Role(
        flowLogName,
        {
            description: "Lets VPC Flow Logs deliver to the flow-log log group",
            assumeRolePolicy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: {
                                "aws:SourceArn": pulumi.interpolate`arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`,
                            },
                        },
                    },
                ],
            }),
            tags: namedTags(flowLogName, tags),
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        flowLogName,
        {
            role: role.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [args.logGroupArn, pulumi.interpolate`${args.logGroupArn}:*`],
                    },
                    {
                        // Flow-log delivery lists the log groups first (AWS documents it as required); listing
                        // names only the account and region.
                        Effect: "Allow",
                        Action: "logs:DescribeLogGroups",
                        Resource: pulumi
                            .output(args.logGroupArn)
                            .apply(arn => arn.replace(/:log-group:.*$/, ":log-group:*")),
                    },
                ],
            }),
        },
        { parent },
    );
    new aws.ec2.FlowLog(
        flowLogName,
        {
            vpcId: vpc.id,
            trafficType: args.trafficType,
            logDestinationType: "cloud-watch-logs",
            logDestination: args.logGroupArn,
            iamRoleArn: role.arn,
            tags: namedTags(flowLogName, tags),
        },
        // Without the policy in place the first deliveries fail.
        { parent, dependsOn: [policy] },
    );
}
