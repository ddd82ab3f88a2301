/** @module Shared types of the performance statistics: options and the drawdown result. */

/**
 * How period returns are annualised and what they are measured against.
 * Defaults follow NautilusTrader: daily returns, 252 periods a year, a risk-free rate of 0.
 */
export interface StatisticOptions {
  /** Periods in a year: 252 for daily returns on markets that close, 365 for markets that never close, 12 for monthly. */
  readonly periodsPerYear?: number | undefined;
  /** Annual risk-free rate as a fraction (0.04 for 4 %); converted to a per-period rate by de-compounding. */
  readonly riskFreeRate?: number | undefined;
}

/** {@link StatisticOptions} with every default filled in. */
export interface ResolvedStatisticOptions {
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
}

/** The deepest peak-to-trough decline of a return series, and how long it lasted. */
export interface Drawdown {
  /** Decline from the running peak as a fraction in [-1, 0]: -0.25 is a 25 % drawdown; 0 when wealth never fell. */
  readonly depth: number;
  /**
   * Periods from the peak until wealth regained it, or until the last period when it never did.
   * The longest such stretch of the series, which need not be the deepest one.
   */
  readonly duration: number;
  /** Index of the period after which the deepest drawdown's peak was reached (-1: the starting wealth). */
  readonly peakIndex: number;
  /** Index of the period at the deepest trough (-1 when there was no drawdown). */
  readonly troughIndex: number;
  /** Index of the period in which wealth regained the peak, or -1 when it has not (yet). */
  readonly recoveryIndex: number;
}
