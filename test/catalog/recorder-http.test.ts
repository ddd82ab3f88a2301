import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpMetrics } from "../../src/instrument/http/node-http.js";
import { HttpMetrics } from "../../src/instrument/http-metrics.js";
import { createRecorder } from "../../src/recorder/create-recorder.js";
import { freePort } from "../support/free-port.js";
import { checkMetrics } from "../support/promtool.js";

describe("HTTP middleware recording into the recorder's metrics on a real node:http server", () => {
  const recorder = createRecorder({
    constLabels: { bot: "api-bot", environment: "test" },
    universes: { route: ["/orders/:id", "unmatched"] },
  });
  const instrument = nodeHttpMetrics(new HttpMetrics({ metrics: recorder.httpMetricSet() }), {
    routes: ["/orders/:id"],
  });
  const server = createServer(
    instrument((request, response) => {
      response.statusCode = request.url?.startsWith("/orders/") ? 200 : 404;
      response.end("ok");
    }),
  );
  let base = "";

  beforeAll(async () => {
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("counts requests by route template with the constant labels, and passes promtool", async () => {
    for (const path of ["/orders/17", "/orders/18", "/secret?token=abc123"]) {
      const response = await fetch(`${base}${path}`);
      await response.text();
    }
    const text = await recorder.registry.metrics();
    const labels = 'bot="api-bot",environment="test"';
    expect(text).toContain(
      `tradewatch_http_requests_total{${labels},method="GET",route="/orders/:id",status_class="2xx"} 2`,
    );
    expect(text).toContain(
      `tradewatch_http_requests_total{${labels},method="GET",route="unmatched",status_class="4xx"} 1`,
    );
    expect(text).toContain(`tradewatch_http_requests_in_flight{${labels}} 0`);
    expect(text).not.toContain("abc123");
    expect(text).not.toContain("/orders/17");
    const result = await checkMetrics(text);
    expect(result.problems).toEqual([]);
  });
});
