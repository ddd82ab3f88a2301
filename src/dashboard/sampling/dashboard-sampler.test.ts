import { describe, expect, it } from "vitest";
import { MessageBus } from "../../bot/message-bus.js";
import { switchboard } from "../../bot/switchboard.js";
import { cycleSecondsBuckets } from "../../catalog/buckets.js";
import { Gauge, Registry } from "../../metrics/index.js";
import { createRecorder } from "../../recorder/index.js";
import { BusActivity } from "../events/bus-activity.js";
import { MetricHistory } from "../history/metric-history.js";
import { DashboardSampler } from "./dashboard-sampler.js";
import { histogramQuantile } from "./histogram-quantile.js";
import { MetricSnapshot } from "./metric-snapshot.js";

function setup() {
  const registry = new Registry();
  const recorder = createRecorder({ registry, symbols: ["BTC/USDT", "ETH/USDT"] });
  let now = Date.UTC(2026, 0, 5, 12);
  const history = new MetricHistory();
  const sampler = new DashboardSampler({
    registry,
    namespace: recorder.namespace,
    history,
    now: () => now,
  });
  return {
    registry,
    recorder,
    history,
    sampler,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("DashboardSampler", () => {
  it("shows no data, not a $0 account, before the bot's first cycle", async () => {
    const { sampler } = setup();
    const { state } = await sampler.sample();
    expect(state.stats.nav).toBeNull();
    expect(state.stats.open_positions).toBeNull();
    expect(state.stats.fill_ratio).toBeNull();
    expect(state.stats.seconds_since_cycle).toBeNull();
    expect(state.performance).toEqual([]);
  });

  it("counts zero API errors once calls were made without any, and none before", async () => {
    const { sampler, recorder } = setup();
    expect((await sampler.sample()).state.totals.api_errors).toBeNull();
    recorder.recordApiRequest("fetch_ticker", 0.01);
    const { state } = await sampler.sample();
    expect(state.totals.api_requests).toBe(1);
    expect(state.totals.api_errors).toBe(0);
  });

  it("collects only the metrics it shows, leaving other collect callbacks to scrapes", async () => {
    const { sampler, registry } = setup();
    let collected = 0;
    new Gauge({
      name: "nodejs_eventloop_lag_seconds",
      help: "A collector that resets its window on every collect.",
      registers: [registry],
      collect: () => {
        collected++;
      },
    });
    await sampler.sample();
    await sampler.sample();
    expect(collected).toBe(0);
    await registry.metrics();
    expect(collected).toBe(1);
  });

  it("shows figures a bot sets without running cycles", async () => {
    const { sampler, recorder } = setup();
    recorder.updatePortfolioMetrics({ totalValueUsd: 2500, openPositions: 0 });
    const { state } = await sampler.sample();
    expect(state.stats.nav).toBe(2500);
    // Zero is also the initial value: without a cycle it cannot be told from "never set".
    expect(state.stats.open_positions).toBeNull();
  });

  it("reads the figures /metrics shows, summed over symbols, and NaN as NaN", async () => {
    const { sampler, recorder, registry } = setup();
    recorder.updatePortfolioMetrics({
      totalValueUsd: 101_250.5,
      dailyPnlUsd: -42,
      cashUsd: Number.NaN,
    });
    recorder.recordCycle({ durationSeconds: 0.2, status: "success" });
    recorder.recordOrderFilled("BTC/USDT", "buy");
    recorder.recordOrderFilled("ETH/USDT", "buy");
    recorder.recordOrderFilled("ETH/USDT", "sell");
    const { state } = await sampler.sample();
    const text = await registry.metrics();
    expect(text).toContain(`tradewatch_portfolio_value_usd ${state.stats.nav}`);
    expect(state.stats.nav).toBe(101_250.5);
    expect(state.stats.daily_pnl).toBe(-42);
    expect(state.stats.cash).toBe("NaN");
    expect(state.totals["filled:buy"]).toBe(2);
    expect(state.totals["filled:sell"]).toBe(1);
  });

  it("takes p50/p95 from the registry's buckets as histogram_quantile does", async () => {
    const { sampler, recorder, registry } = setup();
    for (const seconds of [0.01, 0.02, 0.03, 0.2, 0.4, 1.5]) {
      recorder.recordCycle({
        durationSeconds: seconds,
        status: "no_trade",
        noTradeReason: "no signal",
      });
    }
    const { state } = await sampler.sample();
    const buckets = new MetricSnapshot(await registry.getMetricsAsJSON(), "tradewatch").buckets(
      "cycle_duration_seconds",
    )!;
    expect(state.cycle.observations).toBe(6);
    expect(state.cycle.p50).toBe(histogramQuantile(0.5, buckets));
    expect(state.cycle.p95).toBe(histogramQuantile(0.95, buckets));
    expect(state.noTradeReasons.find((row) => row.reason === "no_signal")?.total).toBe(6);
  });

  it("takes quantiles over the last window once a full window was sampled", async () => {
    const { sampler, recorder, advance } = setup();
    recorder.recordCycle({ durationSeconds: 5, status: "success" });
    await sampler.sample();
    for (let second = 1; second <= 61; second++) {
      advance(1000);
      recorder.recordCycle({ durationSeconds: 0.001, status: "success" });
      await sampler.sample();
    }
    const { state } = await sampler.sample();
    // The 5 s cycle fell out of the 60 s window: p95 lies in the first bucket (0-50 ms),
    // where it would be 4.75 s (5 s bucket, interpolated) with the slow cycle counted.
    expect(state.cycle.p95).toBeLessThanOrEqual(cycleSecondsBuckets[0]);
    expect(state.cycle.observations).toBe(60);
  });

  it("measures the age of the last cycle in wall time, not in the bot's clock", async () => {
    const { sampler, recorder, advance } = setup();
    // A simulated clock stamps cycles years in the past.
    recorder.recordCycle({ durationSeconds: 0.1, status: "success", completedAtSeconds: 1_000 });
    await sampler.sample();
    advance(7000);
    const { state } = await sampler.sample();
    expect(state.stats.seconds_since_cycle).toBe(7);
  });

  it("lists the breakers the recorder created and flags an open one", async () => {
    const { sampler, recorder } = setup();
    recorder.recordCycle({ durationSeconds: 0.1, status: "halted" });
    recorder.recordCircuitBreakerState("api_health", false);
    recorder.recordCircuitBreakerTrip("exchange_connectivity");
    const { state } = await sampler.sample();
    const byName = Object.fromEntries(state.breakers.map((breaker) => [breaker.name, breaker]));
    expect(byName.exchange_connectivity?.value).toBe(1);
    expect(byName.exchange_connectivity?.count).toBe(1);
    expect(byName.api_health?.value).toBe(0);
  });

  it("reports performance statistics once analytics sets them", async () => {
    const { sampler, recorder } = setup();
    recorder.updatePerformance("portfolio", { winRatio: 0.6, sharpeRatio: 1.4 });
    const { state } = await sampler.sample();
    expect(state.performance).toEqual([
      {
        strategy: "portfolio",
        values: expect.objectContaining({ win_ratio: 0.6, sharpe_ratio: 1.4 }),
      },
    ]);
  });

  it("shows a stopped feed by its wall-clock age and the bot's stale verdict", async () => {
    const registry = new Registry();
    const bus = new MessageBus();
    let now = Date.UTC(2026, 0, 5, 12);
    const activity = new BusActivity(bus, { now: () => now });
    const sampler = new DashboardSampler({
      registry,
      namespace: "tradewatch",
      history: new MetricHistory(),
      activity,
      now: () => now,
    });
    const bar = { symbol: "BTC/USD", timestamp: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 };
    for (const symbol of ["BTC/USD", "ETH/USD"]) {
      bus.publish(switchboard.bars(symbol), {
        type: "BarReceived",
        timestamp: 0,
        source: "sim",
        bar: { ...bar, symbol },
        duration: "1m",
        freshnessSeconds: 1,
      });
    }
    now += 45_000;
    bus.publish(switchboard.bars("ETH/USD"), {
      type: "BarReceived",
      timestamp: 45_000,
      source: "sim",
      bar: { ...bar, symbol: "ETH/USD" },
      duration: "1m",
      freshnessSeconds: 1,
    });
    bus.publish(switchboard.dataQuality("BTC/USD"), {
      type: "DataStale",
      timestamp: 45_000,
      source: "sim",
      symbol: "BTC/USD",
      ageSeconds: 45,
    });
    now += 1000;
    const { state } = await sampler.sample();
    const feeds = Object.fromEntries(state.feeds.map((feed) => [feed.symbol, feed]));
    expect(feeds["BTC/USD"]).toMatchObject({ secondsSinceUpdate: 46, stale: true, source: "sim" });
    expect(feeds["ETH/USD"]).toMatchObject({ secondsSinceUpdate: 1, stale: false });
    expect(feeds["BTC/USD"]?.completeness).toBeNull();
    activity.dispose();
    expect(bus.subscriptionCount).toBe(0);
  });
});
