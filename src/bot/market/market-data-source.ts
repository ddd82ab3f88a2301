/** @module The market-data contract every source (simulated, CSV replay, ccxt) implements. */
import type { Bar, Lifecycle, MarketSource } from "../types.js";

/** A last-trade price. */
export interface Tick {
  readonly symbol: string;
  readonly timestamp: number;
  readonly price: number;
  /**
   * Signed traded size: positive when a buyer lifted the offer, negative when a seller hit the
   * bid. Absent when the source does not say.
   */
  readonly volume?: number;
}

/**
 * What one cycle receives: the bars that closed at `timestamp` (a symbol whose feed is
 * silent has none) and the ticks that made them, when the source has ticks.
 */
export interface MarketBatch {
  /** Close time of the bars, in milliseconds since the epoch. */
  readonly timestamp: number;
  readonly bars: readonly Bar[];
  readonly ticks: readonly Tick[];
}

/** A source of market data, pulled one batch per cycle. */
export interface MarketDataSource extends Lifecycle {
  readonly source: MarketSource;
  /** Symbols the source serves. */
  readonly symbols: readonly string[];
  /** Bar duration in seconds. */
  readonly barSeconds: number;
  /**
   * Whether bar times are the wall clock's (a live exchange feed). Only then are bar times
   * compared with operational time (freshness, clock drift); a replay's bars carry market
   * time, which drives strategies alone. Default false.
   */
  readonly realTime?: boolean;
  /** Resolves to the next batch, or null when the source is exhausted. */
  next(): Promise<MarketBatch | null>;
}

/** Formats a bar duration the way exchanges name timeframes: 60 → "1m", 3600 → "1h". */
export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
