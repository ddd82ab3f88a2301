/**
 * @module A small exporter: a counter and a histogram served on /metrics with content
 * negotiation, using only the metrics core. Run: `npx tsx examples/serve-metrics.ts`.
 */
import { createServer } from "node:http";
import { Counter, Histogram, negotiateExposition, Registry } from "../src/metrics/index.js";

const registry = new Registry();
registry.setDefaultLabels({ bot: "example" });

const fills = new Counter({
  name: "example_fills_total",
  help: "Fills by side.",
  labelNames: ["side"],
  registers: [registry],
});
const tickLatency = new Histogram({
  name: "example_tick_duration_seconds",
  help: "Time to handle one tick.",
  unit: "seconds",
  buckets: [0.0005, 0.001, 0.005, 0.01, 0.05],
  registers: [registry],
});

// Hot paths bind their series once: each record below is an array-slot update.
const buys = fills.labels("buy");
const sells = fills.labels("sell");
const tick = tickLatency.labels();
setInterval(() => {
  const end = tick.startTimer();
  (Math.random() < 0.5 ? buys : sells).inc();
  end();
}, 100).unref();

const port = Number(process.env.PORT ?? 9464);
const server = createServer(async (request, response) => {
  if (request.url !== "/metrics") {
    response.writeHead(404).end("Not found\n");
    return;
  }
  const { format, contentType } = negotiateExposition(request.headers.accept);
  const body = await registry.render(format);
  response.writeHead(200, { "Content-Type": contentType }).end(body);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`Serving http://127.0.0.1:${port}/metrics (Ctrl-C to stop)`);
});
process.on("SIGINT", () => server.close(() => process.exit(0)));
