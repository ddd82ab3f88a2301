/** @module The seeds' names for recorder methods, each one call to the method it names. */

import type { Side } from "../catalog/label-values.js";
import { UNIVERSE_OTHER } from "../catalog/types.js";
import { checkPercent } from "./ratio-argument.js";
import type { CycleStats } from "./types.js";

/**
 * The seed-compatibility aliases of the {@link TradingRecorder}, written once over the methods
 * they alias: a recorder extends it and implements those. An alias has no body of its own,
 * so it records exactly what the method it names records.
 */
export abstract class SeedAliases {
  abstract recordCycle(stats: CycleStats): void;
  abstract recordOrderFilled(symbol: string, side: Side): void;
  abstract recordCircuitBreakerTrip(breaker: string): void;
  abstract recordExposure(atRiskRatio: number, pendingRatio?: number): void;

  /** Seed 001's name for `recordCycle`. */
  updateFromCycleStats(stats: CycleStats): void {
    this.recordCycle(stats);
  }

  /** Seed 000's fill count: `recordOrderFilled` with the arguments swapped, symbol `other` by default. */
  recordFill(side: Side, symbol: string = UNIVERSE_OTHER): void {
    this.recordOrderFilled(symbol, side);
  }

  /** Seed 001's name for `recordCircuitBreakerTrip`. */
  recordCircuitBreaker(type: string): void {
    this.recordCircuitBreakerTrip(type);
  }

  /** The seeds' exposure in percent of account value (0-100): `recordExposure` of the ratios. */
  recordExposurePercent(atRiskPercent: number, pendingPercent = 0): void {
    const method = "recordExposurePercent";
    this.recordExposure(
      checkPercent(atRiskPercent, method, "atRiskPercent") / 100,
      checkPercent(pendingPercent, method, "pendingPercent") / 100,
    );
  }
}
