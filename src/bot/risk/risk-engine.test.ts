import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../clock.js";
import { noopCycleTelemetry } from "../engine/cycle-telemetry.js";
import type { OrderDenied, OrderIntentCreated, OrderResized } from "../events.js";
import { MessageBus } from "../message-bus.js";
import { Portfolio } from "../portfolio/portfolio.js";
import { switchboard } from "../switchboard.js";
import { type RiskCheck, riskChecks } from "../types.js";
import { CircuitBreakers } from "./circuit-breakers.js";
import { KillSwitch } from "./kill-switch.js";
import { type RiskConfig, RiskEngine } from "./risk-engine.js";

const start = Date.UTC(2024, 0, 3, 12);

function setup(config: Partial<RiskConfig> = {}, killFile?: string) {
  const bus = new MessageBus();
  const clock = new SimulatedClock(start);
  const portfolio = new Portfolio(bus, { initialCash: 100_000 });
  portfolio.start();
  const breakers = new CircuitBreakers(bus);
  breakers.start();
  const killSwitch = new KillSwitch(bus, { file: killFile });
  const risk = new RiskEngine(bus, portfolio, clock, breakers, killSwitch, {
    cooldownSeconds: 0,
    ...config,
  });
  risk.start();
  const denials: OrderDenied[] = [];
  const resizes: OrderResized[] = [];
  bus.subscribe(switchboard.allOrders, (event) => {
    if (event.type === "OrderDenied") denials.push(event);
    if (event.type === "OrderResized") resizes.push(event);
  });
  let sequence = 0;
  const intent = (overrides: Partial<OrderIntentCreated> = {}): OrderIntentCreated => {
    const quantity = overrides.quantity ?? 10;
    return {
      type: "OrderIntentCreated",
      timestamp: clock.now(),
      clientOrderId: `i${++sequence}`,
      strategy: "test",
      symbol: "BTC/USD",
      side: "buy",
      orderType: "market",
      quantity,
      limitPrice: undefined,
      notional: quantity * 100,
      signalStrength: 1,
      ...overrides,
    };
  };
  const mark = (symbol: string, price: number): void =>
    bus.publish(switchboard.bars(symbol), {
      type: "BarReceived",
      timestamp: clock.now(),
      source: "sim",
      duration: "1m",
      freshnessSeconds: 0,
      bar: {
        symbol,
        timestamp: clock.now(),
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1,
      },
    });
  let trade = 0;
  const own = (symbol: string, quantity: number, price: number): void => {
    trade++;
    bus.publish(switchboard.orders("test"), {
      type: "OrderFilled",
      timestamp: clock.now(),
      clientOrderId: `f${trade}`,
      strategy: "test",
      symbol,
      side: "buy",
      orderType: "market",
      exchangeOrderId: `x${trade}`,
      tradeId: `t${trade}`,
      quantity,
      price,
      notional: quantity * price,
      fee: 0.01,
      liquidity: "taker",
      slippageBps: 0,
      partial: false,
      filledQuantity: quantity,
      remainingQuantity: 0,
      ackToFillSeconds: 0,
      totalFillSeconds: 0,
    });
  };
  const deniedBy = (check: RiskCheck, value: OrderIntentCreated): void => {
    const decision = risk.check(value);
    expect(decision).toMatchObject({ approved: false, check });
    expect(denials.at(-1)).toMatchObject({ check, clientOrderId: value.clientOrderId });
    expect(denials.at(-1)?.reason.length).toBeGreaterThan(0);
  };
  const approved = (value: OrderIntentCreated): number => {
    const decision = risk.check(value);
    expect(decision.approved).toBe(true);
    return decision.approved ? decision.quantity : 0;
  };
  return {
    bus,
    clock,
    portfolio,
    breakers,
    killSwitch,
    risk,
    intent,
    mark,
    own,
    deniedBy,
    approved,
    denials,
    resizes,
  };
}

