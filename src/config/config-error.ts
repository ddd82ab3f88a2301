/** @module The one error type for bad configuration: every violation of a file, the environment, a command line or a bot component's config, each naming the key or flag and the value. */
import { TradewatchError } from "../errors.js";

/** One bad value or unknown key: the key as the user wrote it and a one-line message naming it. */
export interface ConfigViolation {
  /** A file path (`metrics.port`), an environment variable (`METRICS_PORT`) or a flag (`--port`). */
  readonly key: string;
  /** One line naming the key and the value: `Invalid config "metrics.port": was "abc", ...`. */
  readonly message: string;
}

/**
 * A configuration is invalid (code `ERR_INVALID_CONFIG`). It carries every violation found,
 * so a user fixes them all in one go; the message is their messages, one per line.
 *
 * @example
 * throw new ConfigError("--port", 'Invalid --port "1.5": must be an integer from 0 to 65535');
 */
export class ConfigError extends TradewatchError {
  /** The key of the first violation. */
  readonly key: string;
  /** Every violation, in the order found; never empty. */
  readonly violations: readonly ConfigViolation[];

  constructor(key: string, message: string);
  constructor(violations: readonly ConfigViolation[]);
  constructor(keyOrViolations: string | readonly ConfigViolation[], message?: string) {
    const violations: readonly ConfigViolation[] =
      typeof keyOrViolations === "string"
        ? [{ key: keyOrViolations, message: message ?? `Invalid config "${keyOrViolations}"` }]
        : keyOrViolations;
    const first = violations[0];
    if (first === undefined) throw new TypeError("ConfigError needs at least one violation");
    super("ERR_INVALID_CONFIG", violations.map((violation) => violation.message).join("\n"));
    this.key = first.key;
    this.violations = Object.freeze([...violations]);
  }
}

/** The name the metrics configuration's error had first; the same class as {@link ConfigError}. */
export const MetricsConfigError = ConfigError;
/** The name the metrics configuration's error had first; the same type as {@link ConfigError}. */
export type MetricsConfigError = ConfigError;
