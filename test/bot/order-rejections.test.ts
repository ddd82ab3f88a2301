import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/bot/backtest.js";
import { type BotInstrumentation, instrumentBot } from "../../src/bot/telemetry/instrument-bot.js";
import { Registry } from "../../src/metrics/index.js";
import { createRecorder } from "../../src/recorder/index.js";

/** The sum of the samples `name{labels...}` in exposition text, 0 when absent. */
function sample(text: string, name: string, ...labels: string[]): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels.every((label) => line.includes(label)))
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

async function scrape(
  config: NonNullable<Parameters<typeof runBacktest>[0]>["config"],
): Promise<string> {
  const registry = new Registry();
  let subscriber: BotInstrumentation | undefined;
  await runBacktest({
    maxCycles: 600,
    config,
    attach: (bot) => {
      const recorder = createRecorder({
        registry,
        symbols: bot.market.symbols,
        universes: {
          strategy: ["trend_momentum", "mean_reversion", "portfolio"],
          endpoint: ["fetchStatus", "createOrder"],
        },
      });
      subscriber = instrumentBot(bot, recorder, { flushIntervalMs: 5 });
      subscriber.start();
    },
  });
  subscriber?.flush();
  return registry.metrics();
}

describe("orders the exchange refuses", () => {
  it("count as rejections, not as exchange API errors", async () => {
    // Every order submission is refused (InvalidOrder); no other fault.
    const text = await scrape({ seed: 17, faults: { rejection: 1 } });
    const rejected = sample(text, "tradewatch_orders_rejected_total");
    expect(rejected).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_exchange_api_errors_total")).toBe(0);
  });

  it("for want of funds count as insufficient_funds rejections, not as API errors", async () => {
    // Cash so small that the exchange refuses orders the portfolio sizes from stale cash.
    const text = await scrape({ seed: 17, initialCash: 100_000, exchange: { initialCash: 1 } });
    const insufficient = sample(
      text,
      "tradewatch_orders_rejected_total",
      'reason="insufficient_funds"',
    );
    expect(insufficient).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_exchange_api_errors_total")).toBe(0);
  });
});

describe("exchange calls that throw", () => {
  it("count as exceptions of the exchange component, by normalised type, one per API error", async () => {
    // Timeouts on a tenth of the API calls; no other fault.
    const text = await scrape({ seed: 17, faults: { timeout: 0.1 } });
    const apiErrors = sample(text, "tradewatch_exchange_api_errors_total");
    expect(apiErrors).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_exceptions_total", 'component="exchange"')).toBe(apiErrors);
    expect(
      sample(text, "tradewatch_exceptions_total", 'component="exchange"', 'error_type="timeout"'),
    ).toBe(apiErrors);
  });
});
