/** @module The error the instrumentation helpers throw for options they cannot work with. */
import { TradewatchError } from "../errors.js";

/** An instrumentation helper was given options it cannot work with (code `ERR_INVALID_CONFIG`). */
export class InstrumentOptionError extends TradewatchError {
  /** The option at fault, e.g. `registry`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super("ERR_INVALID_CONFIG", message);
    this.option = option;
  }
}
