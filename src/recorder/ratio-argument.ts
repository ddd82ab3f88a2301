/** @module Range checks for the ratio arguments of the recorder: a percent passed as a ratio is an error, never a stored value. */
import { TradewatchError } from "../errors.js";

/** Slack for floating-point arithmetic at the ends of a range (1 + 1e-12 is still 1). */
const TOLERANCE = 1e-9;

/**
 * Returns `value` when it lies within `minimum..maximum` (clamped to the range within a
 * rounding tolerance); otherwise throws `ERR_RATIO_OUT_OF_RANGE` naming the method, the
 * argument and the value, and suggesting the percent variant (`percentVariant`) or a
 * division by 100. NaN is out of every range. Costs two comparisons on the record path.
 *
 * @example
 * gauge.set(checkRatio(ratio, "recordDataCompleteness", "ratio"));
 */
export function checkRatio(
  value: number,
  method: string,
  argument: string,
  minimum = 0,
  maximum = 1,
  percentVariant?: string,
): number {
  if (value >= minimum && value <= maximum) return value;
  if (value >= minimum - TOLERANCE && value <= maximum + TOLERANCE) {
    return value < minimum ? minimum : maximum;
  }
  throw ratioOutOfRange(value, method, argument, minimum, maximum, percentVariant);
}

function ratioOutOfRange(
  value: number,
  method: string,
  argument: string,
  minimum: number,
  maximum: number,
  percentVariant: string | undefined,
): TradewatchError {
  const range = Number.isFinite(maximum) ? `${minimum}..${maximum}` : `at least ${minimum}`;
  const hint = Number.isFinite(value)
    ? percentVariant === undefined
      ? `; a percent (${value} %) is ${value / 100} as a ratio`
      : `; for percent call ${percentVariant}(${value}) instead`
    : "";
  return new TradewatchError(
    "ERR_RATIO_OUT_OF_RANGE",
    `Invalid ${argument} of ${method}: was ${value}, must be a ratio ${range} (0.25 = 25 %)${hint}`,
  );
}

/**
 * Returns a percent argument (0..100) of a percent variant, clamped within a rounding
 * tolerance; otherwise throws `ERR_RATIO_OUT_OF_RANGE` naming the method and argument.
 */
export function checkPercent(value: number, method: string, argument: string): number {
  if (value >= 0 && value <= 100) return value;
  if (value > -1e-7 && value < 100 + 1e-7) return Math.min(Math.max(value, 0), 100);
  throw new TradewatchError(
    "ERR_RATIO_OUT_OF_RANGE",
    `Invalid ${argument} of ${method}: was ${value}, must be a percent 0..100`,
  );
}

/** Returns a computed ratio (hits / total, fills / orders) clamped to 0..1. */
export function clampRatio(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}
