/** @module Fills in the default statistic options (NautilusTrader conventions). */
import type { ResolvedStatisticOptions, StatisticOptions } from "./types.js";

/** Trading days a year: NautilusTrader's default annualisation period. */
export const DEFAULT_PERIODS_PER_YEAR = 252;

/** Returns the options with defaults: 252 periods a year, risk-free rate 0. */
export function resolveOptions(options: StatisticOptions = {}): ResolvedStatisticOptions {
  return {
    periodsPerYear: options.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR,
    riskFreeRate: options.riskFreeRate ?? 0,
  };
}

/**
 * Returns the per-period risk-free rate for an annual rate: `(1 + rf)^(1 / periodsPerYear) - 1`,
 * so that compounding it over a year gives back the annual rate.
 */
export function periodRiskFreeRate(options: ResolvedStatisticOptions): number {
  if (options.riskFreeRate === 0) return 0;
  return (1 + options.riskFreeRate) ** (1 / options.periodsPerYear) - 1;
}
