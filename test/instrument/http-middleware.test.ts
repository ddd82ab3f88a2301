/** @module Every HTTP middleware (node:http, Express 5, Fastify 5, Hono) through the same cases against a real server. */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressMetrics } from "../../src/instrument/http/express.js";
import { instrumentFastify } from "../../src/instrument/http/fastify.js";
import { honoMetrics } from "../../src/instrument/http/hono.js";
import { nodeHttpMetrics } from "../../src/instrument/http/node-http.js";
import { HttpMetrics } from "../../src/instrument/http-metrics.js";
import { Registry } from "../../src/metrics/index.js";
import { createRecorder } from "../../src/recorder/create-recorder.js";
import { findSamples, sampleValue } from "./parse-scrape.js";

/** A running server of one framework with the same four routes, and a way to stop it. */
interface Harness {
  readonly baseUrl: string;
  readonly registry: Registry;
  /** Resolves the pending GET /slow request. */
  readonly releaseSlow: () => void;
  readonly close: () => Promise<void>;
}

const ORDER_BODY = '{"symbol":"BTC/USDT","qty":1}';

function slowGate(): { wait: () => Promise<void>; release: () => void } {
  let release = (): void => {};
  let pending = new Promise<void>((resolve) => (release = resolve));
  return {
    wait: () => pending,
    release: () => {
      release();
      pending = new Promise<void>((resolve) => (release = resolve));
    },
  };
}

