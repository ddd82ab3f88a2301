/** @module The error thrown for a bad metrics configuration value, naming the key and the value. */
import { TradewatchError } from "../errors.js";

/** A configuration key has a bad value, or is unknown (code `ERR_INVALID_CONFIG`). */
export class MetricsConfigError extends TradewatchError {
  /** The key as the user wrote it: a file path (`metrics.port`) or an env var (`METRICS_PORT`). */
  readonly key: string;

  constructor(key: string, message: string) {
    super("ERR_INVALID_CONFIG", message);
    this.key = key;
  }
}
