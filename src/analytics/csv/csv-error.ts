/** @module The error a malformed trades or equity CSV raises, naming file, line and column. */
import { TradewatchError } from "../../errors.js";

/**
 * A CSV cell, row or header that cannot be read. The message names the file, the 1-based line and
 * column and, for a cell, the column's header and the value.
 */
export class CsvFormatError extends TradewatchError {
  readonly file: string;
  readonly line: number;
  readonly column: number | undefined;

  constructor(file: string, line: number, column: number | undefined, problem: string) {
    const where = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
    super("ERR_INVALID_CSV", `Invalid CSV "${file}" ${where}: ${problem}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