async function listening(server: Server): Promise<string> {
  if (!server.listening) await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

const frameworks: Record<string, () => Promise<Harness>> = {
  "node:http": async () => {
    const registry = new Registry();
    const gate = slowGate();
    const instrument = nodeHttpMetrics(new HttpMetrics({ registry }), {
      routes: ["GET /orders/:id", "POST /orders", "/fail", "GET /slow"],
    });
    const server = createServer(
      instrument((req, res) => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        if (req.method === "GET" && /^\/orders\/[^/]+$/.test(path)) {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ id: path.slice("/orders/".length) }));
        } else if (req.method === "POST" && path === "/orders") {
          const chunks: Buffer[] = [];
          req.on("data", (chunk: Buffer) => chunks.push(chunk));
          req.on("end", () => {
            res.statusCode = 201;
            res.end(JSON.stringify({ received: Buffer.concat(chunks).length }));
          });
        } else if (path === "/fail") {
          res.statusCode = 500;
          res.end("boom");
        } else if (path === "/slow") {
          void gate.wait().then(() => res.end("late"));
        } else {
          res.statusCode = 404;
          res.end("not found");
        }
      }),
    );
    server.listen(0, "127.0.0.1");
    const baseUrl = await listening(server);
    return { baseUrl, registry, releaseSlow: gate.release, close: () => closeServer(server) };
  },
  "Express 5": async () => {
    const registry = new Registry();
    const gate = slowGate();
    const app = express();
    app.set("env", "test"); // Express logs handler errors to stderr unless env is "test".
    app.use(expressMetrics(new HttpMetrics({ registry })));
    app.get("/orders/:id", (req, res) => {
      res.json({ id: req.params.id });
    });
    app.post("/orders", express.raw({ type: "*/*" }), (req, res) => {
      res.status(201).json({ received: (req.body as Buffer).length });
    });
    app.get("/fail", () => {
      throw new Error("boom");
    });
    app.get("/slow", async (_req, res) => {
      await gate.wait();
      res.send("late");
    });
    const server = app.listen(0, "127.0.0.1");
    const baseUrl = await listening(server);
    return { baseUrl, registry, releaseSlow: gate.release, close: () => closeServer(server) };
  },
  "Fastify 5": async () => {
    const registry = new Registry();
    const gate = slowGate();
    const app = Fastify();
    instrumentFastify(app, new HttpMetrics({ registry }));
    app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    app.get("/orders/:id", async (request) => ({ id: (request.params as { id: string }).id }));
    app.post("/orders", async (request, reply) => {
      reply.code(201);
      return { received: (request.body as Buffer).length };
    });
    app.get("/fail", async () => {
      throw new Error("boom");
    });
    app.get("/slow", async () => {
      await gate.wait();
      return "late";
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      registry,
      releaseSlow: gate.release,
      close: async () => {
        app.server.closeAllConnections();
        await app.close();
      },
    };
  },
  Hono: async () => {
    const registry = new Registry();
    const gate = slowGate();
    const app = new Hono();
    app.onError((_error, c) => c.text("boom", 500)); // the default handler logs to stderr
    app.use(honoMetrics(new HttpMetrics({ registry })));
    app.get("/orders/:id", (c) => c.json({ id: c.req.param("id") }));
    app.post("/orders", async (c) => {
      const body = await c.req.arrayBuffer();
      return c.json({ received: body.byteLength }, 201);
    });
    app.get("/fail", () => {
      throw new Error("boom");
    });
    app.get("/slow", async (c) => {
      await gate.wait();
      return c.text("late");
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    const baseUrl = await listening(server);
    return { baseUrl, registry, releaseSlow: gate.release, close: () => closeServer(server) };
  },
};

async function scrapeWhen(
  registry: Registry,
  ready: (text: string) => boolean,
  timeoutMs = 2000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await registry.metrics();
    if (ready(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function total(text: string, labels: Record<string, string>): number {
  return findSamples(text, "tradewatch_http_requests_total", labels).reduce(
    (sum, s) => sum + s.value,
    0,
  );
}

describe.each(Object.keys(frameworks))("HTTP middleware: %s", (framework) => {
  let harness: Harness;
  let afterTraffic: string;
  const responseBytes: Record<string, number> = {};

  beforeAll(async () => {
    harness = await frameworks[framework]!();
    const { baseUrl } = harness;
    for (const id of ["1", "2", "abc-123"]) {
      const response = await fetch(`${baseUrl}/orders/${id}?verbose=1`);
      expect(response.status).toBe(200);
      responseBytes[`get-${id}`] = (await response.arrayBuffer()).byteLength;
    }
    const created = await fetch(`${baseUrl}/orders`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: ORDER_BODY,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ received: ORDER_BODY.length });
    expect((await fetch(`${baseUrl}/fail`)).status).toBe(500);
    expect((await fetch(`${baseUrl}/no/such/path/42`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/orders/1`, { method: "PURGE" })).status).toBe(404);
    afterTraffic = await scrapeWhen(harness.registry, (text) => total(text, {}) >= 7);
  });

  afterAll(async () => {
    await harness.close();
  });

  it("counts requests by method, route template and status class", () => {
    expect(
      sampleValue(afterTraffic, "tradewatch_http_requests_total", {
        method: "GET",
        route: "/orders/:id",
        status_class: "2xx",
      }),
    ).toBe(3);
    expect(
      sampleValue(afterTraffic, "tradewatch_http_requests_total", {
        method: "POST",
        route: "/orders",
        status_class: "2xx",
      }),
    ).toBe(1);
    expect(
      sampleValue(afterTraffic, "tradewatch_http_requests_total", {
        method: "GET",
        route: "/fail",
        status_class: "5xx",
      }),
    ).toBe(1);
  });

  it("labels unknown paths `unmatched` and unknown methods `other`, never the raw URL", () => {
    expect(
      sampleValue(afterTraffic, "tradewatch_http_requests_total", {
        method: "GET",
        route: "unmatched",
        status_class: "4xx",
      }),
    ).toBe(1);
    expect(
      sampleValue(afterTraffic, "tradewatch_http_requests_total", {
        method: "OTHER",
        route: "unmatched",
        status_class: "4xx",
      }),
    ).toBe(1);
    const routes = new Set(
      findSamples(afterTraffic, "tradewatch_http_requests_total").map(
        (sample) => sample.labels.route,
      ),
    );
    expect([...routes].sort()).toEqual(["/fail", "/orders", "/orders/:id", "unmatched"]);
  });

  it("observes durations and request and response sizes per request", () => {
    const get = { method: "GET", route: "/orders/:id", status_class: "2xx" };
    expect(sampleValue(afterTraffic, "tradewatch_http_request_duration_seconds_count", get)).toBe(
      3,
    );
    const durationSum = sampleValue(
      afterTraffic,
      "tradewatch_http_request_duration_seconds_sum",
      get,
    );
    expect(durationSum).toBeGreaterThan(0);
    expect(durationSum).toBeLessThan(5);
    expect(
      sampleValue(afterTraffic, "tradewatch_http_response_size_bytes_sum", {
        method: "GET",
        route: "/orders/:id",
      }),
    ).toBe(
      (responseBytes["get-1"] ?? 0) +
        (responseBytes["get-2"] ?? 0) +
        (responseBytes["get-abc-123"] ?? 0),
    );
    expect(
      sampleValue(afterTraffic, "tradewatch_http_request_size_bytes_sum", {
        method: "POST",
        route: "/orders",
      }),
    ).toBe(ORDER_BODY.length);
  });

  it("shows a request in flight while it is being served", async () => {
    const pending = fetch(`${harness.baseUrl}/slow`);
    const during = await scrapeWhen(
      harness.registry,
      (text) => sampleValue(text, "tradewatch_http_requests_in_flight") === 1,
    );
    expect(sampleValue(during, "tradewatch_http_requests_in_flight")).toBe(1);
    harness.releaseSlow();
    expect(await (await pending).text()).toBe("late");
    const after = await scrapeWhen(
      harness.registry,
      (text) => total(text, { route: "/slow" }) === 1,
    );
    expect(sampleValue(after, "tradewatch_http_requests_in_flight")).toBe(0);
    expect(total(after, { route: "/slow", status_class: "2xx" })).toBe(1);
  });

  it("lets a request whose client left before any response out of flight, uncounted", async () => {
    const before = total(await harness.registry.metrics(), { route: "/slow" });
    const controller = new AbortController();
    const pending = fetch(`${harness.baseUrl}/slow`, { signal: controller.signal });
    await scrapeWhen(
      harness.registry,
      (text) => sampleValue(text, "tradewatch_http_requests_in_flight") === 1,
    );
    controller.abort();
    await expect(pending).rejects.toThrow();
    const after = await scrapeWhen(
      harness.registry,
      (text) => sampleValue(text, "tradewatch_http_requests_in_flight") === 0,
    );
    expect(sampleValue(after, "tradewatch_http_requests_in_flight")).toBe(0);
    expect(total(after, { route: "/slow" })).toBe(before);
    harness.releaseSlow();
  });
});

describe("HttpMetrics", () => {
  it("reuses the catalog metrics already in the registry, so two middlewares share them", async () => {
    const registry = new Registry();
    const first = new HttpMetrics({ registry });
    const second = new HttpMetrics({ registry });
    expect(second.metrics.requests).toBe(first.metrics.requests);
    const timing = second.begin();
    second.end(timing, {
      method: "get",
      route: "/x",
      status: 204,
      requestBytes: 0,
      responseBytes: 0,
    });
    const text = await registry.metrics();
    expect(
      sampleValue(text, "tradewatch_http_requests_total", {
        method: "GET",
        route: "/x",
        status_class: "2xx",
      }),
    ).toBe(1);
  });

  it("leaves ignored routes out of the counts but not out of flight", async () => {
    const registry = new Registry();
    const http = new HttpMetrics({ registry, ignoreRoutes: ["/metrics"] });
    const scrape = http.begin();
    const during = await registry.metrics();
    expect(sampleValue(during, "tradewatch_http_requests_in_flight")).toBe(1);
    http.end(scrape, {
      method: "GET",
      route: "/metrics",
      status: 200,
      requestBytes: 0,
      responseBytes: 100,
    });
    http.end(http.begin(), {
      method: "GET",
      route: "/orders",
      status: 200,
      requestBytes: 0,
      responseBytes: 5,
    });
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_http_requests_in_flight")).toBe(0);
    expect(findSamples(text, "tradewatch_http_requests_total").map((s) => s.labels.route)).toEqual([
      "/orders",
    ]);
  });

  it("follows the namespace option and refuses to run without metrics or a registry", () => {
    const registry = new Registry();
    new HttpMetrics({ registry, namespace: "trader" });
    expect(registry.getSingleMetric("trader_http_requests_total")).toBeDefined();
    expect(() => new HttpMetrics({})).toThrow(/"registry" was undefined/);
  });

  it("records into the recorder's metrics, constant labels included, and refuses to shadow them", async () => {
    const recorder = createRecorder({ constLabels: { bot: "paper-btc", environment: "paper" } });
    const http = new HttpMetrics({ metrics: recorder.httpMetricSet() });
    http.end(http.begin(), {
      method: "POST",
      route: "/orders",
      status: 503,
      requestBytes: 10,
      responseBytes: 20,
    });
    const text = await recorder.registry.metrics();
    expect(
      sampleValue(text, "tradewatch_http_requests_total", {
        bot: "paper-btc",
        environment: "paper",
        method: "POST",
        route: "/orders",
        status_class: "5xx",
      }),
    ).toBe(1);
    expect(() => new HttpMetrics({ registry: recorder.registry })).toThrow(
      /already holds "tradewatch_http_requests_total" with labels \[bot,environment,method,route,status_class\]/,
    );
  });
});
