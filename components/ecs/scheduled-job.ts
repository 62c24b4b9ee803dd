import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, Tags, withFormerTypes } from "../shared";
import { createEncryptedQueue, DEAD_LETTER_RETENTION_SECONDS } from "./queues";
import { CapacityProviderShare, capacityProviderStrategies, FARGATE_STRATEGY } from "./service-base";
import { TaskArgs, TaskDefinition } from "./task-definition";
import { policyDocument } from "./task-roles";

/** When and how EventBridge Scheduler starts the job. */
export interface JobScheduleArgs {
    /** `cron(<6 fields>)` or `rate(<n> minutes|hours|days)`. Required. */
    expression: string;
    /** IANA time zone of a cron expression. Default: `UTC`. */
    timezone?: string;
    /** Let Scheduler start up to this many minutes late (1–1440). Default: none (on time). */
    flexibleWindowMinutes?: number;
    /** Retries when RunTask fails, before the event goes to the dead-letter queue (0–185). Default: 2. */
    retryAttempts?: number;
    /** Seconds Scheduler keeps retrying one run (60–86400). Default: 3600. */
    maximumEventAgeSeconds?: number;
    /** `false` pauses the schedule. Default: true. */
    enabled?: boolean;
}

/** A task EventBridge Scheduler runs on a schedule: its TaskArgs, plus where and when it runs. */
export interface ScheduledJobArgs extends TaskArgs {
    /** Job name: the container's name, the family `<environment>-<jobName>`. Required. */
    jobName: string;
    /** Cluster the task runs in. Required. */
    clusterArn: pulumi.Input<string>;
    /** Private subnets of the task (no public IP is ever assigned). Required. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the task. Required. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Capacity providers of the run. Default: `[{ capacityProvider: "FARGATE", weight: 1 }]`. */
    capacityProviderStrategy?: CapacityProviderShare[];
    /** The schedule. Required. */
    schedule: JobScheduleArgs;
    /** KMS key of the schedule's dead-letter queue (the platform key). Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Tags set on every taggable child. Default: none. */
    tags?: Tags;
}

const EXPRESSION = /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

/** The one place ScheduledJob defaults are applied. */
export function jobDefaults(args: ScheduledJobArgs) {
    return {
        ...args,
        capacityProviderStrategy: args.capacityProviderStrategy ?? FARGATE_STRATEGY,
        schedule: {
            ...args.schedule,
            timezone: args.schedule.timezone ?? "UTC",
            retryAttempts: args.schedule.retryAttempts ?? 2,
            maximumEventAgeSeconds: args.schedule.maximumEventAgeSeconds ?? 3600,
            enabled: args.schedule.enabled ?? true,
        },
    };
}

/**
 * A scheduled job: a TaskDefinition that EventBridge Scheduler runs on `schedule` in private subnets without
 * a public IP, with retries and a dead-letter queue for runs it could not start. Its scheduler role may run only
 * this task definition family in this cluster and pass only its two roles. An EventBridge rule matches the job's
 * tasks that stop with a non-zero exit code (`failureRuleName`), which the monitoring layer alarms on.
 */
export class ScheduledJob extends pulumi.ComponentResource {
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn: pulumi.Output<string>;
    /** The task definition family (`<environment>-<jobName>`). */
    public readonly family: pulumi.Output<string>;
    /** The EventBridge Scheduler schedule's ARN. */
    public readonly scheduleArn: pulumi.Output<string>;
    /** Name of the rule matching failed runs (`MatchedEvents` alarm). */
    public readonly failureRuleName: pulumi.Output<string>;
    /** Name of the schedule's dead-letter queue. */
    public readonly deadLetterQueueName: pulumi.Output<string>;