describe("RiskEngine", () => {
  it("approves an order within every limit without publishing a denial", () => {
    const { approved, intent, denials } = setup();
    expect(approved(intent({ quantity: 10 }))).toBe(10);
    expect(denials).toHaveLength(0);
  });

  it("kill switch: the config flag, the file and the HTTP switch halt everything, and release", () => {
    const dir = mkdtempSync(join(tmpdir(), "tradewatch-kill-"));
    const file = join(dir, "halt");
    try {
      const { risk, killSwitch, clock, deniedBy, approved, intent } = setup({}, file);
      risk.evaluate(clock.now());
      approved(intent());
      writeFileSync(file, "");
      risk.evaluate(clock.now());
      deniedBy("kill_switch", intent());
      deniedBy("kill_switch", intent({ side: "sell" }));
      rmSync(file);
      risk.evaluate(clock.now());
      approved(intent());
      killSwitch.set("http", true, "operator", clock.now());
      deniedBy("kill_switch", intent());
      expect(risk.haltReason()).toBe("kill_switch:http");
      killSwitch.set("http", false, "operator", clock.now());
      approved(intent());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const configured = setup();
    const flagged = new RiskEngine(
      configured.bus,
      configured.portfolio,
      configured.clock,
      configured.breakers,
      new KillSwitch(configured.bus, { active: true }),
    );
    flagged.evaluate(configured.clock.now());
    expect(flagged.check(configured.intent())).toMatchObject({
      approved: false,
      check: "kill_switch",
    });
  });

  it("circuit breaker: a tripped breaker denies every order until it resets", () => {
    const { bus, clock, risk, deniedBy, approved, intent } = setup();
    bus.publish(switchboard.exchange, {
      type: "ExchangeConnectionChanged",
      timestamp: clock.now(),
      exchange: "paper",
      connected: false,
      reason: "ECONNRESET",
    });
    deniedBy("circuit_breaker", intent());
    expect(risk.haltReason()).toBe("circuit_breaker:exchange_connectivity");
    bus.publish(switchboard.exchange, {
      type: "ExchangeConnectionChanged",
      timestamp: clock.now(),
      exchange: "paper",
      connected: true,
      reason: "ok",
    });
    approved(intent());
  });

  it("daily stop loss: a loss past the limit blocks buys (not sells) until the next UTC day", () => {
    const { portfolio, mark, own, risk, clock, deniedBy, approved, intent } = setup({
      dailyStopLossPct: 3,
    });
    own("ETH/USD", 100, 100);
    risk.evaluate(clock.now());
    portfolio.revalue(clock.now());
    mark("ETH/USD", 60);
    risk.evaluate(clock.now());
    deniedBy("daily_stop_loss", intent());
    approved(intent({ symbol: "ETH/USD", side: "sell", quantity: 50, notional: 3_000 }));
    clock.advance(86_400_000);
    portfolio.revalue(clock.now());
    risk.evaluate(clock.now());
    approved(intent());
  });

  it("weekly stop loss: blocks buys after a loss past the weekly limit until the next week", () => {
    const { portfolio, mark, own, risk, clock, deniedBy, approved, intent } = setup({
      dailyStopLossPct: 100,
      weeklyStopLossPct: 3,
      maxDrawdownPct: 100,
    });
    own("ETH/USD", 100, 100);
    portfolio.revalue(clock.now());
    clock.advance(86_400_000);
    portfolio.revalue(clock.now());
    mark("ETH/USD", 60);
    risk.evaluate(clock.now());
    deniedBy("weekly_stop_loss", intent());
    clock.advance(7 * 86_400_000);
    portfolio.revalue(clock.now());
    risk.evaluate(clock.now());
    approved(intent());
  });

  it("max drawdown: blocks buys while the drawdown from the NAV peak exceeds the limit", () => {
    const { portfolio, mark, own, risk, clock, deniedBy, approved, intent } = setup({
      dailyStopLossPct: 100,
      weeklyStopLossPct: 100,
      maxDrawdownPct: 5,
    });
    own("ETH/USD", 200, 100);
    portfolio.revalue(clock.now());
    mark("ETH/USD", 70);
    portfolio.revalue(clock.now());
    risk.evaluate(clock.now());
    deniedBy("max_drawdown", intent());
    mark("ETH/USD", 99);
    risk.evaluate(clock.now());
    approved(intent());
  });

  it("regime block: buys are denied while the symbol or the market is in a blocked regime", () => {
    const { bus, clock, deniedBy, approved, intent } = setup();
    const regime = (symbol: string | undefined, to: "storm" | "normal"): void =>
      bus.publish(switchboard.regime, {
        type: "RegimeChanged",
        timestamp: clock.now(),
        symbol,
        from: "normal",
        to,
        volatility: 1,
      });
    regime("BTC/USD", "storm");
    deniedBy("regime_block", intent());
    approved(intent({ symbol: "ETH/USD" }));
    regime("BTC/USD", "normal");
    regime(undefined, "storm");
    deniedBy("regime_block", intent({ symbol: "ETH/USD" }));
    regime(undefined, "normal");
    approved(intent());
  });

  it("data staleness: orders on a stale feed are denied until it recovers", () => {
    const { bus, clock, deniedBy, approved, intent } = setup();
    bus.publish(switchboard.dataQuality("BTC/USD"), {
      type: "DataStale",
      timestamp: clock.now(),
      source: "sim",
      symbol: "BTC/USD",
      ageSeconds: 300,
    });
    deniedBy("data_stale", intent());
    bus.publish(switchboard.dataQuality("BTC/USD"), {
      type: "DataRecovered",
      timestamp: clock.now(),
      source: "sim",
      symbol: "BTC/USD",
      staleSeconds: 300,
    });
    approved(intent());
  });

  it("min notional: denies orders below the minimum", () => {
    const { deniedBy, approved, intent } = setup({ minNotional: 10 });
    deniedBy("min_notional", intent({ quantity: 0.05, notional: 5 }));
    approved(intent({ quantity: 0.2, notional: 20 }));
  });

  it("dust: a sell that would leave dust sells everything; a sell of nothing is denied", () => {
    const { own, mark, approved, deniedBy, intent, resizes } = setup({ dustThreshold: 5 });
    deniedBy("dust", intent({ side: "sell", quantity: 1, notional: 100 }));
    own("BTC/USD", 1, 100);
    mark("BTC/USD", 100);
    expect(approved(intent({ side: "sell", quantity: 0.98, notional: 98 }))).toBe(1);
    expect(resizes.at(-1)).toMatchObject({ check: "dust", fromQuantity: 0.98, toQuantity: 1 });
  });

  it("cooldown: a second buy of a symbol within the cooldown is denied, allowed after it", () => {
    const { clock, deniedBy, approved, intent } = setup({ cooldownSeconds: 120 });
    approved(intent());
    clock.advance(60_000);
    deniedBy("cooldown", intent());
    approved(intent({ symbol: "ETH/USD" }));
    clock.advance(61_000);
    approved(intent());
  });

  it("spacing: orders closer together than the minimum spacing are denied", () => {
    const { clock, deniedBy, approved, intent } = setup({ minSpacingSeconds: 10 });
    approved(intent());
    clock.advance(5_000);
    deniedBy("spacing", intent({ symbol: "ETH/USD" }));
    clock.advance(5_000);
    approved(intent({ symbol: "ETH/USD" }));
  });

  it("max open positions: a new symbol is denied at the limit, adding to a held one is not", () => {
    const { own, mark, deniedBy, approved, intent } = setup({ maxOpenPositions: 2 });
    own("AAA", 10, 100);
    own("BBB", 10, 100);
    mark("AAA", 100);
    mark("BBB", 100);
    deniedBy("max_open_positions", intent({ symbol: "CCC" }));
    approved(intent({ symbol: "AAA" }));
  });

  it("per-symbol cap: downsizes an order to the cap, denies when nothing fits", () => {
    const { own, mark, approved, deniedBy, intent, resizes } = setup({ perSymbolCapPct: 10 });
    expect(approved(intent({ quantity: 150, notional: 15_000 }))).toBeCloseTo(100, 6);
    expect(resizes.at(-1)).toMatchObject({ check: "per_symbol_cap" });
    own("BTC/USD", 100, 100);
    mark("BTC/USD", 100);
    deniedBy("per_symbol_cap", intent());
  });

  it("exposure cap: positions plus pending plus the order may not pass the cap", () => {
    const { own, mark, approved, deniedBy, intent } = setup({
      maxExposurePct: 20,
      perSymbolCapPct: 100,
    });
    own("AAA", 150, 100);
    mark("AAA", 100);
    expect(approved(intent({ quantity: 100, notional: 10_000 }))).toBeCloseTo(
      (20_000 - 15_000) / 100,
      3,
    );
    own("BBB", 50, 100);
    mark("BBB", 100);
    deniedBy("exposure_cap", intent({ symbol: "CCC" }));
  });

  it("pending exposure cap: limit orders may not push pending buys past the cap", () => {
    const { bus, clock, deniedBy, approved, intent } = setup({
      maxPendingExposurePct: 5,
      perSymbolCapPct: 100,
    });
    bus.publish(switchboard.orders("test"), {
      type: "OrderSubmitted",
      timestamp: clock.now(),
      clientOrderId: "p",
      strategy: "test",
      symbol: "AAA",
      side: "buy",
      orderType: "limit",
      quantity: 45,
      limitPrice: 100,
      notional: 4_500,
      intentToSubmitSeconds: 0,
    });
    deniedBy("pending_exposure_cap", intent({ orderType: "limit", limitPrice: 100 }));
    approved(intent({ orderType: "limit", limitPrice: 100, quantity: 4, notional: 400 }));
  });

  it("insufficient funds: buys are sized to available cash, denied when too little is left", () => {
    const { approved, deniedBy, intent, own, mark } = setup({
      perSymbolCapPct: 200,
      maxExposurePct: 200,
      cashBufferPct: 0,
    });
    own("AAA", 999, 100);
    mark("AAA", 100);
    expect(approved(intent({ quantity: 5, notional: 500 }))).toBeCloseTo(
      (100_000 - 99_900 - 0.01) / 100,
      6,
    );
    own("BBB", 0.9, 100);
    deniedBy("insufficient_funds", intent({ symbol: "CCC" }));
  });

  it("reports each check it ran as passed or failed, on the bus when asked and to the telemetry port", () => {
    const { bus, risk, approved, intent, deniedBy } = setup({ minNotional: 10 });
    const results: string[] = [];
    bus.subscribe(switchboard.riskChecks, (event) => {
      for (const check of event.passed) results.push(`${check}:true`);
      if (event.failed !== undefined) results.push(`${event.failed}:false`);
    });
    const reported: string[] = [];
    risk.useTelemetry({
      ...noopCycleTelemetry,
      ruleChecked: (check, passed) => reported.push(`${riskChecks[check]}:${passed}`),
    });
    approved(intent());
    expect(results).toContain("exposure_cap:true");
    expect(reported).toEqual(results);
    results.length = 0;
    reported.length = 0;
    deniedBy("min_notional", intent({ quantity: 0.01, notional: 1 }));
    expect(results.at(-1)).toBe("min_notional:false");
    expect(reported).toEqual(results);
  });
});
