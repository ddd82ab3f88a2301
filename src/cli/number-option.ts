/** @module Reads a numeric command-line option within bounds, with an error naming the flag. */
import { TradewatchError } from "../errors.js";

/**
 * Returns the number `value` spells, or undefined when the flag was not given; throws
 * `ERR_INVALID_CONFIG` naming `--name` when it is not a number from `min` to `max`.
 *
 * @example numberOption("seed", "42", 0, 2 ** 32 - 1) // => 42
 */
export function numberOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --${name} "${value}": must be a number from ${min} to ${max}`,
    );
  }
  return parsed;
}
