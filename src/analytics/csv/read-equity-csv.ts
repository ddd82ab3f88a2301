/** @module Reads an equity curve from a CSV file (`timestamp,equity`). */
import type { EquityPoint } from "../journal/types.js";
import { CsvFormatError } from "./csv-error.js";
import { parseCsv, requireColumns } from "./parse-csv.js";
import { readNumber, readTimestamp } from "./read-cell.js";
import { readCsvFile } from "./read-trades-csv.js";

/** The columns an equity CSV must have, in any order. */
export const equityColumns = ["timestamp", "equity"] as const;

/**
 * Parses an equity CSV into points sorted by time. Two rows with the same timestamp are an error
 * (naming both lines): the curve would be ambiguous.
 */
export function parseEquityCsv(text: string, file: string): EquityPoint[] {
  const table = parseCsv(text, file);
  const column = requireColumns(table, equityColumns);
  const points = table.rows.map((row) => ({
    line: row.line,
    timestamp: readTimestamp(table, row, column.timestamp),
    equity: readNumber(table, row, column.equity),
  }));
  points.sort((a, b) => a.timestamp - b.timestamp || a.line - b.line);
  for (let index = 1; index < points.length; index++) {
    const previous = points[index - 1]!;
    const point = points[index]!;
    if (point.timestamp === previous.timestamp) {
      throw new CsvFormatError(
        file,
        Math.max(point.line, previous.line),
        column.timestamp + 1,
        `"timestamp" ${new Date(point.timestamp).toISOString()} repeats line ${Math.min(point.line, previous.line)}`,
      );
    }
  }
  return points.map(({ timestamp, equity }) => ({ timestamp, equity }));
}

/** Reads and parses an equity CSV file; see {@link parseEquityCsv}. */
export function readEquityCsv(path: string): EquityPoint[] {
  return parseEquityCsv(readCsvFile(path), path);
}
