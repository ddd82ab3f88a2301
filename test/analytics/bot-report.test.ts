import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeJournal } from "../../src/analytics/analyzer.js";
import { type BotJournal, openBotJournal } from "../../src/analytics/journal/bot-journal.js";
import { Journal } from "../../src/analytics/journal/journal.js";
import { JournalError } from "../../src/analytics/journal-error.js";
import { runBacktest } from "../../src/bot/backtest.js";
import { createRecorder } from "../../src/recorder/create-recorder.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-bot-report-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("the reference bot's journal", () => {
  it("matches the bot's own summary, reports while open, and exports the gauges", async () => {
    const path = join(directory, "paper.sqlite");
    const recorder = createRecorder({
      universes: { strategy: ["trend_momentum", "mean_reversion", "portfolio"] },
    });
    let botJournal: BotJournal | undefined;
    const summary = await runBacktest({
      config: { seed: 11, initialCash: 50_000 },
      maxCycles: 4_000,
      attach: (bot) => {
        botJournal = openBotJournal(bot, {
          botId: "paper",
          path,
          durability: "normal",
          recorder,
          equityIntervalMs: 60_000,
        });
      },
    });
    expect(summary.fills).toBeGreaterThan(50);
    // A report reads the journal while its bot still holds it open.
    const reader = Journal.open({ path, readOnly: true });
    const state = reader.portfolio();
    expect(state.fillCount).toBe(summary.fills);
    expect(state.fees).toBeCloseTo(summary.feesPaid, 6);
    expect(state.realizedPnl).toBeCloseTo(summary.realizedPnl, 6);
    const report = analyzeJournal(reader, { periodsPerYear: 365 });
    const trades = reader.trades();
    expect(report.trades.trades).toBe(trades.length);
    expect(report.trades.netPnl).toBeCloseTo(
      trades.reduce((sum, t) => sum + t.pnl, 0),
      9,
    );
    expect(Object.keys(report.byStrategy).sort()).toEqual(
      [...new Set(trades.map((t) => t.strategy))].sort(),
    );
    // 4,000 one-minute bars span about three simulated days: three or four daily returns.
    expect(report.returns.periods).toBeGreaterThanOrEqual(2);
    expect(report.returns.maxDrawdown).toBeLessThanOrEqual(0);
    expect(() => reader.recordEquity({ timestamp: 1, equity: 1 })).toThrow(JournalError);
    reader.close();

    botJournal!.gauges!.refresh();
    const text = await recorder.registry.metrics();
    const winRatio = text
      .split("\n")
      .find((line) => line.startsWith('tradewatch_performance_win_ratio{strategy="portfolio"}'));
    expect(Number(winRatio?.split(" ").at(-1))).toBeCloseTo(report.trades.winRate, 12);
    botJournal!.close();
  }, 60_000);
});
