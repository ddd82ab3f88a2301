import { describe, expect, it } from "vitest";
import { createRecorder } from "../recorder/create-recorder.js";
import { Journal } from "./journal/journal.js";
import { startPerformanceGauges } from "./performance-gauges.js";

describe("performance gauges", () => {
  it("exports the journal's statistics through the recorder, NaN where undefined", async () => {
    const journal = Journal.open({ path: ":memory:", initialCash: 1000 });
    const t = Date.parse("2026-02-01T00:00:00Z");
    let id = 0;
    const roundTrip = (strategy: string, entry: number, exit: number, at: number) => {
      journal.recordFill({
        fillId: `${++id}`,
        strategy,
        symbol: "BTC/USD",
        side: "buy",
        quantity: 1,
        price: entry,
        timestamp: at,
      });
      journal.recordFill({
        fillId: `${++id}`,
        strategy,
        symbol: "BTC/USD",
        side: "sell",
        quantity: 1,
        price: exit,
        timestamp: at + 1,
      });
    };
    // trend: +10, -5, +20 (current win streak 1); mean_reversion: +4, +6 (no loss: profit factor NaN)
    roundTrip("trend", 100, 110, t);
    roundTrip("mean_reversion", 100, 104, t + 10);
    roundTrip("trend", 100, 95, t + 20);
    roundTrip("mean_reversion", 100, 106, t + 30);
    roundTrip("trend", 100, 120, t + 40);
    const recorder = createRecorder({
      universes: { strategy: ["portfolio", "trend", "mean_reversion"] },
    });
    const gauges = startPerformanceGauges(journal, recorder, { now: () => t + 100 });
    gauges.stop();
    const text = await recorder.registry.metrics();
    const value = (name: string, strategy: string) => {
      const line = text
        .split("\n")
        .find((l) => l.startsWith(`tradewatch_${name}{`) && l.includes(`strategy="${strategy}"`));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    // book: pnls 10, 4, -5, 6, 20 → 4 wins of 5; profit 40 / loss 5 = 8; average win 10; average loss -5
    expect(value("performance_win_ratio", "portfolio")).toBe(0.8);
    expect(value("performance_profit_factor", "portfolio")).toBe(8);
    expect(value("performance_average_win_usd", "portfolio")).toBe(10);
    expect(value("performance_average_loss_usd", "portfolio")).toBe(-5);
    // the latest trades are 6 then 20: a running win streak of 2, no loss streak
    expect(value("performance_win_streak", "portfolio")).toBe(2);
    expect(value("performance_loss_streak", "portfolio")).toBe(0);
    // no equity snapshots: Sharpe and drawdown are undefined, exported as NaN
    expect(value("performance_sharpe_ratio", "portfolio")).toBeNaN();
    expect(value("performance_max_drawdown_ratio", "portfolio")).toBeNaN();
    expect(value("performance_win_ratio", "trend")).toBeCloseTo(2 / 3, 12);
    expect(value("performance_profit_factor", "mean_reversion")).toBeNaN();
    expect(value("performance_win_streak", "mean_reversion")).toBe(2);
    journal.close();
  });
});
