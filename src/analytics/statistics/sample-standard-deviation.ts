/** @module Arithmetic mean and sample standard deviation (Bessel's correction) of plain arrays. */

/** Returns the arithmetic mean, or NaN for an empty array. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Returns the sample standard deviation `sqrt(Σ (x - mean)² / (n - 1))`, or NaN when fewer
 * than two values are given (one value cannot estimate dispersion).
 */
export function sampleStandardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (n - 1));
}
