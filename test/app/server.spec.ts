import { strict as assert } from "node:assert";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { listen } from "../../app/src/server";

/** Every request gets at most this long, so a hung server fails the test instead of stalling the suite. */
const REQUEST_TIMEOUT_MS = 2_000;

describe("app/server", function () {
    this.timeout(5_000);
    let server: Server;
    let base: string;

    before(async () => {
        server = await listen({ port: 0, host: "127.0.0.1", name: "api", version: "sha-abc123" });
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(done => {
        server.closeAllConnections();
        server.close(done);
    });

    const get = (path: string, init: RequestInit = {}) =>
        fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

    it("answers the health check on /health", async () => {
        const response = await get("/health");
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { status: "ok" });
        assert.equal(response.headers.get("cache-control"), "no-store");
    });

    it("reports its service name and version on /", async () => {
        const response = await get("/");
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { service: "api", version: "sha-abc123" });
    });

    it("serves /api/* (the api service's route)", async () => {
        const response = await get("/api/orders?page=2");
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { service: "api", path: "/api/orders" });
    });

    it("answers 404 for unknown paths", async () => {
        const response = await get("/apix");
        assert.equal(response.status, 404);
    });

    it("answers HEAD without a body and rejects other methods", async () => {
        const head = await get("/health", { method: "HEAD" });
        assert.equal(head.status, 200);
        assert.equal(await head.text(), "");
        const post = await get("/health", { method: "POST" });
        assert.equal(post.status, 405);
        assert.equal(post.headers.get("allow"), "GET, HEAD");
    });

    it("listens on both loopback addresses by default, whichever `localhost` resolves to", async () => {
        const dual = await listen({ port: 0 });
        try {
            const { port, family } = dual.address() as AddressInfo;
            const hosts = family === "IPv6" ? ["127.0.0.1", "[::1]"] : ["127.0.0.1"];
            for (const host of hosts) {
                const response = await fetch(`http://${host}:${port}/health`, {
                    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
                });
                assert.equal(response.status, 200, host);
            }
        } finally {
            dual.closeAllConnections();
            await new Promise(resolve => dual.close(resolve));
        }
    });

    it("keeps idle connections open longer than the load balancer's 60 s idle timeout", () => {
        assert.ok(server.keepAliveTimeout > 60_000);
        assert.ok(server.headersTimeout > server.keepAliveTimeout);
    });
});
