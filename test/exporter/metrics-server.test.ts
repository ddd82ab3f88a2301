/** @module The metrics server over real HTTP on 127.0.0.1: negotiation, gzip, auth, health, readiness, routes, shutdown. */
import { Agent, createServer } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricsServer, startMetricsServer } from "../../src/exporter/metrics-server.js";
import {
  Counter,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
} from "../../src/metrics/index.js";
import { sampleValue } from "../instrument/parse-scrape.js";
import { rawRequest } from "./raw-request.js";

/** The Accept header Prometheus 2.x/3.x sends when scraping. */
const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

function registryWithOrders(): Registry {
  const registry = new Registry();
  const orders = new Counter({
    name: "orders_placed_total",
    help: "Orders placed.",
    labelNames: ["side"],
    registers: [registry],
  });
  orders.inc({ side: "buy" }, 3);
  orders.inc({ side: "sell" });
  return registry;
}

describe("startMetricsServer: /metrics", () => {
  let server: MetricsServer;
  beforeAll(async () => {
    server = await startMetricsServer({
      port: 0,
      registry: registryWithOrders(),
      version: "9.9.9",
    });
  });
  afterAll(() => server.close());

  it("binds to 127.0.0.1 unless told otherwise", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("serves text format 0.0.4 to a client that sends no Accept header", async () => {
    const response = await rawRequest(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe(PROMETHEUS_CONTENT_TYPE);
    const text = response.body.toString("utf8");
    expect(sampleValue(text, "orders_placed_total", { side: "buy" })).toBe(3);
    expect(text).not.toContain("# EOF");
  });

  it("serves OpenMetrics to Prometheus's own Accept header", async () => {
    const response = await rawRequest(`${server.url}/metrics`, {
      headers: { accept: PROMETHEUS_ACCEPT },
    });
    expect(response.headers["content-type"]).toBe(OPENMETRICS_CONTENT_TYPE);
    const text = response.body.toString("utf8");
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(sampleValue(text, "orders_placed_total", { side: "sell" })).toBe(1);
  });

  it("gzips for clients that accept it, and the body round-trips", async () => {
    const plain = await rawRequest(`${server.url}/metrics`);
    const zipped = await rawRequest(`${server.url}/metrics`, {
      headers: { "accept-encoding": "gzip, deflate" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("Accept-Encoding");
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.byteLength);
    expect(gunzipSync(zipped.body).toString("utf8")).toBe(plain.body.toString("utf8"));
    const refused = await rawRequest(`${server.url}/metrics`, {
      headers: { "accept-encoding": "gzip;q=0, identity" },
    });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("answers HEAD without a body, 405 for other methods and 404 for unknown paths", async () => {
    const head = await rawRequest(`${server.url}/metrics`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    const post = await rawRequest(`${server.url}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    const missing = await fetch(`${server.url}/metrics/extra`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not found", path: "/metrics/extra" });
  });
});

describe("startMetricsServer: auth", () => {
  let bearer: MetricsServer;
  let basic: MetricsServer;
  const basicHeader = (user: string, pass: string) =>
    `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

  beforeAll(async () => {
    bearer = await startMetricsServer({
      port: 0,
      registry: registryWithOrders(),
      auth: { type: "bearer", token: "s3cret-token" },
    });
    bearer.route("POST", "/kill-switch", (_req, res) => {
      res.end("halted");
    });
    bearer.route(
      "GET",
      "/status",
      (_req, res) => {
        res.end("public");
      },
      { public: true },
    );
    basic = await startMetricsServer({
      port: 0,
      registry: registryWithOrders(),
      auth: { type: "basic", username: "prometheus", password: "p4ss:word" },
    });
  });
  afterAll(() => Promise.all([bearer.close(), basic.close()]));

  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", "Bearer s3cret-tokem"],
    ["a token prefix", "Bearer s3cret"],
    ["the right token under the Basic scheme", "Basic s3cret-token"],
    ["a scheme without credentials", "Bearer"],
  ])("bearer: rejects %s with 401 and a Bearer challenge", async (_case, authorization) => {
    const response = await rawRequest(`${bearer.url}/metrics`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="tradewatch"');
    expect(response.body.toString()).not.toContain("orders_placed_total");
  });

  it("bearer: accepts the right token (scheme case-insensitive)", async () => {
    for (const scheme of ["Bearer", "bearer"]) {
      const response = await rawRequest(`${bearer.url}/metrics`, {
        headers: { authorization: `${scheme} s3cret-token` },
      });
      expect(response.status).toBe(200);
      expect(sampleValue(response.body.toString(), "orders_placed_total", { side: "buy" })).toBe(3);
    }
  });

  it("protects mounted routes unless public, and leaves /health and /ready open", async () => {
    expect((await fetch(`${bearer.url}/kill-switch`, { method: "POST" })).status).toBe(401);
    const allowed = await fetch(`${bearer.url}/kill-switch`, {
      method: "POST",
      headers: { authorization: "Bearer s3cret-token", "content-type": "application/json" },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe("halted");
    expect((await fetch(`${bearer.url}/status`)).status).toBe(200);
    expect((await fetch(`${bearer.url}/health`)).status).toBe(200);
    expect((await fetch(`${bearer.url}/ready`)).status).toBe(503);
  });

  it.each([
    ["no Authorization header", undefined],
    ["a wrong password", basicHeader("prometheus", "p4ss:wore")],
    ["a wrong user", basicHeader("grafana", "p4ss:word")],
    ["the password as a bearer token", "Bearer p4ss:word"],
    ["garbage", "Basic !!!"],
  ])("basic: rejects %s with 401 and a Basic challenge", async (_case, authorization) => {
    const response = await rawRequest(`${basic.url}/metrics`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="tradewatch", charset="UTF-8"');
  });

  it("basic: accepts the right user and password (a colon inside the password included)", async () => {
    const response = await rawRequest(`${basic.url}/metrics`, {
      headers: { authorization: basicHeader("prometheus", "p4ss:word") },
    });
    expect(response.status).toBe(200);
  });
});

describe("startMetricsServer: /health and /ready", () => {
  it("reports liveness with uptime, version and component checks; a failing check makes it 503", async () => {
    const server = await startMetricsServer({
      port: 0,
      registry: new Registry(),
      version: "1.2.3",
      name: "order",
    });
    try {
      let databaseUp = true;
      server.addHealthCheck("database", () => ({
        ok: databaseUp,
        detail: databaseUp ? "connected" : "down",
      }));
      server.addHealthCheck("exchange", async () => true);
      const healthy = await fetch(`${server.url}/health`);
      expect(healthy.status).toBe(200);
      const body = (await healthy.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: "ok",
        name: "order",
        version: "1.2.3",
        checks: { database: { status: "ok", detail: "connected" }, exchange: { status: "ok" } },
      });
      expect(body.uptimeSeconds).toBeGreaterThan(0);
      databaseUp = false;
      server.addHealthCheck("cache", () => {
        throw new Error("redis refused connection");
      });
      const unhealthy = await fetch(`${server.url}/health`);
      expect(unhealthy.status).toBe(503);
      expect(await unhealthy.json()).toMatchObject({
        status: "fail",
        checks: {
          database: { status: "fail", detail: "down" },
          cache: { status: "fail", detail: "redis refused connection" },
          exchange: { status: "ok" },
        },
      });
    } finally {
      await server.close();
    }
  });

  it("answers /ready 503 until setReady() and its readiness checks pass; a hung check times out", async () => {
    const server = await startMetricsServer({
      port: 0,
      registry: new Registry(),
      healthCheckTimeoutMs: 100,
    });
    try {
      let warmedUp = false;
      server.addHealthCheck("market_data", () => warmedUp);
      server.addHealthCheck("optional_cache", () => false, { readiness: false });
      expect((await fetch(`${server.url}/ready`)).status).toBe(503);
      server.setReady();
      const notWarm = await fetch(`${server.url}/ready`);
      expect(notWarm.status).toBe(503);
      expect(await notWarm.json()).toMatchObject({
        status: "not_ready",
        checks: { market_data: { status: "fail" } },
      });
      warmedUp = true;
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { status: string; checks: Record<string, unknown> };
      expect(body.status).toBe("ready");
      expect(Object.keys(body.checks)).toEqual(["market_data"]);
      server.addHealthCheck("broker", () => new Promise<boolean>(() => {}));
      const hung = await fetch(`${server.url}/ready`);
      expect(hung.status).toBe(503);
      expect(await hung.json()).toMatchObject({
        checks: { broker: { status: "fail", detail: "timed out after 100 ms" } },
      });
    } finally {
      await server.close();
    }
  });
});

describe("startMetricsServer: routes and shutdown", () => {
  it("mounts routes for higher layers, with 405 naming the allowed methods", async () => {
    const server = await startMetricsServer({ port: 0, registry: new Registry() });
    try {
      server.route("GET", "/", (_req, res) => {
        res.setHeader("content-type", "text/html");
        res.end("<h1>dashboard</h1>");
      });
      server.route("POST", "/kill-switch", async (req, res) => {
        let body = "";
        for await (const chunk of req) body += String(chunk);
        res.end(`killed: ${body}`);
      });
      expect(await (await fetch(`${server.url}/`)).text()).toBe("<h1>dashboard</h1>");
      const killed = await fetch(`${server.url}/kill-switch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '"manual"',
      });
      expect(await killed.text()).toBe('killed: "manual"');
      const wrong = await fetch(`${server.url}/kill-switch`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("POST");
      const head = await rawRequest(`${server.url}/`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.body.byteLength).toBe(0);
      expect(() => server.route("GET", "/metrics", () => {})).toThrow(
        'Invalid route path "/metrics": the metrics server serves it itself',
      );
      expect(() => server.route("GET", "health", () => {})).toThrow(/must start with "\/"/);
    } finally {
      await server.close();
    }
  });

  it("closes idle keep-alive sockets and ends streams on its signal, then frees the port", async () => {
    const server = await startMetricsServer({ port: 0, registry: registryWithOrders() });
    server.route("GET", "/events", (_req, res, { signal }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: hello\n\n");
      signal.addEventListener("abort", () => res.end());
    });
    const agent = new Agent({ keepAlive: true });
    const first = await rawRequest(`${server.url}/metrics`, { agent });
    expect(first.status).toBe(200);
    const stream = await fetch(`${server.url}/events`);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: hello\n\n");
    const started = Date.now();
    await server.close({ graceMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await reader.read()).done).toBe(true);
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.listen(server.port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => again.close(resolve));
    agent.destroy();
  });

  it("cuts requests still running after the grace period", async () => {
    const server = await startMetricsServer({ port: 0, registry: new Registry() });
    server.route("GET", "/stuck", () => {});
    const pending = fetch(`${server.url}/stuck`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close({ graceMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("records its own requests with route templates when asked", async () => {
    const registry = new Registry();
    const server = await startMetricsServer({ port: 0, registry, recordHttpMetrics: true });
    try {
      server.route("GET", "/dashboard", (_req, res) => {
        res.end("ok");
      });
      await (await fetch(`${server.url}/dashboard?tab=2`)).text();
      await (await fetch(`${server.url}/nope`)).text();
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const labels = (route: string, status_class: string) => ({
        method: "GET",
        route,
        status_class,
      });
      expect(sampleValue(text, "tradewatch_http_requests_total", labels("/dashboard", "2xx"))).toBe(
        1,
      );
      expect(sampleValue(text, "tradewatch_http_requests_total", labels("unmatched", "4xx"))).toBe(
        1,
      );
    } finally {
      await server.close();
    }
  });

  it("rejects with the listen error when the port is taken", async () => {
    const first = await startMetricsServer({ port: 0, registry: new Registry() });
    try {
      await expect(
        startMetricsServer({ port: first.port, registry: new Registry() }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
