/** @module The errors the metrics core throws: bad definitions and bad records. */
import { type ErrorCode, TradewatchError } from "../errors.js";

/** A metric, label or bucket definition is invalid; thrown at construction or registration. */
export class MetricDefinitionError extends TradewatchError {
  readonly metric: string;

  constructor(code: ErrorCode, metric: string, message: string) {
    super(code, message);
    this.metric = metric;
  }
}

/** A record (increment, observation, label set) is invalid; thrown where it is made. */
export class MetricValueError extends TradewatchError {
  readonly metric: string;

  constructor(code: ErrorCode, metric: string, message: string) {
    super(code, message);
    this.metric = metric;
  }
}
