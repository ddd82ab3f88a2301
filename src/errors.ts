/** @module The base error of tradewatch and the list of its stable error codes. */

/**
 * Every error code tradewatch throws. `docs/ERRORS.md` lists each one; a test keeps the two in sync.
 * Add a code here, document it there, then throw a subclass of {@link TradewatchError} that carries it.
 */
export const errorCodes = [
  "ERR_INVALID_METRIC_NAME",
  "ERR_INVALID_LABEL_NAME",
  "ERR_RESERVED_LABEL_NAME",
  "ERR_DUPLICATE_LABEL_NAME",
  "ERR_LABEL_COUNT_MISMATCH",
  "ERR_UNKNOWN_LABEL_NAME",
  "ERR_INVALID_LABEL_VALUE",
  "ERR_LABEL_VALUE_TOO_LONG",
  "ERR_NEGATIVE_INCREMENT",
  "ERR_INVALID_VALUE",
  "ERR_INVALID_BUCKETS",
  "ERR_RATIO_OUT_OF_RANGE",
  "ERR_INVALID_PERCENTILES",
  "ERR_INVALID_METRIC_OPTION",
  "ERR_DUPLICATE_METRIC",
  "ERR_METRIC_NOT_FOUND",
  "ERR_METRIC_TYPE_MISMATCH",
  "ERR_INVALID_CONFIG",
  "ERR_PEER_DEPENDENCY_MISSING",
  "ERR_PUSH_FAILED",
  "ERR_CLUSTER_METRICS_FAILED",
  "ERR_REQUEST_BODY_TOO_LARGE",
  "ERR_INVALID_CSV",
  "ERR_JOURNAL_UNAVAILABLE",
  "ERR_JOURNAL_LOCKED",
  "ERR_JOURNAL_CORRUPT",
  "ERR_RESTORE_MISMATCH",
  "ERR_MISSING_BINARY",
  "ERR_STACK_START_FAILED",
  "ERR_STACK_FILE_EDITED",
  "ERR_STACK_RELOAD_FAILED",
] as const;

/** A stable, documented error code. */
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The base class of every error tradewatch throws on purpose. `code` is stable across
 * releases; the message names the thing and the value.
 */
export class TradewatchError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
