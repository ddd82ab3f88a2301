/** @module Encodes numbers for the page so that NaN, infinities and "no data" survive JSON. */
import type { WireNumber } from "./types.js";

/**
 * Returns `value` as the page receives it: finite numbers unchanged, NaN and infinities as
 * the strings Prometheus prints (`NaN`, `+Inf`, `-Inf`), undefined as null (no data).
 *
 * @example
 * toWire(Number.NaN); // "NaN"
 * toWire(undefined); // null
 */
export function toWire(value: number | undefined): WireNumber {
  if (value === undefined) return null;
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}
