/** @module Bounds a universe label (symbol, strategy, endpoint...) by the configured universe. */

import { UNIVERSE_OTHER } from "../../catalog/types.js";

/** The longest universe label value kept; longer values are cut. */
export const MAX_UNIVERSE_VALUE_LENGTH = 64;

/**
 * Returns a function mapping a value to its label value. With a configured list, a value in
 * the list stays itself and any other becomes `other`. Without one, the value is kept but
 * sanitised (characters outside `[A-Za-z0-9_./:-]` become `_`, cut to 64 characters), and the
 * core's `maxSeries` cap is the bound.
 *
 * @example
 * const symbol = universeNormalizer(["BTC/USDT", "ETH/USDT"]);
 * symbol("BTC/USDT"); // "BTC/USDT"
 * symbol("DOGE/USDT"); // "other"
 */
export function universeNormalizer(
  values?: readonly string[] | undefined,
): (value: unknown) => string {
  if (values !== undefined) {
    const allowed = new Set(values);
    return (value) => (typeof value === "string" && allowed.has(value) ? value : UNIVERSE_OTHER);
  }
  return (value) => {
    const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
    const clean = text.replace(/[^A-Za-z0-9_./:-]/g, "_").slice(0, MAX_UNIVERSE_VALUE_LENGTH);
    return clean === "" ? UNIVERSE_OTHER : clean;
  };
}
