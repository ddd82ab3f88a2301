import { describe, expect, it } from "vitest";
import { analyzeJournal } from "./analyzer.js";
import { Journal } from "./journal/journal.js";

const at = (iso: string) => Date.parse(iso);

/**
 * Three days of a small account:
 *   equity  Jan 1 00:00 1000 · 12:00 1020 · 23:00 1010 · Jan 2 12:00 990 · Jan 3 12:00 1110 (after a 100 deposit at 01:00)
 *   trades  trend BTC +10 (Jan 1) · mean_reversion ETH -12 (Jan 2, fees 2) · trend BTC +30 (Jan 3)
 */
function fixture(): Journal {
  const journal = Journal.open({ path: ":memory:", initialCash: 1000 });
  const fill = (
    id: string,
    strategy: string,
    symbol: string,
    side: "buy" | "sell",
    quantity: number,
    price: number,
    fee: number,
    time: string,
  ) =>
    journal.recordFill({
      fillId: id,
      strategy,
      symbol,
      side,
      quantity,
      price,
      fee,
      timestamp: at(time),
    });
  journal.recordEquity({ timestamp: at("2026-01-01T00:00:00Z"), equity: 1000 });
  fill("a1", "trend", "BTC/USD", "buy", 1, 100, 0, "2026-01-01T01:00:00Z");
  fill("a2", "trend", "BTC/USD", "sell", 1, 110, 0, "2026-01-01T05:00:00Z");
  journal.recordEquity({ timestamp: at("2026-01-01T12:00:00Z"), equity: 1020 });
  journal.recordEquity({ timestamp: at("2026-01-01T23:00:00Z"), equity: 1010 });
  fill("b1", "mean_reversion", "ETH/USD", "buy", 2, 50, 1, "2026-01-02T01:00:00Z");
  fill("b2", "mean_reversion", "ETH/USD", "sell", 2, 45, 1, "2026-01-02T02:00:00Z");
  journal.recordEquity({ timestamp: at("2026-01-02T12:00:00Z"), equity: 990 });
  journal.recordCashMove({ kind: "deposit", amount: 100, timestamp: at("2026-01-03T01:00:00Z") });
  fill("c1", "trend", "BTC/USD", "buy", 1, 100, 0, "2026-01-03T02:00:00Z");
  fill("c2", "trend", "BTC/USD", "sell", 1, 130, 0, "2026-01-03T03:00:00Z");
  journal.recordEquity({ timestamp: at("2026-01-03T12:00:00Z"), equity: 1110 });
  return journal;
}

describe("analyzeJournal", () => {
  it("computes return statistics from daily returns net of deposits", () => {
    const journal = fixture();
    const report = analyzeJournal(journal, { window: "all" });
    // daily returns: 1010/1000 - 1; 990/1010 - 1; (1110 - 990 - 100)/990
    const r = [0.01, 990 / 1010 - 1, 20 / 990];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const std = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(report.returns.periods).toBe(3);
    // index: 1.01 × (990/1010) × (1010/990) = 1.01
    expect(report.returns.totalReturn).toBeCloseTo(0.01, 12);
    expect(report.returns.sharpeRatio).toBeCloseTo((mean / std) * Math.sqrt(252), 10);
    // drawdown on the flow-adjusted index: peak 1.02 (Jan 1 12:00), trough 0.99 → 0.99/1.02 - 1;
    // the deposit brings equity to 1110 but the index only to 1.01: not recovered, 2 days under water
    expect(report.returns.maxDrawdown).toBeCloseTo(0.99 / 1.02 - 1, 12);
    expect(report.returns.maxDrawdownDays).toBe(2);
    expect(report.returns.recoveryDays).toBeNaN();
    journal.close();
  });

  it("computes trade statistics for the account, by strategy and by symbol", () => {
    const journal = fixture();
    const report = analyzeJournal(journal);
    // pnls in close order: 10, -12 (2 × (45 - 50) - 2 fees), 30
    expect(report.trades).toMatchObject({
      trades: 3,
      netPnl: 28,
      averageWin: 20,
      averageLoss: -12,
      longestWinStreak: 1,
      longestLossStreak: 1,
      bestTrade: 30,
      worstTrade: -12,
    });
    expect(report.trades.winRate).toBeCloseTo(2 / 3, 12);
    expect(report.trades.profitFactor).toBeCloseTo(40 / 12, 12);
    expect(report.trades.expectancy).toBeCloseTo(28 / 3, 12);
    expect(report.trades.payoffRatio).toBeCloseTo(20 / 12, 12);
    // 3 trades from Jan 1 00:00 to Jan 3 12:00 = 2.5 days
    expect(report.trades.tradesPerDay).toBeCloseTo(3 / 2.5, 12);
    expect(Object.keys(report.byStrategy)).toEqual(["mean_reversion", "trend"]);
    expect(report.byStrategy.trend).toMatchObject({ trades: 2, netPnl: 40, winRate: 1 });
    expect(report.byStrategy.trend?.profitFactor).toBeNaN();
    expect(report.bySymbol["ETH/USD"]).toMatchObject({ trades: 1, netPnl: -12, winRate: 0 });
    journal.close();
  });

  it("reports daily and monthly PnL, realised and equity-based", () => {
    const journal = fixture();
    const report = analyzeJournal(journal);
    expect(report.daily.map((d) => [d.period, d.pnl, d.realizedPnl, d.trades])).toEqual([
      ["2026-01-01", 10, 10, 1],
      ["2026-01-02", -20, -12, 1],
      ["2026-01-03", 20, 30, 1],
    ]);
    expect(report.monthly).toHaveLength(1);
    expect(report.monthly[0]).toMatchObject({
      period: "2026-01",
      pnl: 10,
      realizedPnl: 28,
      trades: 3,
    });
    // month return: (1110 - 1000 - 100) / 1000
    expect(report.monthly[0]?.return).toBeCloseTo(0.01, 12);
    journal.close();
  });

  it("limits a window to its trades and bases its first return on the point before it", () => {
    const journal = fixture();
    const today = analyzeJournal(journal, { window: "today", now: at("2026-01-03T18:00:00Z") });
    expect(today.from).toBe(at("2026-01-03T00:00:00Z"));
    expect(today.trades.trades).toBe(1);
    expect(today.trades.netPnl).toBe(30);
    // one return: (1110 - 990 - 100) / 990; one period cannot give a Sharpe ratio
    expect(today.returns.periods).toBe(1);
    expect(today.returns.totalReturn).toBeCloseTo(20 / 990, 12);
    expect(today.returns.sharpeRatio).toBeNaN();
    const week = analyzeJournal(journal, { window: "7d", now: at("2026-01-03T18:00:00Z") });
    expect(week.trades.trades).toBe(3);
    journal.close();
  });

  it("gives NaN, not 0, for an empty journal", () => {
    const journal = Journal.open({ path: ":memory:" });
    const report = analyzeJournal(journal);
    expect(report.trades.trades).toBe(0);
    expect(report.trades.winRate).toBeNaN();
    expect(report.returns.sharpeRatio).toBeNaN();
    expect(report.returns.maxDrawdown).toBeNaN();
    expect(report.daily).toEqual([]);
    journal.close();
  });
});
