/** @module The strategy contract: bars in, signals with strength and confidence out. */
import type { Bar, OrderType, SignalDirection } from "../types.js";

/** What a strategy concludes from the latest bar. `strength` and `confidence` are in [0, 1]. */
export interface Signal {
  readonly direction: SignalDirection;
  /** How far the indicators are past their thresholds (sizes the position). */
  readonly strength: number;
  /** How much the indicators agree (filters weak signals). */
  readonly confidence: number;
}

/** A trading strategy. It keeps per-symbol indicator state and never sees the portfolio. */
export interface Strategy {
  /** Name used in topics and labels, e.g. "trend_momentum". */
  readonly name: string;
  /** Order type the strategy enters with. */
  readonly entryOrderType: OrderType;
  /** Feeds one bar; returns a signal once the indicators are warm, else undefined. */
  onBar(bar: Bar): Signal | undefined;
  /** Forgets all indicator state. */
  reset(): void;
}

/** Clamps `value` into [0, 1]. */
export function unit(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}
