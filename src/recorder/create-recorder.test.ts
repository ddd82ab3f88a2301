import { describe, expect, it } from "vitest";
import { Registry } from "../metrics/index.js";
import { createRecorder } from "./create-recorder.js";
import { LiveRecorder } from "./live/live-recorder.js";
import { NoopRecorder } from "./noop/noop-recorder.js";

/** Returns the value of one exposed series, or undefined when it is not in the text. */
function sampleValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The method names of a class, its base classes' included (the seed aliases are inherited). */
const publicMethods = (prototype: object) => {
  const names = new Set<string>();
  for (let p = prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== "constructor") names.add(name);
  }
  return [...names].sort();
};

describe("createRecorder", () => {
  it("returns a live recorder by default and a no-op one when disabled, with the same methods", () => {
    expect(createRecorder()).toBeInstanceOf(LiveRecorder);
    const disabled = createRecorder({ enabled: false });
    expect(disabled).toBeInstanceOf(NoopRecorder);
    expect(disabled.enabled).toBe(false);
    expect(publicMethods(NoopRecorder.prototype)).toEqual(publicMethods(LiveRecorder.prototype));
  });

  it("records nothing when disabled, yet runs what track* wraps", async () => {
    const registry = new Registry();
    const recorder = createRecorder({ enabled: false, registry });
    recorder.recordOrderFilled("BTC/USDT", "buy");
    recorder.inc("cycles", { status: "success" });
    recorder.startCycle().startStage("risk")();
    expect(await recorder.trackApiCall("fetch_ticker", async () => 42)).toBe(42);
    expect(recorder.trackFeatureCalculation("mom_20d", () => "x")).toBe("x");
    expect(() =>
      recorder.trackAiRequest("m", 0.1, () => {
        throw new Error("model down");
      }),
    ).toThrow("model down");
    expect((await registry.metrics()).trim()).toBe("");
  });

  it("prefixes names with the namespace, or none", async () => {
    const trader = createRecorder({ namespace: "trader" });
    trader.recordPovDownscale();
    expect(sampleValue(await trader.registry.metrics(), "trader_order_pov_downscales_total")).toBe(
      1,
    );
    const bare = createRecorder({ namespace: "" });
    bare.recordPovDownscale();
    expect(sampleValue(await bare.registry.metrics(), "order_pov_downscales_total")).toBe(1);
  });

  it("rejects constant labels outside their value sets, naming the key and value", () => {
    expect(() => createRecorder({ constLabels: { environment: "prod" as never } })).toThrow(
      'Invalid constLabels.environment "prod"',
    );
    expect(() => createRecorder({ constLabels: { plane: "execution" as never } })).toThrow(
      'Invalid constLabels.plane "execution"',
    );
  });
});

