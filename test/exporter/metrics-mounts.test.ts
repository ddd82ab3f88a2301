/** @module The /metrics handlers mounted in node:http, Express, Fastify and Hono, scraped as Prometheus scrapes. */

import { createServer, get, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expressMetricsHandler,
  fastifyMetricsHandler,
  honoMetricsHandler,
  type MetricsEndpointOptions,
  nodeHttpMetricsHandler,
} from "../../src/exporter/index.js";
import { Counter, Registry } from "../../src/metrics/index.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

// The headers Prometheus 2.x/3.x sends on a scrape (scrape_protocols default, gzip).
const prometheusAccept =
  "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";
const token = "s3cret-token";

interface Mounted {
  readonly name: string;
  readonly url: string;
  readonly close: () => Promise<void>;
}

const registry = new Registry();
new Counter({ name: "fills_total", help: "Fills.", labelNames: ["side"], registers: [registry] })
  .labels("buy")
  .inc(7);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function mountAll(options: MetricsEndpointOptions): Promise<Mounted[]> {
  const mounted: Mounted[] = [];
  const metrics = nodeHttpMetricsHandler(options);
  const plain = createServer((req, res) => {
    if (req.url === "/metrics") return void metrics(req, res);
    res.writeHead(200).end("app");
  });
  mounted.push({
    name: "node:http",
    url: `${await listen(plain)}/metrics`,
    close: () => closeServer(plain),
  });

  const app = express();
  app.get("/metrics", expressMetricsHandler(options));
  app.get("/", (_req, res) => void res.send("app"));
  const expressServer = createServer(app);
  mounted.push({
    name: "express",
    url: `${await listen(expressServer)}/metrics`,
    close: () => closeServer(expressServer),
  });

  const fastify = Fastify();
  fastify.get("/metrics", fastifyMetricsHandler(options));
  fastify.get("/", async () => "app");
  const fastifyUrl = await fastify.listen({ port: 0, host: "127.0.0.1" });
  mounted.push({ name: "fastify", url: `${fastifyUrl}/metrics`, close: () => fastify.close() });

  const hono = new Hono();
  hono.get("/metrics", honoMetricsHandler(options));
  hono.get("/", (c) => c.text("app"));
  const honoServer = await new Promise<Server>((resolve) => {
    const server = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(server as Server),
    );
  });
  mounted.push({
    name: "hono",
    url: `http://127.0.0.1:${(honoServer.address() as AddressInfo).port}/metrics`,
    close: () => closeServer(honoServer),
  });
  return mounted;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A raw GET (fetch would decompress gzip itself and hide what the server sent). */
async function scrape(url: string, headers: Record<string, string>) {
  return await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).on("error", reject);
    },
  );
}

describe("/metrics mounted in a framework", () => {
  let open: Mounted[];
  let secured: Mounted[];
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    open = await mountAll({ registry });
    secured = await mountAll({ registry, auth: { type: "bearer", token } });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all([...open, ...secured].map((mounted) => mounted.close()));
  });

  it("serves text 0.0.4 by default, OpenMetrics to Prometheus's Accept, gzip when asked", async () => {
    for (const { name, url } of open) {
      const text = await scrape(url, {});
      expect([name, text.status, text.headers["content-type"]]).toEqual([
        name,
        200,
        "text/plain; version=0.0.4; charset=utf-8",
      ]);
      expect(text.body.toString()).toContain('fills_total{side="buy"} 7');

      const openMetrics = await scrape(url, { accept: prometheusAccept });
      expect([name, openMetrics.headers["content-type"]]).toEqual([
        name,
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
      ]);
      expect(openMetrics.body.toString()).toMatch(
        /fills_total\{side="buy"\} 7(\.0)?\n[\s\S]*# EOF\n$/,
      );

      const gzipped = await scrape(url, { accept: prometheusAccept, "accept-encoding": "gzip" });
      expect([name, gzipped.headers["content-encoding"]]).toEqual([name, "gzip"]);
      expect(gunzipSync(gzipped.body).toString()).toBe(openMetrics.body.toString());
    }
  });

  it("refuses a scrape without the bearer token (401 with a challenge) and serves one with it", async () => {
    for (const { name, url } of secured) {
      const anonymous = await scrape(url, {});
      expect([name, anonymous.status, anonymous.headers["www-authenticate"]]).toEqual([
        name,
        401,
        'Bearer realm="tradewatch"',
      ]);
      expect(anonymous.body.toString()).not.toContain("fills_total");
      const wrong = await scrape(url, { authorization: "Bearer nope" });
      expect([name, wrong.status]).toEqual([name, 401]);
      const allowed = await scrape(url, { authorization: `Bearer ${token}` });
      expect([name, allowed.status]).toEqual([name, 200]);
      expect(allowed.body.toString()).toContain('fills_total{side="buy"} 7');
    }
  });

  it("is scraped by the real Prometheus, with the token, in every framework (up 1, the samples)", async () => {
    prometheus = await startPrometheus({
      scrapeConfigs: secured.map(({ name, url }) => {
        const target = new URL(url);
        return {
          job_name: name.replace(":", "_"),
          scrape_interval: "1s",
          metrics_path: target.pathname,
          authorization: { type: "Bearer", credentials: token },
          static_configs: [{ targets: [target.host] }],
        };
      }),
    });
    await prometheus.waitForTargetsUp(30_000);
    const samples = await prometheus.waitForVector(
      'fills_total{side="buy"}',
      (result) => result.length === secured.length,
      30_000,
    );
    expect(samples.map((sample) => [sample.metric.job, sample.value[1]]).sort()).toEqual([
      ["express", "7"],
      ["fastify", "7"],
      ["hono", "7"],
      ["node_http", "7"],
    ]);
  }, 90_000);
});
