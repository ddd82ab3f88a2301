/**
 * @module The same seed gives the same trades and the same `/metrics` values: a seeded backtest's
 * scrape, compared with the one the bot produced before the engine moved its per-cycle
 * measurements from the bus to the telemetry port (test/bot/fixtures/golden-scrape.txt).
 * Durations measured with the CPU clock are compared by their count only. Set UPDATE_GOLDEN=1
 * to rewrite the fixture after a deliberate change, and say why in the commit.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/bot/backtest.js";
import { SimulatedMarket } from "../../src/bot/market/simulated/simulated-market.js";
import { createBotRecorder } from "../../src/bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../src/bot/telemetry/instrument-bot.js";
import { Registry } from "../../src/metrics/index.js";

const fixture = join(import.meta.dirname, "fixtures", "golden-scrape.txt");

/** Families whose values are CPU-clock durations: only their `_count` is deterministic. */
const measuredDurations =
  /^tradewatch_(cycle_duration_seconds|cycle_stage_duration_seconds|order_intent_to_submit_duration_seconds|strategy_evaluation_duration_seconds)_(bucket|sum)\b/;
const wallClock = /^tradewatch_(uptime_seconds|build_info)\b/;

async function seededScrape(): Promise<Map<string, string>> {
  const registry = new Registry();
  const summary = await runBacktest({
    market: new SimulatedMarket({ seed: 2024 }),
    config: {
      market: "sim",
      seed: 5,
      faults: { rateLimit: 0.01, timeout: 0.01, serverError: 0.01 },
    },
    maxCycles: 3_000,
    attach: (bot) => {
      const recorder = createBotRecorder({
        registry,
        symbols: bot.market.symbols,
        constLabels: { environment: "backtest" },
      });
      // Gauges written at the end of every cycle, so what they hold does not depend on timing.
      const instrumentation = instrumentBot(bot, recorder, { flushIntervalMs: 0 });
      instrumentation.start();
      return () => instrumentation.stop();
    },
  });
  const samples = new Map<string, string>();
  samples.set("# fills", String(summary.fills));
  for (const line of (await registry.metrics()).split("\n")) {
    if (line === "" || line.startsWith("#") || measuredDurations.test(line) || wallClock.test(line))
      continue;
    const split = line.lastIndexOf(" ");
    samples.set(line.slice(0, split), line.slice(split + 1));
  }
  return samples;
}

describe("a seeded backtest's scrape", () => {
  it("has the same trades and the same values as before the refactor", async () => {
    const actual = await seededScrape();
    if (process.env.UPDATE_GOLDEN === "1") {
      writeFileSync(
        fixture,
        `${[...actual].map(([series, value]) => `${series} ${value}`).join("\n")}\n`,
      );
    }
    const expected = new Map<string, string>();
    for (const line of readFileSync(fixture, "utf8").split("\n")) {
      if (line === "") continue;
      const split = line.lastIndexOf(" ");
      expected.set(line.slice(0, split), line.slice(split + 1));
    }
    expect(expected.size).toBeGreaterThan(300);
    // Every series of the fixture, with its value (series the catalog gained since are not compared).
    const mismatches: string[] = [];
    for (const [series, value] of expected) {
      const got = actual.get(series);
      if (got !== value) mismatches.push(`${series}: fixture ${value}, now ${got ?? "absent"}`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
