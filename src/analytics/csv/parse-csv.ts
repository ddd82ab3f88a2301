/** @module A small RFC 4180 CSV reader that remembers where each cell came from. */
import { CsvFormatError } from "./csv-error.js";

/** One data row: its 1-based line number and its cells. */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A parsed CSV file: the header cells and the data rows. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/**
 * Parses CSV text: comma-separated, fields optionally double-quoted (`""` escapes a quote, quoted
 * fields may span lines), LF or CRLF line ends, a header line first. Blank lines are skipped and
 * cells are trimmed. Throws a {@link CsvFormatError} for an unterminated quote or text after a
 * closing quote, naming `file`, line and column.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let quoteColumn = 0;
  let afterQuote = false;
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell.trim());
    if (!(cells.length === 1 && cells[0] === "")) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    afterQuote = false;
  };
  for (let index = 0; index < content.length; index++) {
    const char = content[index]!;
    if (quoted) {
      if (char === '"') {
        if (content[index + 1] === '"') {
          cell += '"';
          index++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === ",") {
      cells.push(cell.trim());
      cell = "";
      afterQuote = false;
    } else if (char === "\n") {
      endRecord();
      line++;
      recordLine = line;
    } else if (char === "\r") {
      // CRLF: the \n ends the record.
    } else if (char === '"' && cell.trim() === "" && !afterQuote) {
      quoted = true;
      quoteLine = line;
      quoteColumn = cells.length + 1;
      cell = "";
    } else if (afterQuote && char !== " " && char !== "\t") {
      throw new CsvFormatError(file, line, cells.length + 1, `text after a closing quote`);
    } else {
      cell += char;
    }
  }
  if (quoted) throw new CsvFormatError(file, quoteLine, quoteColumn, "unterminated quoted field");
  if (cell !== "" || cells.length > 0) endRecord();
  const [header, ...rows] = records;
  if (header === undefined)
    throw new CsvFormatError(file, 1, undefined, "the file is empty, a header line was expected");
  return { file, header: header.cells.map((name) => name.toLowerCase()), rows };
}

/**
 * Returns the 0-based index of each required column in the header, throwing a
 * {@link CsvFormatError} that lists every missing column and the expected header.
 */
export function requireColumns<K extends string>(
  table: CsvTable,
  required: readonly K[],
): Record<K, number> {
  const missing = required.filter((name) => !table.header.includes(name));
  if (missing.length > 0) {
    throw new CsvFormatError(
      table.file,
      1,
      undefined,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}; the header must name ${required.join(",")} (was ${table.header.join(",")})`,
    );
  }
  return Object.fromEntries(required.map((name) => [name, table.header.indexOf(name)])) as Record<
    K,
    number
  >;
}
