/** @module The error the trade journal and the report inputs throw. */
import { type ErrorCode, TradewatchError } from "../errors.js";

/**
 * A journal file that cannot be opened or used, a record it refuses (a negative quantity, a fill
 * without an id), or a malformed trades/equity CSV. `file` names the file concerned when there is one.
 */
export class JournalError extends TradewatchError {
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, file?: string, options?: ErrorOptions) {
    super(code, message, options);
    this.file = file;
  }
}
