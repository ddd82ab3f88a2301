/** @module Typed readers for one CSV cell, with errors naming line, column and header. */
import { CsvFormatError } from "./csv-error.js";
import type { CsvRow, CsvTable } from "./parse-csv.js";

/** Returns the cell's text, throwing when the row has too few cells or the cell is empty. */
export function readText(table: CsvTable, row: CsvRow, index: number): string {
  const value = row.cells[index];
  const name = table.header[index];
  if (value === undefined) {
    throw new CsvFormatError(
      table.file,
      row.line,
      index + 1,
      `the row has ${row.cells.length} cells, "${name}" is missing (header has ${table.header.length})`,
    );
  }
  if (value === "") throw new CsvFormatError(table.file, row.line, index + 1, `"${name}" is empty`);
  return value;
}

/** Returns the cell as a finite number (`min` bounds it from below, inclusive). */
export function readNumber(table: CsvTable, row: CsvRow, index: number, min?: number): number {
  const text = readText(table, row, index);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new CsvFormatError(
      table.file,
      row.line,
      index + 1,
      `"${table.header[index]}" was "${text}", not a number`,
    );
  }
  if (min !== undefined && value < min) {
    throw new CsvFormatError(
      table.file,
      row.line,
      index + 1,
      `"${table.header[index]}" was ${text}, must be ≥ ${min}`,
    );
  }
  return value;
}

/**
 * Returns the cell as epoch milliseconds: an ISO 8601 date or date-time (UTC unless it names a
 * zone), or a number, read as epoch seconds below 10¹¹ and as milliseconds from there on.
 */
export function readTimestamp(table: CsvTable, row: CsvRow, index: number): number {
  const text = readText(table, row, index);
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    return Math.abs(value) < 1e11 ? value * 1000 : value;
  }
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)
    ? `${text.replace(" ", "T")}${text.length > 10 ? "Z" : ""}`
    : text;
  const value = Date.parse(iso);
  if (Number.isNaN(value)) {
    throw new CsvFormatError(
      table.file,
      row.line,
      index + 1,
      `"${table.header[index]}" was "${text}", not a timestamp (ISO 8601, or epoch seconds or milliseconds)`,
    );
  }
  return value;
}
