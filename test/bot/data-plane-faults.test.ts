/**
 * @module The data plane's injected faults as an operator sees them: a seeded bot on the simulated
 * market with clock-drifted and malformed ticks and signed tick volumes, instrumented, and its
 * `/metrics` scrape: clock drift rejections, normalization errors and dead letters (the
 * dead-letter queue holds the messages), order flow imbalance events, and the staleness gauge
 * while a feed is silent. The bars, and so the trades, are the same with the faults on or off.
 */
import { describe, expect, it } from "vitest";
import type { Bot } from "../../src/bot/bot.js";
import { createBot } from "../../src/bot/bot.js";
import type { SimulatedMarketConfig } from "../../src/bot/market/simulated/simulated-market.js";
import { switchboard } from "../../src/bot/switchboard.js";
import { createBotRecorder } from "../../src/bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../src/bot/telemetry/instrument-bot.js";
import { Registry } from "../../src/metrics/index.js";

/** Returns the value of the series `name{labels}` in a text scrape (labels as the scrape prints them). */
function sample(scrape: string, name: string, labels: string): number {
  const line = scrape
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(labels));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** Sums every series of `name` in a text scrape. */
function total(scrape: string, name: string): number {
  let sum = 0;
  for (const line of scrape.split("\n"))
    if (line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}

interface Run {
  readonly bot: Bot;
  readonly registry: Registry;
  readonly events: Map<string, number>;
  readonly fills: string[];
  scrape(): Promise<string>;
}

async function run(simulated: Partial<SimulatedMarketConfig>, cycles: number): Promise<Run> {
  const bot = await createBot(
    { seed: 9, simulated: { seed: 11, ...simulated } },
    { clock: "market" },
  );
  const registry = new Registry();
  const recorder = createBotRecorder({
    registry,
    symbols: bot.market.symbols,
    constLabels: { environment: "test" },
  });
  const instrumentation = instrumentBot(bot, recorder, { flushIntervalMs: 0 });
  const events = new Map<string, number>();
  const count = (key: string) => events.set(key, (events.get(key) ?? 0) + 1);
  bot.bus.subscribe(switchboard.allDataQuality, (event) =>
    count(event.type === "DataValidationFailed" ? `${event.type}:${event.errorType}` : event.type),
  );
  bot.bus.subscribe(switchboard.allOrderFlow, (event) => count(event.type));
  const fills: string[] = [];
  bot.bus.subscribe(switchboard.allOrders, (event) => {
    if (event.type === "OrderFilled")
      fills.push(`${event.symbol} ${event.quantity} @ ${event.price}`);
  });
  instrumentation.start();
  bot.start();
  for (let cycle = 0; cycle < cycles; cycle++) await bot.runCycle();
  instrumentation.stop();
  return { bot, registry, events, fills, scrape: () => registry.metrics() };
}

describe("the simulated market's data-plane faults", () => {
  it("rejects clock-drifted ticks and counts them on the scrape", async () => {
    const { bot, events, scrape } = await run({ clockDriftRate: 0.01 }, 400);
    const text = await scrape();
    const rejected = events.get("DataValidationFailed:clock_drift") ?? 0;
    expect(rejected).toBeGreaterThan(10);
    expect(sample(text, "tradewatch_data_clock_drift_rejections_total", 'source="sim"')).toBe(
      rejected,
    );
    // Drifted ticks are not counted as received, and nothing went to the dead-letter queue.
    expect(total(text, "tradewatch_data_ticks_received_total")).toBeLessThan(400 * 4 * 4);
    expect(bot.engine.deadLetters.total).toBe(0);
    expect(total(text, "tradewatch_data_dead_letter_messages_total")).toBe(0);
    bot.dispose();
  });

  it("sends malformed ticks to the dead-letter queue and counts them as normalization errors", async () => {
    const { bot, events, scrape } = await run({ malformedTickRate: 0.01 }, 400);
    const text = await scrape();
    const letters = bot.engine.deadLetters;
    expect(letters.total).toBeGreaterThan(10);
    expect(events.get("DataNormalizationFailed")).toBe(letters.total);
    expect(sample(text, "tradewatch_data_normalization_errors_total", 'source="sim"')).toBe(
      letters.total,
    );
    expect(sample(text, "tradewatch_data_dead_letter_messages_total", 'source="sim"')).toBe(
      letters.total,
    );
    // What an operator inspecting the queue finds: the message as it came, and why.
    const held = letters.entries();
    expect(held).toHaveLength(letters.total);
    expect(held.some((letter) => Number.isNaN(letter.message.price))).toBe(true);
    expect(held.some((letter) => /^"[A-Z]+USD-PERP" is not/.test(letter.reason.slice(7)))).toBe(
      true,
    );
    for (const letter of held) {
      expect(letter.source).toBe("sim");
      expect(letter.reason).toMatch(/is not a (positive number|symbol of the market)$/);
    }
    // An unlisted symbol never becomes a series of its own.
    expect(text).not.toContain("PERP");
    expect(events.get("DataValidationFailed:clock_drift")).toBeUndefined();
    bot.dispose();
  });

  it("keeps the last letters when the dead-letter queue is full", async () => {
    const bot = await createBot(
      {
        seed: 9,
        simulated: { seed: 11, malformedTickRate: 0.05 },
        engine: { deadLetterCapacity: 5 },
      },
      { clock: "market" },
    );
    bot.start();
    for (let cycle = 0; cycle < 200; cycle++) await bot.runCycle();
    const letters = bot.engine.deadLetters;
    expect(letters.total).toBeGreaterThan(5);
    expect(letters.size).toBe(5);
    const held = letters.entries();
    expect(held.map((letter) => letter.timestamp)).toEqual(
      [...held.map((letter) => letter.timestamp)].sort((a, b) => a - b),
    );
    expect(letters.drain()).toHaveLength(5);
    expect(letters.size).toBe(0);
    bot.dispose();
  });

  it("publishes order flow imbalance events from signed tick volumes and counts them per symbol", async () => {
    const { bot, events, scrape } = await run({ signedVolumes: true }, 3_000);
    const text = await scrape();
    const published = events.get("OrderFlowImbalanceDetected") ?? 0;
    expect(published).toBeGreaterThan(0);
    // Rare: fewer than one a hundred ticks of a symbol.
    expect(published).toBeLessThan((3_000 * 4 * 4) / 100);
    expect(total(text, "tradewatch_data_order_flow_imbalance_events_total")).toBe(published);
    expect(
      sample(text, "tradewatch_data_order_flow_imbalance_events_total", 'symbol="BTC/USD"'),
    ).toBeGreaterThanOrEqual(0);
    bot.dispose();
  });

  it("moves data staleness while a feed is silent, and back to 0 when it returns", async () => {
    const bot = await createBot(
      { seed: 9, simulated: { seed: 11, staleRate: 0.02, staleBars: 6 } },
      { clock: "market" },
    );
    const registry = new Registry();
    const recorder = createBotRecorder({
      registry,
      symbols: bot.market.symbols,
      constLabels: { environment: "test" },
    });
    const instrumentation = instrumentBot(bot, recorder, { flushIntervalMs: 0 });
    let stale = false;
    bot.bus.subscribe(switchboard.allDataQuality, (event) => {
      if (event.type === "DataStale") stale = true;
    });
    instrumentation.start();
    bot.start();
    const staleness = async () =>
      sample(await registry.metrics(), "tradewatch_data_staleness_seconds", 'data_type="ohlcv"');
    let cycles = 0;
    while (!stale && cycles++ < 2_000) await bot.runCycle();
    expect(stale).toBe(true);
    // Silent for at least the staleness limit (3 bars of 60 s).
    expect(await staleness()).toBeGreaterThan(180);
    instrumentation.stop();
    bot.dispose();
  });

  it("leaves the bars and the trades as they are without faults", async () => {
    const faults = { signedVolumes: true, clockDriftRate: 0.02, malformedTickRate: 0.02 };
    const [clean, faulty] = await Promise.all([run({}, 1_500), run(faults, 1_500)]);
    expect(clean.fills.length).toBeGreaterThan(0);
    expect(faulty.fills).toEqual(clean.fills);
    expect(faulty.events.get("DataNormalizationFailed")).toBeGreaterThan(0);
    clean.bot.dispose();
    faulty.bot.dispose();
  });
});
