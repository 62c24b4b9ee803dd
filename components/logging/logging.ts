import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, statefulOptions, Tags, withFormerTypes } from "../shared";

/** The retention periods CloudWatch Logs accepts (`PutRetentionPolicy`), in days. "Never expire" is deliberately absent. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** One of `LOG_RETENTION_DAYS`. */
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** Whether a number is a retention period CloudWatch Logs accepts (for the config layer's validation). */
export function isLogRetentionDays(days: number): days is LogRetentionDays {
    return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

export interface LoggingArgs {
    /** Environment name used in the log group names (`staging`, `prod`). Required. */
    environment: string;
    /** Service names (unique, not `exec`); each gets `/ecs/<environment>/<service>`. Required (may be empty). */
    services: string[];
    /**
     * Retention of every log group in days: one of `LOG_RETENTION_DAYS` (what CloudWatch Logs accepts; never
     * "forever"), checked when the component is created. Default: 30.
     */
    retentionInDays?: number;
    /** ARN of the customer-managed KMS key (PlatformKey.keyArn) that encrypts every log group. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Create `/vpc/<environment>/flow-logs` for the networking layer's VPC flow logs. Default: true. */
    flowLogs?: boolean;
    /** Create `/ecs/<environment>/exec` for ECS Exec session logs. Default: false. */
    ecsExec?: boolean;
    /** Protect the log groups and retain them on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on every log group. Default: none. */
    tags?: Tags;
}

/** A log group, as other layers reference it. */
export interface LogGroupRef {
    /** Log group name (known before creation: it is set explicitly). */
    name: pulumi.Output<string>;
    /** Log group ARN (without the trailing `:*`). */
    arn: pulumi.Output<string>;
}

const NAME_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The Logging defaults, written once: applied below, stated in the TSDoc (a spec checks they agree). */
export const LOGGING_DEFAULTS: Readonly<
    Required<Pick<LoggingArgs, "retentionInDays" | "flowLogs" | "ecsExec" | "protect">>
> = Object.freeze({ retentionInDays: 30, flowLogs: true, ecsExec: false, protect: false });

/** The one place Logging defaults are applied. */
function withDefaults(args: LoggingArgs) {
    return {
        ...args,
        retentionInDays: args.retentionInDays ?? LOGGING_DEFAULTS.retentionInDays,
        flowLogs: args.flowLogs ?? LOGGING_DEFAULTS.flowLogs,
        ecsExec: args.ecsExec ?? LOGGING_DEFAULTS.ecsExec,
        protect: args.protect ?? LOGGING_DEFAULTS.protect,
    };
}

/**
 * The platform's CloudWatch log groups, all with a finite retention and encrypted with the platform key (whose key
 * policy lets CloudWatch Logs use it for this account's log groups): one per service for the `awslogs` driver,
 * one for VPC flow logs, one for ECS Exec sessions.
 */
export class Logging extends pulumi.ComponentResource {
    /** Service name → its log group (`/ecs/<environment>/<service>`). */
    public readonly serviceLogGroups: Record<string, LogGroupRef>;
    /** `/vpc/<environment>/flow-logs`; undefined when `flowLogs` is false. */
    public readonly flowLogGroup?: LogGroupRef;
    /** `/ecs/<environment>/exec`; undefined when `ecsExec` is false. */
    public readonly execLogGroup?: LogGroupRef;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        loggingProblems(args).throwIfAny("Logging", name);
        super(componentType("Logging"), name, {}, withFormerTypes(opts, "ecs-platform:logging:Logging"));
        const settings = withDefaults(args);

        const logGroup = (resourceName: string, logGroupName: string): LogGroupRef => {
            const group = new aws.cloudwatch.LogGroup(
                resourceName,
                {
                    name: logGroupName,
                    retentionInDays: settings.retentionInDays,
                    kmsKeyId: settings.kmsKeyArn,
                    tags: mergeTags(settings.tags),
                },
                statefulOptions(this, settings.protect),
            );
            return { name: group.name, arn: group.arn };
        };

        const env = settings.environment;
        this.serviceLogGroups = Object.fromEntries(
            settings.services.map(service => [
                service,
                logGroup(`${name}-service-${service}`, `/ecs/${env}/${service}`),
            ]),
        );
        this.flowLogGroup = settings.flowLogs ? logGroup(`${name}-flow-logs`, `/vpc/${env}/flow-logs`) : undefined;
        this.execLogGroup = settings.ecsExec ? logGroup(`${name}-exec`, `/ecs/${env}/exec`) : undefined;

        this.registerOutputs({
            serviceLogGroups: this.serviceLogGroups,
            flowLogGroup: this.flowLogGroup,
            execLogGroup: this.execLogGroup,
        });
    }
}

/**
 * What is wrong with the logging arguments, by argument. Each service's log group is `/ecs/<environment>/<service>`
 * (CloudWatch Logs names: `[\.\-_/#A-Za-z0-9]+`, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
 * Pure: the program checks its config with it first.
 */
export function loggingProblems(
    args: Pick<LoggingArgs, "environment" | "services" | "retentionInDays">,
): ArgumentProblems {
    const problems = new ArgumentProblems();
    if (args.retentionInDays !== undefined && !isLogRetentionDays(args.retentionInDays)) {
        problems.add("retentionInDays", `must be one of ${LOG_RETENTION_DAYS.join(", ")} (never 0/forever)`);
    }
    if (!NAME_SEGMENT.test(args.environment)) {
        problems.add("environment", "must be a single name segment ([A-Za-z0-9._-])");
    }
    args.services.forEach((service, i) => {
        if (!NAME_SEGMENT.test(service)) {
            problems.add(`services[${i}]`, "must be a single name segment ([A-Za-z0-9._-])");
        } else if (args.services.indexOf(service) !== i) {
            problems.add(`services[${i}]`, "is listed twice: service names must be unique");
        } else if (service === "exec") {
            // Reserved even while ecsExec is off, so turning it on later never collides with a service's log group.
            problems.add(`services[${i}]`, 'is reserved: "exec" names the ECS Exec log group /ecs/<env>/exec');
        }
    });
    return problems;
}
