import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/journal/journal.js";

const bin = fileURLToPath(new URL("../../src/cli/bin.ts", import.meta.url));
const directory = mkdtempSync(join(tmpdir(), "tradewatch-report-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function tradewatch(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", bin, ...args], {
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("tradewatch report and journal", () => {
  it("reports from trades and equity CSV files as JSON, undefined statistics as null", () => {
    const trades = join(directory, "trades.csv");
    const equity = join(directory, "equity.csv");
    writeFileSync(
      trades,
      "closed_at,symbol,side,quantity,entry_price,exit_price,fee,strategy\n" +
        "2026-01-01T05:00:00Z,BTC/USD,long,1,100,110,0,trend\n" +
        "2026-01-02T02:00:00Z,ETH/USD,long,2,50,45,2,mean_reversion\n" +
        "2026-01-03T03:00:00Z,BTC/USD,short,1,130,100,0,trend\n",
    );
    writeFileSync(
      equity,
      "timestamp,equity\n2026-01-01,1000\n2026-01-02,1010\n2026-01-03,990\n2026-01-04,1020\n",
    );
    const { code, stdout } = tradewatch(
      "report",
      "--trades",
      trades,
      "--equity",
      equity,
      "--json",
      "--periods-per-year",
      "365",
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    // pnls 10, -12, 30
    expect(report.trades.trades).toBe(3);
    expect(report.trades.netPnl).toBe(28);
    expect(report.trades.winRate).toBeCloseTo(2 / 3, 12);
    expect(report.byStrategy.trend.profitFactor).toBeNull();
    // returns 1010/1000 - 1, 990/1010 - 1, 1020/990 - 1 → total 1020/1000 - 1
    expect(report.returns.periods).toBe(3);
    expect(report.returns.totalReturn).toBeCloseTo(0.02, 12);
    expect(report.periodsPerYear).toBe(365);
  });

  it("prints the text report of a journal file", () => {
    const path = join(directory, "bot.sqlite");
    const journal = Journal.open({ path, initialCash: 1000 });
    journal.recordFill({
      fillId: "1",
      strategy: "trend",
      symbol: "BTC/USD",
      side: "buy",
      quantity: 1,
      price: 100,
      fee: 0.1,
      timestamp: Date.parse("2026-01-01T01:00:00Z"),
    });
    journal.recordFill({
      fillId: "2",
      strategy: "trend",
      symbol: "BTC/USD",
      side: "sell",
      quantity: 1,
      price: 105,
      fee: 0.1,
      timestamp: Date.parse("2026-01-01T02:00:00Z"),
    });
    journal.close();
    const { code, stdout } = tradewatch("report", "--journal", path);
    expect(code).toBe(0);
    expect(stdout).toContain("Trades (1)");
    // 1 × (105 - 100) - 0.2 fees = 4.80
    expect(stdout).toMatch(/Net PnL\s+4\.80/);
    expect(stdout).toMatch(/Sharpe ratio\s+n\/a/);
  });

  it("names file, line and column of a malformed CSV and exits 1", () => {
    const bad = join(directory, "bad.csv");
    writeFileSync(bad, "timestamp,equity\n2026-01-01,1000\n2026-01-02,abc\n");
    const { code, stderr } = tradewatch("report", "--equity", bad);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Invalid CSV "${bad}" line 3, column 2: "equity" was "abc", not a number`,
    );
  });

  it("prunes a journal: downsampled equity, expired fills, positions kept", () => {
    const path = join(directory, "prune.sqlite");
    const journal = Journal.open({ path, maintenanceIntervalMs: 0, durability: "normal" });
    const day = 86_400_000;
    const now = Date.parse("2026-03-01T00:00:00Z");
    for (let t = now - 3 * day; t < now; t += 10_000)
      journal.recordEquity({ timestamp: t, equity: 1000 });
    journal.recordFill({
      fillId: "old",
      symbol: "BTC/USD",
      side: "buy",
      quantity: 1,
      price: 100,
      timestamp: now - 100 * day,
    });
    journal.close();
    const { code, stdout } = tradewatch(
      "journal",
      "prune",
      "--journal",
      path,
      "--retention",
      "30d",
      "--now",
      new Date(now).toISOString(),
    );
    expect(code).toBe(0);
    // 3 days of 10 s points = 25,920; the last day stays (8,640), two older days keep one a minute (2 × 1,440)
    expect(stdout).toMatch(/equity_snapshots\s+25920 -> 11520/);
    expect(stdout).toMatch(/fills\s+1 -> 0/);
    const reopened = Journal.open({ path });
    expect(reopened.portfolio().positions.map((p) => [p.symbol, p.quantity])).toEqual([
      ["BTC/USD", 1],
    ]);
    reopened.close();
    expect(
      tradewatch("journal", "prune", "--journal", path, "--retention", "soon").stderr,
    ).toContain(
      'Invalid retention "soon": must be a positive whole number of hours, days or weeks, such as 90d',
    );
  });
});
