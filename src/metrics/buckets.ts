/** @module Bucket helpers: linear and exponential series of upper bounds, free of float noise. */
import { MetricDefinitionError } from "./errors.js";

/** Rounds away binary float noise (0.30000000000000004 becomes 0.3). */
function clean(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * Returns `count` bounds starting at `start`, each `width` above the last.
 *
 * @example linearBuckets(0.1, 0.1, 3) // => [0.1, 0.2, 0.3]
 */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (
    !Number.isFinite(start) ||
    !(width > 0 && Number.isFinite(width)) ||
    !(Number.isInteger(count) && count >= 1)
  ) {
    throw new MetricDefinitionError(
      "ERR_INVALID_BUCKETS",
      "linearBuckets",
      `Invalid linearBuckets(${start}, ${width}, ${count}): start must be finite, width positive and count a positive integer`,
    );
  }
  return Array.from({ length: count }, (_, index) => clean(start + index * width));
}

/**
 * Returns `count` bounds starting at `start`, each `factor` times the last.
 *
 * @example exponentialBuckets(0.001, 2, 4) // => [0.001, 0.002, 0.004, 0.008]
 */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (
    !(start > 0 && Number.isFinite(start)) ||
    !(factor > 1 && Number.isFinite(factor)) ||
    !(Number.isInteger(count) && count >= 1)
  ) {
    throw new MetricDefinitionError(
      "ERR_INVALID_BUCKETS",
      "exponentialBuckets",
      `Invalid exponentialBuckets(${start}, ${factor}, ${count}): start must be positive, factor greater than 1 and count a positive integer`,
    );
  }
  return Array.from({ length: count }, (_, index) => clean(start * factor ** index));
}