describe("LiveRecorder", () => {
  it("records symbols outside the universe as other", async () => {
    const recorder = createRecorder({ symbols: ["BTC/USDT"] });
    recorder.recordOrderFilled("BTC/USDT", "buy");
    recorder.recordOrderFilled("DOGE/USDT", "buy");
    recorder.recordOrderFilled("PEPE/USDT", "buy");
    const text = await recorder.registry.metrics();
    expect(sampleValue(text, 'tradewatch_orders_filled_total{side="buy",symbol="BTC/USDT"}')).toBe(
      1,
    );
    expect(sampleValue(text, 'tradewatch_orders_filled_total{side="buy",symbol="other"}')).toBe(2);
    expect(text).not.toContain("DOGE");
  });

  it("caps an unconfigured universe with the core's maxSeries", async () => {
    const recorder = createRecorder({ maxSeries: 3 });
    for (let index = 0; index < 10; index++) recorder.recordPositionValue(`SYM${index}`, index);
    const text = await recorder.registry.metrics();
    const series = text
      .split("\n")
      .filter((line) => line.startsWith("tradewatch_portfolio_position_value_usd{"));
    // Three kept series plus the core's one overflow series.
    expect(series.length).toBeLessThanOrEqual(4);
    expect(text).toContain('symbol="__overflow__"');
  });

  it("checks generic calls against the catalog: key, type, label names and values", () => {
    const recorder = createRecorder();
    expect(() => recorder.inc("nope" as never)).toThrow('Unknown catalog metric key "nope"');
    expect(() => recorder.set("cycles" as never, 1)).toThrow('Metric "cycles" is a counter');
    expect(() => recorder.inc("cycles", { state: "success" })).toThrow('Unknown label "state"');
    expect(() => recorder.inc("orders_filled", { side: "buy" })).toThrow('Missing label "symbol"');
    expect(() => recorder.inc("cycles", { status: "great" })).toThrow(
      'Invalid value "great" for label "status" of metric "cycles_total"',
    );
  });

  it("accepts seed-style upper-case enum values and counts by value", async () => {
    const recorder = createRecorder();
    recorder.inc("orders_filled", 2, { side: "BUY", symbol: "AAPL" });
    recorder.trackTrade("AAPL", "SELL" as never, 10, 150.25);
    const text = await recorder.registry.metrics();
    expect(sampleValue(text, 'tradewatch_orders_filled_total{side="buy",symbol="AAPL"}')).toBe(2);
    expect(sampleValue(text, 'tradewatch_traded_notional_usd_total{side="sell"}')).toBeCloseTo(
      1502.5,
    );
  });

  it("resets seed 000's rate-limit breaker: set as rate_limit, cleared as rate_limit_cooldown", async () => {
    const recorder = createRecorder();
    recorder.recordCircuitBreakerState("rate_limit", true);
    recorder.recordCircuitBreakerState("rate_limit_cooldown", false);
    const text = await recorder.registry.metrics();
    expect(sampleValue(text, 'tradewatch_circuit_breaker_open{breaker="rate_limit"}')).toBe(0);
  });

  it("counts the API error streak, rate-limit violations, and resets on success", async () => {
    const recorder = createRecorder();
    recorder.recordApiError("HTTP_429");
    recorder.recordApiError(new Error("socket hang up"));
    let text = await recorder.registry.metrics();
    expect(sampleValue(text, "tradewatch_exchange_api_consecutive_errors")).toBe(2);
    expect(sampleValue(text, "tradewatch_exchange_rate_limit_violations_total")).toBe(1);
    await recorder.trackApiCall("fetch_ticker", async () => "ok");
    text = await recorder.registry.metrics();
    expect(sampleValue(text, "tradewatch_exchange_api_consecutive_errors")).toBe(0);
  });

  it("counts a kill switch trigger once per activation and regime transitions by pair", async () => {
    const recorder = createRecorder();
    recorder.setKillSwitch("pnl", true);
    recorder.setKillSwitch("pnl", true);
    recorder.setKillSwitch("pnl", false);
    recorder.setKillSwitch("pnl", true);
    recorder.setKillSwitch("manual", true, "http");
    recorder.setKillSwitch("manual", true, "file");
    recorder.setRegime("calm");
    recorder.setRegime("storm");
    recorder.setRegime("storm");
    recorder.setRegime("normal");
    const text = await recorder.registry.metrics();
    expect(
      sampleValue(text, 'tradewatch_kill_switch_triggers_total{switch_type="pnl",source="other"}'),
    ).toBe(2);
    // Each source is its own series: a second source engaging is a new alert, not a duplicate.
    expect(
      sampleValue(text, 'tradewatch_kill_switch_active{switch_type="manual",source="http"}'),
    ).toBe(1);
    expect(
      sampleValue(text, 'tradewatch_kill_switch_active{switch_type="manual",source="file"}'),
    ).toBe(1);
    expect(
      sampleValue(
        text,
        'tradewatch_strategy_regime_transitions_total{from_regime="calm",to_regime="storm"}',
      ),
    ).toBe(1);
    expect(sampleValue(text, 'tradewatch_strategy_regime{regime="normal"}')).toBe(1);
    expect(sampleValue(text, 'tradewatch_strategy_regime{regime="storm"}')).toBe(0);
  });

  it("counts win rate inputs from realised PnL and slippage by side", async () => {
    const recorder = createRecorder();
    recorder.recordPositionClosed(5);
    recorder.recordPositionClosed(-2);
    recorder.recordPositionClosed(0);
    recorder.recordSlippage("sell", 100, 99.9);
    const text = await recorder.registry.metrics();
    expect(sampleValue(text, 'tradewatch_positions_closed_total{outcome="win"}')).toBe(1);
    expect(sampleValue(text, 'tradewatch_positions_closed_total{outcome="loss"}')).toBe(1);
    expect(sampleValue(text, 'tradewatch_positions_closed_total{outcome="breakeven"}')).toBe(1);
    expect(sampleValue(text, 'tradewatch_order_slippage_ratio_sum{side="sell"}')).toBeCloseTo(
      0.001,
    );
  });

  it("times a cycle and its stages", async () => {
    const recorder = createRecorder();
    const cycle = recorder.startCycle();
    const endStage = cycle.startStage("signals");
    const stageSeconds = endStage();
    const cycleSeconds = cycle.end("success", { proposed: 2 });
    expect(cycleSeconds).toBeGreaterThanOrEqual(stageSeconds);
    const text = await recorder.registry.metrics();
    expect(sampleValue(text, "tradewatch_cycle_duration_seconds_count")).toBe(1);
    expect(
      sampleValue(text, 'tradewatch_cycle_stage_duration_seconds_count{stage="signals"}'),
    ).toBe(1);
    expect(sampleValue(text, 'tradewatch_cycle_proposals{status="proposed"}')).toBe(2);
  });
});