    constructor(name: string, args: ScheduledJobArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = jobDefaults(args);
        scheduledJobProblems(settings).throwIfAny("ScheduledJob", name);
        super(componentType("ScheduledJob"), name, {}, withFormerTypes(opts, "ecs-platform:ecs:ScheduledJob"));
        const tags = mergeTags(settings.tags);
        const { jobName, clusterArn, subnetIds, securityGroupIds, capacityProviderStrategy, schedule, kmsKeyArn } =
            settings;
        const task = new TaskDefinition(name, { ...taskArgsOf(settings), name: jobName }, { parent: this });
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = aws.getRegionOutput({}, { parent: this }).region;

        const role = new aws.iam.Role(
            `${name}-scheduler`,
            {
                description: `EventBridge Scheduler: runs ${jobName}'s task`,
                assumeRolePolicy: policyDocument([
                    {
                        Effect: "Allow",
                        Principal: { Service: "scheduler.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                    },
                ]),
                tags,
            },
            { parent: this },
        );
        const deadLetter = createEncryptedQueue(`${name}-dlq`, this, {
            queueName: `${settings.environment}-${jobName}-schedule-dlq`,
            kmsKeyArn,
            retentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            tags,
        });
        const familyArn = pulumi.interpolate`arn:aws:ecs:${region}:${accountId}:task-definition/${task.family}:*`;
        const policy = new aws.iam.RolePolicy(
            `${name}-scheduler-run-task`,
            {
                role: role.name,
                name: "run-task",
                policy: policyDocument([
                    {
                        Sid: "RunThisTaskInThisCluster",
                        Effect: "Allow",
                        Action: "ecs:RunTask",
                        Resource: familyArn,
                        Condition: { ArnEquals: { "ecs:cluster": clusterArn } },
                    },
                    {
                        Sid: "TagTheTasksItStarts",
                        Effect: "Allow",
                        Action: "ecs:TagResource",
                        Resource: pulumi.interpolate`arn:aws:ecs:${region}:${accountId}:task/*`,
                        Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
                    },
                    {
                        Sid: "PassOnlyTheTaskRoles",
                        Effect: "Allow",
                        Action: "iam:PassRole",
                        Resource: [task.executionRoleArn, task.taskRoleArn],
                        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                    },
                    { Sid: "DeadLetter", Effect: "Allow", Action: "sqs:SendMessage", Resource: deadLetter.arn },
                    {
                        Sid: "EncryptDeadLetters",
                        Effect: "Allow",
                        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                        Resource: kmsKeyArn,
                    },
                ]),
            },
            { parent: this },
        );

        const scheduleResource = new aws.scheduler.Schedule(
            name,
            {
                name,
                scheduleExpression: schedule.expression,
                scheduleExpressionTimezone: schedule.timezone,
                state: schedule.enabled ? "ENABLED" : "DISABLED",
                flexibleTimeWindow:
                    schedule.flexibleWindowMinutes !== undefined
                        ? { mode: "FLEXIBLE", maximumWindowInMinutes: schedule.flexibleWindowMinutes }
                        : { mode: "OFF" },
                target: {
                    arn: clusterArn,
                    roleArn: role.arn,
                    deadLetterConfig: { arn: deadLetter.arn },
                    retryPolicy: {
                        maximumRetryAttempts: schedule.retryAttempts,
                        maximumEventAgeInSeconds: schedule.maximumEventAgeSeconds,
                    },
                    ecsParameters: {
                        taskDefinitionArn: task.taskDefinitionArn,
                        taskCount: 1,
                        capacityProviderStrategies: capacityProviderStrategies(capacityProviderStrategy),
                        networkConfiguration: {
                            subnets: subnetIds,
                            securityGroups: securityGroupIds,
                            assignPublicIp: false,
                        },
                        propagateTags: "TASK_DEFINITION",
                        enableEcsManagedTags: true,
                    },
                },
            },
            // The first run must not find the role without its permissions.
            { parent: this, dependsOn: [policy] },
        );

        // RunTask's default group is `family:<family>`: it names this job's tasks, whatever the revision.
        const failures = new aws.cloudwatch.EventRule(
            `${name}-failed`,
            {
                // A fixed name: the monitoring layer alarms on it before the job exists.
                name: `${name}-failed`,
                description: `${jobName}'s task stopped with a non-zero exit code`,
                eventPattern: pulumi.jsonStringify({
                    source: ["aws.ecs"],
                    "detail-type": ["ECS Task State Change"],
                    detail: {
                        clusterArn: [clusterArn],
                        group: [pulumi.interpolate`family:${task.family}`],
                        lastStatus: ["STOPPED"],
                        containers: { name: [jobName], exitCode: [{ "anything-but": 0 }] },
                    },
                }),
                tags,
            },
            { parent: this },
        );

        this.taskDefinitionArn = task.taskDefinitionArn;
        this.family = task.family;
        this.scheduleArn = scheduleResource.arn;
        this.failureRuleName = failures.name;
        this.deadLetterQueueName = deadLetter.name;
        this.registerOutputs({
            taskDefinitionArn: this.taskDefinitionArn,
            family: this.family,
            scheduleArn: this.scheduleArn,
            failureRuleName: this.failureRuleName,
            deadLetterQueueName: this.deadLetterQueueName,
        });
    }
}

/** The job's own rules: Scheduler's expression syntax and limits. */
export function scheduledJobProblems(settings: ReturnType<typeof jobDefaults>): ArgumentProblems {
    const problems = new ArgumentProblems();
    const { schedule } = settings;
    if (!EXPRESSION.test(schedule.expression)) {
        problems.add(
            "schedule.expression",
            `must be cron(<6 fields>) or rate(<n> minutes|hours|days), got "${schedule.expression}".`,
        );
    }
    const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
    if (schedule.flexibleWindowMinutes !== undefined && !within(schedule.flexibleWindowMinutes, 1, 1440)) {
        problems.add("schedule.flexibleWindowMinutes", `must be 1–1440, got ${schedule.flexibleWindowMinutes}.`);
    }
    if (!within(schedule.retryAttempts, 0, 185)) {
        problems.add("schedule.retryAttempts", `must be 0–185, got ${schedule.retryAttempts}.`);
    }
    if (!within(schedule.maximumEventAgeSeconds, 60, 86400)) {
        problems.add("schedule.maximumEventAgeSeconds", `must be 60–86400, got ${schedule.maximumEventAgeSeconds}.`);
    }
    if (Array.isArray(settings.subnetIds) && settings.subnetIds.length === 0) {
        problems.add("subnetIds", "a scheduled task needs its private subnets.");
    }
    return problems;
}

function taskArgsOf(settings: ReturnType<typeof jobDefaults>): TaskArgs {
    const {
        jobName: _job,
        clusterArn: _cluster,
        subnetIds: _subnets,
        securityGroupIds: _groups,
        capacityProviderStrategy: _strategy,
        schedule: _schedule,
        kmsKeyArn: _key,
        ...task
    } = settings;
    return task;
}
