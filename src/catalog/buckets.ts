/** @module Histogram bucket layouts the catalog's histograms share, in base units. */

/** Exchange and HTTP calls: 1 ms to 10 s. */
export const requestSecondsBuckets = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** In-process computation (features, optimiser, stages): 100 µs to 5 s. */
export const computeSecondsBuckets = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

/** Whole trading cycles: 50 ms to 5 min (seed 001 alerts on a p95 above 45 s). */
export const cycleSecondsBuckets = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 45, 60, 120, 300,
] as const;

/** Order lifecycle legs, from sub-millisecond paper fills to resting limit orders: 1 ms to 10 min. */
export const orderSecondsBuckets = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600,
] as const;

/** AI model requests: 100 ms to 2 min. */
export const aiSecondsBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120] as const;

/** Market data age on arrival: 1 ms to 5 min. */
export const freshnessSecondsBuckets = [
  0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
] as const;

/** Scores in [0, 1]: conviction, signal strength. */
export const scoreBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** Signed slippage as a ratio of the expected price (positive is worse): -1 % to +2.5 %. */
export const slippageRatioBuckets = [
  -0.01, -0.0025, -0.001, -0.0005, -0.0001, 0, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
] as const;

/** HTTP payload sizes: 100 B to 10 MB. */
export const sizeBytesBuckets = [100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000] as const;
