/** @module The Pushgateway client against the real `prometheus-pushgateway` binary. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PushError } from "../../src/exporter/push-error.js";
import { groupingPath, PushgatewayClient } from "../../src/exporter/pushgateway-client.js";
import { Counter, Gauge, Registry } from "../../src/metrics/index.js";
import { findSamples } from "../instrument/parse-scrape.js";
import { type PushgatewayServer, startPushgateway } from "./pushgateway-server.js";

interface ApiGroup {
  readonly labels: Record<string, string>;
  readonly [metric: string]: unknown;
}

describe("groupingPath", () => {
  it.each([
    ["backtest", {}, "/metrics/job/backtest"],
    ["nightly", { instance: "bot 1" }, "/metrics/job/nightly/instance/bot%201"],
    ["b", { path: "/var/tmp" }, "/metrics/job/b/path@base64/L3Zhci90bXA"],
    ["b", { region: "" }, "/metrics/job/b/region@base64/="],
    ["a/b", {}, "/metrics/job@base64/YS9i"],
    ["b", { symbol: "BTC/USDT" }, "/metrics/job/b/symbol@base64/QlRDL1VTRFQ"],
    ["b", { note: "50%?#" }, "/metrics/job/b/note/50%25%3F%23"],
  ])("%s %j → %s", (job, grouping, path) => {
    expect(groupingPath(job, grouping)).toBe(path);
  });
});

describe("PushgatewayClient against the real Pushgateway", () => {
  let gateway: PushgatewayServer;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway?.stop());

  async function groups(): Promise<ApiGroup[]> {
    const response = await fetch(`${gateway.url}/api/v1/metrics`);
    return ((await response.json()) as { data: ApiGroup[] }).data;
  }

  async function scrape(): Promise<string> {
    return (await fetch(`${gateway.url}/metrics`)).text();
  }

  function registryWith(metrics: { trades?: number; equity?: number }): Registry {
    const registry = new Registry();
    if (metrics.trades !== undefined) {
      new Counter({ name: "backtest_trades_total", help: "Trades.", registers: [registry] }).inc(
        metrics.trades,
      );
    }
    if (metrics.equity !== undefined) {
      new Gauge({ name: "backtest_equity_usd", help: "Equity.", registers: [registry] }).set(
        metrics.equity,
      );
    }
    return registry;
  }

  it("PUTs a group whose grouping labels contain spaces, slashes and non-ASCII, and reads them back decoded", async () => {
    const grouping = { instance: "bot 1", symbol: "BTC/USDT", strategy: "momentum-é" };
    const client = new PushgatewayClient({
      url: gateway.url,
      job: "backtest",
      grouping,
      registry: registryWith({ trades: 12, equity: 10_500 }),
    });
    await client.push();
    const group = (await groups()).find((g) => g.labels.instance === "bot 1");
    expect(group?.labels).toEqual({ job: "backtest", ...grouping });
    const text = await scrape();
    const trades = findSamples(text, "backtest_trades_total", { job: "backtest", ...grouping });
    expect(trades.map((s) => s.value)).toEqual([12]);
    await client.delete();
  });

  it("POST replaces only same-named metrics, PUT replaces the group, DELETE removes it", async () => {
    const grouping = { instance: "run-42" };
    const both = new PushgatewayClient({
      url: gateway.url,
      job: "lifecycle",
      grouping,
      registry: registryWith({ trades: 3, equity: 1000 }),
    });
    const equityOnly = new PushgatewayClient({
      url: `${gateway.url}/`,
      job: "lifecycle",
      grouping,
      registry: registryWith({ equity: 2000 }),
    });
    const values = async () => {
      const text = await scrape();
      return {
        trades: findSamples(text, "backtest_trades_total", { job: "lifecycle" }).map(
          (s) => s.value,
        ),
        equity: findSamples(text, "backtest_equity_usd", { job: "lifecycle" }).map((s) => s.value),
      };
    };
    await both.push();
    expect(await values()).toEqual({ trades: [3], equity: [1000] });
    await equityOnly.pushAdd();
    expect(await values()).toEqual({ trades: [3], equity: [2000] });
    await equityOnly.push();
    expect(await values()).toEqual({ trades: [], equity: [2000] });
    await equityOnly.delete();
    expect(await values()).toEqual({ trades: [], equity: [] });
    expect((await groups()).some((g) => g.labels.job === "lifecycle")).toBe(false);
  });

  it("pushes periodically and once more on stop(true)", async () => {
    const registry = new Registry();
    const counter = new Counter({ name: "ticks_total", help: "Ticks.", registers: [registry] });
    const client = new PushgatewayClient({ url: gateway.url, job: "periodic", registry });
    counter.inc();
    client.start(0.05);
    const deadline = Date.now() + 5000;
    while (findSamples(await scrape(), "ticks_total", { job: "periodic" }).length === 0) {
      if (Date.now() > deadline) throw new Error("no periodic push arrived");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    counter.inc(41);
    await client.stop(true);
    expect(findSamples(await scrape(), "ticks_total", { job: "periodic" })[0]?.value).toBe(42);
    expect(client.lastError).toBeUndefined();
    await client.delete();
  });

  it("throws a PushError with the status when the Pushgateway refuses an inconsistent push", async () => {
    const asCounter = new Registry();
    new Counter({ name: "shared_metric", help: "Shared.", registers: [asCounter] }).inc();
    const asGauge = new Registry();
    new Gauge({ name: "shared_metric", help: "Shared.", registers: [asGauge] }).set(1);
    const first = new PushgatewayClient({ url: gateway.url, job: "first", registry: asCounter });
    await first.push();
    const second = new PushgatewayClient({ url: gateway.url, job: "second", registry: asGauge });
    const error = await second.push().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).status).toBe(400);
    expect((error as PushError).message).toMatch(
      /^Push to ".*\/metrics\/job\/second" was refused: PUT answered 400/,
    );
    await first.delete();
  });

  it("throws a PushError naming the URL when nothing listens there", async () => {
    const client = new PushgatewayClient({
      url: "http://127.0.0.1:1",
      job: "nowhere",
      registry: new Registry(),
    });
    await expect(client.push()).rejects.toThrow(
      /Push to "http:\/\/127\.0\.0\.1:1\/metrics\/job\/nowhere" failed/,
    );
  });
});

describe("PushgatewayClient with basic auth (Pushgateway --web.config.file)", () => {
  // bcrypt of "push-s3cret" (cost 10), made with Python's crypt.METHOD_BLOWFISH.
  const hash = "$2b$10$cQnZCE/QEpHlHb6uinJfzOtolbfE2Atid3zJS.4A5mFqJLh5Dq5Re";
  let gateway: PushgatewayServer;
  beforeAll(async () => {
    gateway = await startPushgateway({ basicAuthUsers: { pusher: hash } });
  });
  afterAll(() => gateway?.stop());

  it("is refused without or with wrong credentials and accepted with the right ones", async () => {
    const registry = new Registry();
    new Counter({ name: "authed_pushes_total", help: "Pushes.", registers: [registry] }).inc(2);
    const client = (auth?: { username: string; password: string }) =>
      new PushgatewayClient({
        url: gateway.url,
        job: "authed",
        registry,
        ...(auth === undefined ? {} : { auth: { type: "basic" as const, ...auth } }),
      });
    for (const refused of [client(), client({ username: "pusher", password: "wrong" })]) {
      const error = await refused.push().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect((error as PushError).status).toBe(401);
    }
    await client({ username: "pusher", password: "push-s3cret" }).push();
    const scrape = await fetch(`${gateway.url}/metrics`, {
      headers: { authorization: `Basic ${Buffer.from("pusher:push-s3cret").toString("base64")}` },
    });
    expect(
      findSamples(await scrape.text(), "authed_pushes_total", { job: "authed" })[0]?.value,
    ).toBe(2);
  });
});
