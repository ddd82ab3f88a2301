/** @module Reads a numeric command-line option within bounds, with an error naming the flag. */
import { ConfigError } from "../exporter/config-error.js";

/** Options of {@link numberOption}. */
export interface NumberOptionRules {
  /** Accept whole numbers only (ports, counts). Default false. */
  readonly integer?: boolean;
}

/**
 * Returns the number `value` spells, or undefined when the flag was not given; throws a
 * {@link ConfigError} (`ERR_INVALID_CONFIG`) naming `--name` and the value when it is not a
 * number from `min` to `max` (a whole one with `integer`).
 *
 * @example numberOption("seed", "42", 0, 2 ** 32 - 1) // => 42
 * @example numberOption("port", "1.5", 0, 65_535, { integer: true }) // throws: Invalid --port "1.5": must be an integer from 0 to 65535
 */
export function numberOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  rules: NumberOptionRules = {},
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  const integer = rules.integer === true;
  if (
    value.trim() === "" ||
    !Number.isFinite(parsed) ||
    parsed < min ||
    parsed > max ||
    (integer && !Number.isInteger(parsed))
  ) {
    throw new ConfigError(
      `--${name}`,
      `Invalid --${name} "${value}": must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`,
    );
  }
  return parsed;
}
