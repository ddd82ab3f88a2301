import { describe, expect, it } from "vitest";
import type { BotEvent, BreakerReset, BreakerTripped } from "../events.js";
import { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import { CircuitBreakers } from "./circuit-breakers.js";

function setup(config: ConstructorParameters<typeof CircuitBreakers>[1] = {}) {
  const bus = new MessageBus();
  const breakers = new CircuitBreakers(bus, config);
  breakers.start();
  const events: (BreakerTripped | BreakerReset)[] = [];
  bus.subscribe(switchboard.risk, (event) => {
    if (event.type === "BreakerTripped" || event.type === "BreakerReset") events.push(event);
  });
  const failed = (
    timestamp: number,
    errorClass: string,
    consecutiveErrors: number,
    httpStatus?: number,
  ): void =>
    bus.publish(switchboard.exchange, {
      type: "ApiCallFailed",
      timestamp,
      endpoint: "createOrder",
      errorClass,
      httpStatus,
      message: errorClass,
      latencySeconds: 0.01,
      consecutiveErrors,
    });
  const succeeded = (timestamp: number): void =>
    bus.publish(switchboard.exchange, {
      type: "ApiCallSucceeded",
      timestamp,
      endpoint: "fetchStatus",
      latencySeconds: 0.01,
    });
  const bar = (timestamp: number, close: number): void =>
    bus.publish(switchboard.bars("BTC/USD"), {
      type: "BarReceived",
      timestamp,
      source: "sim",
      duration: "1m",
      freshnessSeconds: 0,
      bar: { symbol: "BTC/USD", timestamp, open: close, high: close, low: close, close, volume: 1 },
    });
  return { bus, breakers, events, failed, succeeded, bar };
}

const summary = (events: readonly BotEvent[]) =>
  events.map((event) =>
    event.type === "BreakerTripped"
      ? `trip:${event.breaker}`
      : event.type === "BreakerReset"
        ? `reset:${event.breaker}`
        : event.type,
  );

describe("CircuitBreakers", () => {
  it("rate_limit_cooldown trips on HTTP 429 and resets once the cooldown passes without another", () => {
    const { breakers, events, failed } = setup({ rateLimitCooldownSeconds: 30 });
    failed(0, "RateLimitExceeded", 1, 429);
    expect(breakers.isTripped("rate_limit_cooldown")).toBe(true);
    failed(20_000, "RateLimitExceeded", 2, 429);
    breakers.evaluate(40_000);
    expect(breakers.isTripped("rate_limit_cooldown")).toBe(true);
    breakers.evaluate(50_000);
    expect(breakers.isTripped("rate_limit_cooldown")).toBe(false);
    expect(summary(events)).toEqual(["trip:rate_limit_cooldown", "reset:rate_limit_cooldown"]);
    expect((events[1] as BreakerReset).trippedSeconds).toBe(50);
  });

  it("api_health trips at the consecutive-error threshold and resets after consecutive successes", () => {
    const { breakers, failed, succeeded } = setup({
      apiErrorThreshold: 3,
      apiRecoverySuccesses: 2,
    });
    failed(0, "RequestTimeout", 1);
    failed(1, "RequestTimeout", 2);
    expect(breakers.isTripped("api_health")).toBe(false);
    failed(2, "RequestTimeout", 3);
    expect(breakers.isTripped("api_health")).toBe(true);
    succeeded(3);
    expect(breakers.isTripped("api_health")).toBe(true);
    succeeded(4);
    expect(breakers.isTripped("api_health")).toBe(false);
  });

  it("exchange_connectivity follows the connection: down trips, back up resets", () => {
    const { bus, breakers } = setup();
    const connection = (timestamp: number, connected: boolean): void =>
      bus.publish(switchboard.exchange, {
        type: "ExchangeConnectionChanged",
        timestamp,
        exchange: "paper",
        connected,
        reason: connected ? "ok" : "ECONNRESET",
      });
    connection(0, false);
    expect(breakers.tripped()).toEqual(["exchange_connectivity"]);
    connection(1_000, true);
    expect(breakers.anyTripped).toBe(false);
  });

  it("exchange_health trips on repeated 5xx/maintenance within the window and resets after a quiet window", () => {
    const { breakers, failed } = setup({
      exchangeHealthErrorThreshold: 2,
      exchangeHealthWindowSeconds: 60,
    });
    failed(0, "ExchangeNotAvailable", 1, 503);
    expect(breakers.isTripped("exchange_health")).toBe(false);
    failed(70_000, "OnMaintenance", 1, 503);
    expect(breakers.isTripped("exchange_health")).toBe(false);
    failed(80_000, "ExchangeNotAvailable", 1, 503);
    expect(breakers.isTripped("exchange_health")).toBe(true);
    breakers.evaluate(130_000);
    expect(breakers.isTripped("exchange_health")).toBe(true);
    breakers.evaluate(140_001);
    expect(breakers.isTripped("exchange_health")).toBe(false);
  });

  it("does not trip on business rejections (InsufficientFunds, InvalidOrder)", () => {
    const { breakers, failed } = setup();
    failed(0, "InsufficientFunds", 0, 400);
    failed(1, "InvalidOrder", 0, 400);
    expect(breakers.anyTripped).toBe(false);
  });

  it("volatility_crash trips on a sharp drop below the recent high and resets after a quiet market (market time)", () => {
    const { breakers, bar } = setup({
      crashDropPct: 5,
      crashLookbackBars: 5,
      crashRecoverySeconds: 600,
    });
    bar(0, 100);
    bar(60_000, 99);
    bar(120_000, 97);
    expect(breakers.isTripped("volatility_crash")).toBe(false);
    bar(180_000, 94.5);
    expect(breakers.isTripped("volatility_crash")).toBe(true);
    // Hours of wall-clock time with no bars: the market has not been quiet for 600 s yet.
    breakers.evaluate(10 * 3_600_000);
    expect(breakers.isTripped("volatility_crash")).toBe(true);
    bar(600_000, 99.5);
    breakers.evaluate(10 * 3_600_000 + 1);
    expect(breakers.isTripped("volatility_crash")).toBe(true);
    bar(780_000, 99.5);
    breakers.evaluate(10 * 3_600_000 + 2);
    expect(breakers.isTripped("volatility_crash")).toBe(false);
  });

  it("publishes one trip per episode, not one per cause", () => {
    const { events, failed } = setup();
    for (let index = 1; index <= 5; index++) failed(index, "RateLimitExceeded", index, 429);
    expect(summary(events)).toEqual(["trip:rate_limit_cooldown", "trip:api_health"]);
  });
});
