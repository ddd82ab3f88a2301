/**
 * @module Measures the trade journal: fills journaled per second through its API and under the
 * running reference bot (durability `full`, an fsync per fill, against `normal` and against no
 * journal), and the cost of recomputing every statistic over a year of minute-level equity
 * (525,600 points) from memory and from a journal file, before and after downsampling.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeJournal } from "../src/analytics/analyzer.js";
import { attachJournal } from "../src/analytics/journal/bus-journal.js";
import { Journal } from "../src/analytics/journal/journal.js";
import type { Durability } from "../src/analytics/journal/types.js";
import { buildPerformanceReport } from "../src/analytics/report/build-performance-report.js";
import { periodReturns } from "../src/analytics/report/period-returns.js";
import { sharpeRatio } from "../src/analytics/statistics/sharpe-ratio.js";
import { runBacktest } from "../src/bot/backtest.js";
import { fillEvent } from "../test/analytics/fixtures/fill-stream.js";
import { formatNumber, median, wallTimeNs } from "./harness.js";

const quick = process.env.BENCH_QUICK === "1";
const directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-bench-"));
let files = 0;
const freshPath = () => join(directory, `journal-${++files}.sqlite`);

function timeMs(body: () => void): number {
  const start = wallTimeNs();
  body();
  return (wallTimeNs() - start) / 1e6;
}

async function timeMsAsync(body: () => Promise<unknown>): Promise<number> {
  const start = wallTimeNs();
  await body();
  return (wallTimeNs() - start) / 1e6;
}

function line(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
    .join("  ");
}

function print(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  console.log(title);
  console.log(line(header, widths));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row, widths));
  console.log("");
}

// 1. The journal API alone: recordFill per second (wall clock: an fsync is waiting, not CPU).
{
  const rows: string[][] = [];
  for (const [durability, count] of [
    ["full", quick ? 200 : 1_000],
    ["normal", quick ? 2_000 : 10_000],
  ] as const) {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const journal = Journal.open({
        path: freshPath(),
        initialCash: 1e9,
        durability: durability as Durability,
      });
      const ms = timeMs(() => {
        for (let index = 0; index < count; index++) {
          const event = fillEvent(index);
          journal.recordFill({
            fillId: event.tradeId,
            strategy: event.strategy,
            symbol: event.symbol,
            side: event.side,
            quantity: event.quantity,
            price: event.price,
            fee: event.fee,
            timestamp: event.timestamp,
          });
        }
      });
      journal.close();
      runs.push(ms);
    }
    const ms = median(runs);
    rows.push([
      `recordFill, durability ${durability}`,
      String(count),
      formatNumber(count / (ms / 1000)),
      formatNumber((ms * 1000) / count),
    ]);
  }
  print(
    "Journal API: fills journaled per second (wall clock, median of 3 runs)",
    ["case", "fills", "fills/s", "µs/fill"],
    rows,
  );
}

// 2. With the bot running: the reference bot on the simulated market, journal on its bus.
{
  const cycles = quick ? 500 : 2_000;
  const variants: readonly ("none" | Durability)[] = ["none", "normal", "full"];
  const results = new Map<string, { ms: number; fills: number; writes: number }[]>();
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    for (const variant of variants) {
      let journal: Journal | undefined;
      let fills = 0;
      const ms = await timeMsAsync(async () => {
        const summary = await runBacktest({
          config: { seed: 7, initialCash: 100_000 },
          maxCycles: cycles,
          attach: (bot) => {
            if (variant === "none") return;
            journal = Journal.open({
              path: freshPath(),
              initialCash: 100_000,
              durability: variant,
            });
            attachJournal(bot.bus, journal, { equityIntervalMs: 60_000 });
          },
        });
        fills = summary.fills;
      });
      const counts = journal?.counts();
      const writes =
        counts === undefined
          ? 0
          : counts.fills! + counts.orders! + counts.equity_snapshots! + counts.position_changes!;
      journal?.close();
      const list = results.get(variant) ?? [];
      list.push({ ms, fills, writes });
      results.set(variant, list);
    }
  }
  const baseline = median(results.get("none")!.map((r) => r.ms));
  const rows = variants.map((variant) => {
    const list = results.get(variant)!;
    const ms = median(list.map((r) => r.ms));
    const { fills, writes } = list[0]!;
    return [
      variant === "none" ? "bot without journal" : `bot + journal, ${variant}`,
      String(fills),
      formatNumber(ms),
      variant === "none" ? "" : formatNumber(fills / (ms / 1000)),
      variant === "none" ? "" : formatNumber(writes),
      variant === "none" ? "" : formatNumber(((ms - baseline) * 1000) / fills),
    ];
  });
  print(
    `Bot running (${cycles} cycles, simulated market, seed 7): journal cost (wall clock, median)`,
    ["case", "fills", "run ms", "fills/s", "rows written", "added µs/fill"],
    rows,
  );
}

// 3. A year of minute-level equity: 525,600 points.
{
  const minutes = 525_600;
  const start = Date.UTC(2025, 0, 1);
  const equity = new Array(minutes);
  let value = 100_000;
  let seed = 1;
  for (let index = 0; index < minutes; index++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    value *= 1 + (seed / 2_147_483_648 - 0.5) * 0.002;
    equity[index] = { timestamp: start + index * 60_000, equity: value };
  }
  const trades = Array.from({ length: 5_000 }, (_, index) => ({
    strategy: index % 2 === 0 ? "trend" : "mean_reversion",
    symbol: ["BTC/USD", "ETH/USD", "SOL/USD"][index % 3]!,
    side: "long" as const,
    quantity: 1,
    entryPrice: 100,
    exitPrice: 100 + Math.sin(index),
    fee: 0.1,
    pnl: Math.sin(index) - 0.1,
    closedAt: start + index * 6_300_000,
  }));
  const runs = quick ? 3 : 5;
  const measure = (body: () => void) => median(Array.from({ length: runs }, () => timeMs(body)));
  const daily = periodReturns(equity, "day").returns;
  const rows: string[][] = [
    [
      "daily returns from 525,600 points",
      formatNumber(measure(() => periodReturns(equity, "day"))),
    ],
    [
      "Sharpe ratio of 365 daily returns",
      formatNumber(measure(() => sharpeRatio(daily, { periodsPerYear: 365 }))),
    ],
    [
      "full report (every statistic, 5,000 trades, drawdown at full resolution)",
      formatNumber(
        measure(() => buildPerformanceReport({ trades, equity }, { periodsPerYear: 365 })),
      ),
    ],
  ];
  const path = freshPath();
  const journal = Journal.open({ path, durability: "normal", maintenanceIntervalMs: 0 });
  const importMs = timeMs(() => journal.importEquity(equity));
  rows.push(["import 525,600 points into a journal (one transaction)", formatNumber(importMs)]);
  rows.push([
    "analyzeJournal(all) on the raw journal (SQL read + report)",
    formatNumber(measure(() => analyzeJournal(journal, { periodsPerYear: 365 }))),
  ]);
  const now = start + minutes * 60_000;
  const pruneMs = timeMs(() => journal.prune(now));
  const kept = journal.counts().equity_snapshots!;
  rows.push([`prune: downsample to ${formatNumber(kept)} points`, formatNumber(pruneMs)]);
  const nextHour = Array.from({ length: 60 }, (_, index) => ({
    timestamp: now + index * 60_000,
    equity: value,
  }));
  journal.importEquity(nextHour);
  rows.push([
    "hourly maintenance prune (one more hour of points, incremental)",
    formatNumber(timeMs(() => journal.prune(now + 3_600_000))),
  ]);
  rows.push([
    "analyzeJournal(all) after downsampling",
    formatNumber(measure(() => analyzeJournal(journal, { periodsPerYear: 365, now }))),
  ]);
  journal.close();
  print(
    "A year of minute-level equity (525,600 points): cost of recomputing the statistics",
    ["case", "ms"],
    rows,
  );
}

rmSync(directory, { recursive: true, force: true });
