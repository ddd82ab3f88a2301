/** @module prom-client's Pushgateway class against the real `prometheus-pushgateway` binary. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Counter, Gauge, PushError, Pushgateway, Registry } from "../../src/metrics/index.js";
import { type PushgatewayServer, startPushgateway } from "../exporter/pushgateway-server.js";
import { findSamples } from "../instrument/parse-scrape.js";

function registryWith(name: string, value: number, contentType?: string): Registry {
  const registry = new Registry(contentType);
  new Counter({ name, help: `${name} help.`, registers: [registry] }).inc(value);
  return registry;
}

describe("Pushgateway (prom-client's class) against the real Pushgateway", () => {
  let gateway: PushgatewayServer;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway?.stop());

  const scrape = async () => (await fetch(`${gateway.url}/metrics`)).text();

  it("pushAdd adds to a group, push replaces it, delete removes it; grouping labels read back", async () => {
    const groupings = { strategy: "momentum", symbol: "BTC/USDT", instance: "bot 1" };
    const labels = { job: "nightly_backtest", ...groupings };
    const first = new Pushgateway(gateway.url, { timeout: 5000 }, registryWith("fills_total", 3));
    const response = await first.pushAdd({ jobName: "nightly_backtest", groupings });
    expect(response.resp.statusCode).toBe(200);
    const second = new Pushgateway(gateway.url, {}, registryWith("orders_total", 7));
    await second.pushAdd({ jobName: "nightly_backtest", groupings });
    let text = await scrape();
    // POST keeps the group's other metrics.
    expect(findSamples(text, "fills_total", labels)[0]?.value).toBe(3);
    expect(findSamples(text, "orders_total", labels)[0]?.value).toBe(7);
    // PUT replaces the whole group.
    await second.push({ jobName: "nightly_backtest", groupings });
    text = await scrape();
    expect(findSamples(text, "fills_total", labels)).toEqual([]);
    expect(findSamples(text, "orders_total", labels)[0]?.value).toBe(7);
    await second.delete({ jobName: "nightly_backtest", groupings });
    expect(findSamples(await scrape(), "orders_total", labels)).toEqual([]);
  });

  it("gzips the body when the Content-Encoding: gzip header is set", async () => {
    const registry = new Registry();
    new Gauge({ name: "equity_usd", help: "Equity.", registers: [registry] }).set(1234.5);
    const gzipped = new Pushgateway(
      `${gateway.url}/`,
      { headers: { "Content-Encoding": "gzip" } },
      registry,
    );
    await gzipped.push({ jobName: "gzipped" });
    expect(findSamples(await scrape(), "equity_usd", { job: "gzipped" })[0]?.value).toBe(1234.5);
    await gzipped.delete({ jobName: "gzipped" }); // no body, the gzip header is dropped
    expect(findSamples(await scrape(), "equity_usd", { job: "gzipped" })).toEqual([]);
  });

  it("pushes an OpenMetrics registry's exposition, which the Pushgateway reads back", async () => {
    const registry = registryWith("openmetrics_fills_total", 5, Registry.OPENMETRICS_CONTENT_TYPE);
    await new Pushgateway(gateway.url, {}, registry).push({ jobName: "openmetrics" });
    expect(
      findSamples(await scrape(), "openmetrics_fills_total", { job: "openmetrics" })[0]?.value,
    ).toBe(5);
  });

  it("pushes the default registry when given none", async () => {
    const { register } = await import("../../src/metrics/index.js");
    const counter = new Counter({ name: "tradewatch_pushgateway_test_total", help: "x" });
    try {
      counter.inc(2);
      await new Pushgateway(gateway.url).pushAdd({ jobName: "default_registry" });
      expect(
        findSamples(await scrape(), "tradewatch_pushgateway_test_total", {
          job: "default_registry",
        })[0]?.value,
      ).toBe(2);
    } finally {
      register.removeSingleMetric("tradewatch_pushgateway_test_total");
    }
  });

  it("rejects with ERR_PUSH_FAILED and the status when the gateway refuses the push", async () => {
    // A custom collector is not validated; the Pushgateway refuses the unparsable body (400).
    const registry = new Registry();
    registry.registerMetric({
      name: "bad-name",
      get: () => ({
        name: "bad-name",
        help: "x",
        type: "gauge" as const,
        aggregator: "sum" as const,
        values: [{ value: 1, labels: {} }],
      }),
    });
    const error = await new Pushgateway(gateway.url, {}, registry)
      .push({ jobName: "refused", groupings: { a: "b" } })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(PushError);
    expect(error).toMatchObject({ code: "ERR_PUSH_FAILED", status: 400 });
    expect((error as Error).message).toMatch(/^Pushgateway push failed with status 400, /);
  });

  it("rejects when nothing answers, and throws at once without jobName", async () => {
    const nowhere = new Pushgateway("http://127.0.0.1:1", { timeout: 2000 }, new Registry());
    await expect(nowhere.push({ jobName: "x" })).rejects.toMatchObject({
      code: "ERR_PUSH_FAILED",
      message: expect.stringContaining("Pushgateway PUT http://127.0.0.1:1/metrics/job/x failed"),
    });
    expect(() => nowhere.pushAdd()).toThrowError(
      expect.objectContaining({
        code: "ERR_INVALID_METRIC_OPTION",
        message: expect.stringContaining("Missing jobName parameter"),
      }),
    );
  });
});

describe("Pushgateway with basic auth in the URL (Pushgateway --web.config.file)", () => {
  // bcrypt of "push-s3cret" (cost 10), as in the exporter's client test.
  const hash = "$2b$10$cQnZCE/QEpHlHb6uinJfzOtolbfE2Atid3zJS.4A5mFqJLh5Dq5Re";
  let gateway: PushgatewayServer;
  beforeAll(async () => {
    gateway = await startPushgateway({ basicAuthUsers: { pusher: hash } });
  });
  afterAll(() => gateway?.stop());

  it("is refused without credentials and accepted with user:password@ in the URL", async () => {
    const registry = registryWith("authed_total", 4);
    await expect(
      new Pushgateway(gateway.url, null, registry).push({ jobName: "authed" }),
    ).rejects.toMatchObject({ status: 401 });
    const withCredentials = gateway.url.replace("http://", "http://pusher:push-s3cret@");
    await new Pushgateway(withCredentials, null, registry).push({ jobName: "authed" });
    const scrape = await fetch(`${gateway.url}/metrics`, {
      headers: { authorization: `Basic ${Buffer.from("pusher:push-s3cret").toString("base64")}` },
    });
    expect(findSamples(await scrape.text(), "authed_total", { job: "authed" })[0]?.value).toBe(4);
  });
});
