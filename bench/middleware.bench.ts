/**
 * @module Measures the node:http middleware's overhead per request: the record path alone
 * (HttpMetrics.end against the same records through prom-client), and whole keep-alive
 * requests to a real server on 127.0.0.1 with and without the middleware.
 */
import { Agent, createServer, type RequestListener, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as promClient from "prom-client";
import { nodeHttpMetrics } from "../src/instrument/http/node-http.js";
import { HttpMetrics } from "../src/instrument/http-metrics.js";
import { Registry } from "../src/metrics/index.js";
import { benchInterleaved, benchOnce, type ComparisonRow, printTable } from "./harness.js";

const quick = process.env.BENCH_QUICK === "1";
const benchOptions = quick ? { warmupMs: 30, minRunMs: 20, runs: 3 } : {};

// Realistic cardinality: 4 methods x 8 route templates x 3 status classes.
const methods = ["GET", "POST", "DELETE", "get"];
const routes = Array.from({ length: 8 }, (_, index) => `/api/v1/resource${index}/:id`);
const statuses = [200, 404, 503];
const requestAt = Array.from({ length: 1024 }, (_, index) => ({
  method: methods[index % methods.length]!,
  route: routes[(index >> 2) % routes.length]!,
  status: statuses[(index >> 5) % statuses.length]!,
  bytes: (index * 37) % 4096,
}));

const ours = new HttpMetrics({ registry: new Registry() });
const peerRegistry = new promClient.Registry();
const labelNames = ["method", "route", "status_class"];
const peer = {
  requests: new promClient.Counter({
    name: "http_requests_total",
    help: "h",
    labelNames,
    registers: [peerRegistry],
  }),
  duration: new promClient.Histogram({
    name: "http_request_duration_seconds",
    help: "h",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [peerRegistry],
  }),
  requestSize: new promClient.Histogram({
    name: "http_request_size_bytes",
    help: "h",
    labelNames: ["method", "route"],
    buckets: [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
    registers: [peerRegistry],
  }),
  responseSize: new promClient.Histogram({
    name: "http_response_size_bytes",
    help: "h",
    labelNames: ["method", "route"],
    buckets: [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
    registers: [peerRegistry],
  }),
  inFlight: new promClient.Gauge({
    name: "http_requests_in_flight",
    help: "h",
    registers: [peerRegistry],
  }),
};

const recordPath = benchInterleaved(
  {
    "tradewatch HttpMetrics": (n) => {
      for (let i = 0; i < n; i++) {
        const r = requestAt[i & 1023]!;
        const timing = ours.begin();
        ours.end(timing, {
          method: r.method,
          route: r.route,
          status: r.status,
          requestBytes: r.bytes,
          responseBytes: r.bytes,
        });
      }
    },
    "prom-client by hand": (n) => {
      for (let i = 0; i < n; i++) {
        const r = requestAt[i & 1023]!;
        peer.inFlight.inc();
        const start = process.hrtime.bigint();
        const method = r.method.toUpperCase();
        const statusClass = `${Math.floor(r.status / 100)}xx`;
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        peer.inFlight.dec();
        const labels = { method, route: r.route, status_class: statusClass };
        peer.requests.inc(labels);
        peer.duration.observe(labels, seconds);
        peer.requestSize.observe({ method, route: r.route }, r.bytes);
        peer.responseSize.observe({ method, route: r.route }, r.bytes);
      }
    },
  },
  benchOptions,
);

async function listen(listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const handler: RequestListener = (_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end('{"ok":true}');
};
const plain = await listen(handler);
const instrumentedRegistry = new Registry();
const instrumented = await listen(
  nodeHttpMetrics(new HttpMetrics({ registry: instrumentedRegistry }), {
    routes: ["GET /orders/:id"],
  })(handler),
);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const batch = quick ? 200 : 1000;

function get(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    req.end();
  });
}

async function requests(port: number): Promise<void> {
  for (let i = 0; i < batch; i++) await get(port, `/orders/${i}`);
}

// Interleave whole batches so that load from other processes hits both alike.
const plainRuns: number[] = [];
const instrumentedRuns: number[] = [];
await requests(plain.port);
await requests(instrumented.port);
const measure = async (port: number) =>
  (await benchOnce(() => requests(port), { warmup: 0, runs: 1 })).nsPerOp / batch;
for (let run = 0; run < (quick ? 4 : 10); run++) {
  // ABBA order: neither server always runs first.
  if (run % 2 === 0) {
    plainRuns.push(await measure(plain.port));
    instrumentedRuns.push(await measure(instrumented.port));
  } else {
    instrumentedRuns.push(await measure(instrumented.port));
    plainRuns.push(await measure(plain.port));
  }
}
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const plainNs = medianOf(plainRuns);
const spread = (values: number[]) =>
  ((Math.max(...values) - Math.min(...values)) / medianOf(values)) * 100;
const instrumentedNs = medianOf(instrumentedRuns);

const rows: ComparisonRow[] = [
  {
    name: "record one request (begin + end, 4 metrics)",
    values: {
      tradewatch: recordPath["tradewatch HttpMetrics"].nsPerOp,
      "prom-client": recordPath["prom-client by hand"].nsPerOp,
    },
  },
];
printTable({
  title:
    "HTTP metrics record path: tradewatch HttpMetrics vs the same records with prom-client (median ns/op, CPU time)",
  libraries: ["tradewatch", "prom-client"],
  unit: "ns/op",
  rows,
});
printTable({
  title: `Whole keep-alive GET over 127.0.0.1 (client and server in this process, ${batch} per run; median CPU ns/request)`,
  libraries: ["instrumented", "plain"],
  unit: "ns/request",
  rows: [
    {
      name: `node:http: difference ${Math.round(instrumentedNs - plainNs).toLocaleString("en-US")} ns/request (${(((instrumentedNs - plainNs) / plainNs) * 100).toFixed(1)}%); run-to-run spread of plain ${spread(plainRuns).toFixed(0)}%`,
      values: { instrumented: instrumentedNs, plain: plainNs },
    },
  ],
});

agent.destroy();
await Promise.all([
  new Promise((resolve) => plain.server.close(resolve)),
  new Promise((resolve) => instrumented.server.close(resolve)),
]);

// The middleware must have recorded every request, or the comparison measured nothing.
const text = await instrumentedRegistry.metrics();
const counted = /tradewatch_http_requests_total\{[^}]*route="\/orders\/:id"[^}]*\} (\d+)/.exec(
  text,
);
if (counted === null || Number(counted[1]) < batch) {
  throw new Error("The middleware recorded nothing: the benchmark is void");
}
