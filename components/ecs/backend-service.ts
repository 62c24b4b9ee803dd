import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, formerUrn, withFormerTypes } from "../shared";
import {
    buildService,
    ServiceConnectNamespaceArgs,
    ServiceCoreArgs,
    ServiceOutputs,
    ServiceScalingArgs,
    serviceSettings,
} from "./service-base";

/** A backend service: a service with no load balancer, published over Service Connect. */
export interface BackendServiceArgs extends ServiceCoreArgs, ServiceScalingArgs {
    /** Port the app listens on, published as `<serviceName>:<port>`. Default: 8080. */
    port?: number;
    /** HTTP path of the default container health check. Default: `/health`. */
    healthCheckPath?: string;
    /** The Service Connect namespace and TLS; the port is always published. Required. */
    serviceConnect: ServiceConnectNamespaceArgs;
}

/** The token before the package (`ecs-platform:index`): stacks created then keep their URNs through aliases. */
const FORMER_TYPE = "ecs-platform:ecs:BackendService";

/** The one place the backend kind's own defaults are applied. */
export function backendDefaults(args: BackendServiceArgs) {
    return {
        ...args,
        port: args.port ?? 8080,
        healthCheckPath: args.healthCheckPath ?? "/health",
        serviceConnect: { ...args.serviceConnect, publish: true },
    };
}

/**
 * The backend kind: a service (service-base.ts) other services reach only through ECS Service Connect, at
 * `http://<serviceName>:<port>`; nothing routes to it from the internet. Its security group (from the networking
 * layer) decides which services may call it.
 */
export class BackendService extends pulumi.ComponentResource implements ServiceOutputs {
    /** The ECS service's name. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The ECS service's ARN. */
    public readonly serviceArn!: pulumi.Output<string>;
    /** The task definition's ARN (with revision). */
    public readonly taskDefinitionArn!: pulumi.Output<string>;
    /** The execution role's ARN (image pull, logs, secrets). */
    public readonly executionRoleArn!: pulumi.Output<string>;
    /** The task role's ARN (the app's own permissions). */
    public readonly taskRoleArn!: pulumi.Output<string>;
    /** The image reference the app container runs (for `build`, the pushed digest URI). */
    public readonly image!: pulumi.Output<string>;

    constructor(name: string, args: BackendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = serviceSettings("BackendService", name, backendDefaults(args), new ArgumentProblems());
        super(componentType("BackendService"), name, {}, withFormerTypes(opts, FORMER_TYPE));
        const outputs = buildService(this, name, settings, {}, formerUrn(name, FORMER_TYPE, opts));
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
