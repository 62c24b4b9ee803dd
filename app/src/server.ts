/**
 * The sample service both stacks deploy: `web` (routed `/*`) and `api` (routed `/api/*`) run this same image and
 * differ only in `APP_NAME`. No dependencies, nothing written to disk (the root filesystem is read-only).
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AppOptions {
    /** Service name reported by `/` and `/api/*` (env `APP_NAME`). Default: "app". */
    name?: string;
    /** Build version reported by `/` (env `APP_VERSION`, baked in by the image build). Default: "dev". */
    version?: string;
}

export interface ListenOptions extends AppOptions {
    /** TCP port; 0 picks a free one. Default: 8080, the platform's container port. */
    port?: number;
    /**
     * Address to bind. Default: every IPv6 and IPv4 address (IPv4 only where IPv6 is off), so the task's ENI and
     * `localhost` — which the container health check may resolve to `::1` — both reach the server.
     */
    host?: string;
}

/**
 * Longer than the load balancer's idle timeout (60 s by default), so the target never closes a keep-alive
 * connection the ALB is about to reuse (which the ALB reports as a 502).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Builds the HTTP server without listening; the tests and {@link listen} share it. */
export function createApp(options: AppOptions = {}): Server {
    const name = options.name ?? "app";
    const version = options.version ?? "dev";
    const server = createServer((request, response) => handle(request, response, { name, version }));
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
    return server;
}

/** Starts the server and resolves once it accepts connections. */
export function listen(options: ListenOptions = {}): Promise<Server> {
    const server = createApp(options);
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port: options.port ?? 8080, host: options.host }, () => {
            server.off("error", reject);
            resolve(server);
        });
    });
}

function handle(request: IncomingMessage, response: ServerResponse, app: Required<AppOptions>): void {
    if (request.method !== "GET" && request.method !== "HEAD") {
        send(response, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
        return;
    }
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/health") {
        send(response, 200, { status: "ok" });
    } else if (path === "/") {
        send(response, 200, { service: app.name, version: app.version });
    } else if (path === "/api" || path.startsWith("/api/")) {
        send(response, 200, { service: app.name, path });
    } else {
        send(response, 404, { error: "not found" });
    }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const json = JSON.stringify(body);
    response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(json),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        ...headers,
    });
    response.end(response.req.method === "HEAD" ? undefined : json);
}

/**
 * ECS stops a task with SIGTERM, then SIGKILL after the container's stop timeout: stop accepting connections,
 * let in-flight requests finish, and exit before that.
 */
function stopOnSignals(server: Server): void {
    const stop = (signal: NodeJS.Signals) => {
        log({ msg: "stopping", signal });
        server.close(() => process.exit(0));
        server.closeIdleConnections();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
}

function log(fields: Record<string, unknown>): void {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

async function main(): Promise<void> {
    const server = await listen({
        name: process.env.APP_NAME,
        version: process.env.APP_VERSION,
        port: process.env.PORT === undefined ? undefined : Number(process.env.PORT),
    });
    stopOnSignals(server);
    log({ msg: "listening", port: (server.address() as AddressInfo).port, service: process.env.APP_NAME ?? "app" });
}

if (require.main === module) {
    main().catch(err => {
        log({ msg: "failed to start", error: String(err) });
        process.exit(1);
    });
}
