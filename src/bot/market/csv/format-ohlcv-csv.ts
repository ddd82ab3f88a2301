/** @module Writes bars as OHLCV CSV that `parseOhlcvCsv` and `tradewatch backtest` read back. */
import type { Bar } from "../../types.js";

/**
 * Formats bars as CSV with the header `timestamp,symbol,open,high,low,close,volume`
 * (timestamps in epoch milliseconds), e.g. to record the simulated market for a backtest.
 *
 * @example
 * writeFileSync("sim.csv", formatOhlcvCsv(bars));
 */
export function formatOhlcvCsv(bars: Iterable<Bar>): string {
  const lines = ["timestamp,symbol,open,high,low,close,volume"];
  for (const bar of bars) {
    lines.push(
      `${bar.timestamp},${bar.symbol},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
