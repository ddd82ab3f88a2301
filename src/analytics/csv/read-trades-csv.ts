/** @module Reads closed trades from a CSV file (`closed_at,symbol,side,quantity,entry_price,exit_price,fee`). */
import { readFileSync } from "node:fs";
import { JournalError } from "../journal-error.js";
import type { TradeInput } from "../report/types.js";
import { CsvFormatError } from "./csv-error.js";
import { parseCsv, requireColumns } from "./parse-csv.js";
import { readNumber, readText, readTimestamp } from "./read-cell.js";

/** The columns a trades CSV must have, in any order; a `strategy` column is optional. */
export const tradeColumns = [
  "closed_at",
  "symbol",
  "side",
  "quantity",
  "entry_price",
  "exit_price",
  "fee",
] as const;

/**
 * Parses a trades CSV into closed trades sorted by close time. `side` is `long`/`buy` (bought
 * first) or `short`/`sell` (sold first); PnL is `quantity × (exit - entry) - fee` for a long and
 * `quantity × (entry - exit) - fee` for a short; `fee` is the round trip's total fee. The
 * strategy is the optional `strategy` column, else `default`.
 */
export function parseTradesCsv(text: string, file: string): TradeInput[] {
  const table = parseCsv(text, file);
  const column = requireColumns(table, tradeColumns);
  const strategyColumn = table.header.indexOf("strategy");
  const trades = table.rows.map((row): TradeInput => {
    const sideText = readText(table, row, column.side).toLowerCase();
    let side: "long" | "short";
    if (sideText === "long" || sideText === "buy") side = "long";
    else if (sideText === "short" || sideText === "sell") side = "short";
    else {
      throw new CsvFormatError(
        file,
        row.line,
        column.side + 1,
        `"side" was "${sideText}", must be long, short, buy or sell`,
      );
    }
    const quantity = readNumber(table, row, column.quantity, 0);
    const entryPrice = readNumber(table, row, column.entry_price, 0);
    const exitPrice = readNumber(table, row, column.exit_price, 0);
    const fee = readNumber(table, row, column.fee, 0);
    const gross =
      side === "long" ? quantity * (exitPrice - entryPrice) : quantity * (entryPrice - exitPrice);
    const strategy = strategyColumn === -1 ? "" : (row.cells[strategyColumn] ?? "");
    return {
      strategy: strategy === "" ? "default" : strategy,
      symbol: readText(table, row, column.symbol),
      side,
      quantity,
      entryPrice,
      exitPrice,
      fee,
      pnl: gross - fee,
      closedAt: readTimestamp(table, row, column.closed_at),
    };
  });
  return trades.sort((a, b) => a.closedAt - b.closedAt);
}

/** Reads and parses a trades CSV file; see {@link parseTradesCsv}. */
export function readTradesCsv(path: string): TradeInput[] {
  return parseTradesCsv(readCsvFile(path), path);
}

/** Reads a CSV file's text, with an error naming the file when it cannot be read. */
export function readCsvFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new JournalError(
      "ERR_INVALID_CSV",
      `Cannot read CSV file "${path}": ${(error as Error).message}`,
      path,
      { cause: error },
    );
  }
}
