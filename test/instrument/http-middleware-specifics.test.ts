/** @module What only one framework has: Express mounted routers, Fastify's plugin form, Hono off node; and promtool on the result. */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import fc from "fast-check";
import Fastify from "fastify";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { expressMetrics } from "../../src/instrument/http/express.js";
import { fastifyMetrics } from "../../src/instrument/http/fastify.js";
import { honoMetrics } from "../../src/instrument/http/hono.js";
import { nodeHttpMetrics } from "../../src/instrument/http/node-http.js";
import { HttpMetrics } from "../../src/instrument/http-metrics.js";
import { Registry } from "../../src/metrics/index.js";
import { runPromtool } from "../support/promtool.js";
import { findSamples, sampleValue } from "./parse-scrape.js";

const REQUESTS = "tradewatch_http_requests_total";

async function waitForCount(registry: Registry, count: number): Promise<string> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const text = await registry.metrics();
    const total = findSamples(text, REQUESTS).reduce((sum, sample) => sum + sample.value, 0);
    if (total >= count || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Express 5 mounted routers", () => {
  it("labels a route by mount path + route template, nested routers included", async () => {
    const registry = new Registry();
    const app = express();
    app.use(expressMetrics(new HttpMetrics({ registry })));
    const api = express.Router();
    api.get("/orders/:id", (req, res) => {
      res.json({ id: req.params.id });
    });
    const nested = express.Router();
    nested.get("/", (_req, res) => {
      res.send("fills");
    });
    api.use("/fills", nested);
    app.use("/api/v1", api);
    const server: Server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await (await fetch(`${base}/api/v1/orders/7`)).text();
      await (await fetch(`${base}/api/v1/fills`)).text();
      await (await fetch(`${base}/api/v1/nothing`)).text();
      const text = await waitForCount(registry, 3);
      const routes = findSamples(text, REQUESTS).map(
        (s) => `${s.labels.route} ${s.labels.status_class}`,
      );
      expect(routes.sort()).toEqual([
        "/api/v1/fills 2xx",
        "/api/v1/orders/:id 2xx",
        "unmatched 4xx",
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("Fastify 5 plugin form", () => {
  it("instruments routes of the instance it is registered on, across encapsulated plugins", async () => {
    const registry = new Registry();
    const app = Fastify();
    await app.register(fastifyMetrics, { httpMetrics: new HttpMetrics({ registry }) });
    await app.register(
      async (child) => {
        child.get("/positions/:symbol", async () => ({ qty: 1 }));
      },
      { prefix: "/v2" },
    );
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      await (await fetch(`${base}/v2/positions/BTC`)).text();
      await (await fetch(`${base}/v2/missing`)).text();
      const text = await waitForCount(registry, 2);
      expect(
        sampleValue(text, REQUESTS, { route: "/v2/positions/:symbol", status_class: "2xx" }),
      ).toBe(1);
      expect(sampleValue(text, REQUESTS, { route: "unmatched", status_class: "4xx" })).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe("Hono off node (fetch API runtimes)", () => {
  it("records when the handler returns, sizes from Content-Length", async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use(honoMetrics(new HttpMetrics({ registry })));
    app.get("/quotes/:symbol", (c) => {
      const body = JSON.stringify({ symbol: c.req.param("symbol"), bid: 1 });
      return c.body(body, 200, {
        "content-type": "application/json",
        "content-length": String(body.length),
      });
    });
    app.post("/orders", (c) => c.text("created", 201));
    const quote = await app.request("/quotes/ETH");
    const quoteBytes = (await quote.arrayBuffer()).byteLength;
    await app.request("/orders", {
      method: "POST",
      body: "qty=1",
      headers: { "content-length": "5" },
    });
    await app.request("/none");
    const text = await registry.metrics();
    expect(sampleValue(text, REQUESTS, { route: "/quotes/:symbol", status_class: "2xx" })).toBe(1);
    expect(sampleValue(text, REQUESTS, { method: "POST", route: "/orders" })).toBe(1);
    expect(sampleValue(text, REQUESTS, { route: "unmatched", status_class: "4xx" })).toBe(1);
    expect(
      sampleValue(text, "tradewatch_http_response_size_bytes_sum", { route: "/quotes/:symbol" }),
    ).toBe(quoteBytes);
    expect(sampleValue(text, "tradewatch_http_request_size_bytes_sum", { route: "/orders" })).toBe(
      5,
    );
    expect(sampleValue(text, "tradewatch_http_requests_in_flight")).toBe(0);
  });
});

describe("Hono sub-apps", () => {
  it("labels routes of a sub-app mounted with app.route() by the full template", async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use(honoMetrics(new HttpMetrics({ registry })));
    const orders = new Hono();
    orders.get("/:id", (c) => c.text(c.req.param("id")));
    orders.use("/:id/fills", async (_c, next) => next());
    app.route("/api/orders", orders);
    app.basePath("/v2").get("/health/:component", (c) => c.text("ok"));
    await app.request("/api/orders/42");
    await app.request("/api/orders/42/fills");
    await app.request("/v2/health/db");
    const text = await registry.metrics();
    const routes = findSamples(text, REQUESTS).map(
      (s) => `${s.labels.route} ${s.labels.status_class}`,
    );
    expect(routes.sort()).toEqual([
      "/api/orders/:id 2xx",
      "/v2/health/:component 2xx",
      "unmatched 4xx",
    ]);
  });
});

describe("promtool", () => {
  // promtool check metrics reads the text format 0.0.4 only (OpenMetrics counters' HELP
  // names the family without _total, which it then reports as missing).
  it("finds no problem in the HTTP metrics after traffic", async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use(honoMetrics(new HttpMetrics({ registry })));
    app.get("/a/:id", (c) => c.text("a"));
    await app.request("/a/1");
    await app.request("/zzz");
    const result = await runPromtool(["check", "metrics"], await registry.render("prometheus"));
    expect(result.problems, `${result.stdout}${result.stderr}`).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

describe("label bounds under random traffic", () => {
  it("keeps route and method labels in their closed sets whatever paths and methods arrive", async () => {
    const registry = new Registry();
    const templates = ["GET /orders/:id", "/static/*", "POST /orders"];
    const server = createServer(
      nodeHttpMetrics(new HttpMetrics({ registry }), { routes: templates })((_req, res) => {
        res.end("ok");
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const send = (method: string, path: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, method, path }, (res) => {
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end();
      });
    const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/);
    const paths = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join("/")}`);
    const methods = fc.constantFrom(
      "GET",
      "POST",
      "PUT",
      "DELETE",
      "PATCH",
      "PURGE",
      "MKCOL",
      "OPTIONS",
    );
    const sent = fc.sample(fc.tuple(methods, paths, fc.constantFrom("", "?q=1", "?x=%20")), 300);
    try {
      for (const [method, path, query] of sent) await send(method, `${path}${query}`);
      const text = await waitForCount(registry, sent.length);
      const samples = findSamples(text, REQUESTS);
      expect(samples.reduce((sum, sample) => sum + sample.value, 0)).toBe(sent.length);
      const routes = new Set(samples.map((sample) => sample.labels.route));
      for (const route of routes)
        expect(["/orders/:id", "/static/*", "/orders", "unmatched"]).toContain(route);
      const methodLabels = new Set(samples.map((sample) => sample.labels.method));
      for (const method of methodLabels) {
        expect(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"]).toContain(method);
      }
      expect(samples.length).toBeLessThanOrEqual(4 * 7);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
