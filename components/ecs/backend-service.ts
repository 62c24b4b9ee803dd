import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems } from "../shared";
import { ServiceBase, ServiceBaseArgs, ServiceConnectArgs } from "./service-base";

/** A backend service: {@link ServiceBaseArgs} with no load balancer, published over Service Connect. */
export interface BackendServiceArgs extends Omit<ServiceBaseArgs, "serviceConnect"> {
    /** Port the app listens on, published as `<serviceName>:<port>`. Default: 8080. */
    port?: number;
    /** HTTP path of the default container health check. Default: `/health`. */
    healthCheckPath?: string;
    /** The Service Connect namespace and TLS; the port is always published. Required. */
    serviceConnect: Omit<ServiceConnectArgs, "publish">;
}

/**
 * The backend kind: a {@link ServiceBase} other services reach only through ECS Service Connect, at
 * `http://<serviceName>:<port>`; nothing routes to it from the internet. Its security group (from the networking
 * layer) decides which services may call it.
 */
export class BackendService extends ServiceBase {
    constructor(name: string, args: BackendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = {
            ...args,
            port: args.port ?? 8080,
            healthCheckPath: args.healthCheckPath ?? "/health",
            serviceConnect: { ...args.serviceConnect, publish: true },
        };
        super("ecs-platform:ecs:BackendService", name, settings, new ArgumentProblems(), () => ({}), opts);
    }
}
