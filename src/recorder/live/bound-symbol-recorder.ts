/** @module The per-symbol recorder: every series of one symbol bound once, each record a slot update. */

import type { Side } from "../../catalog/label-values.js";
import { checkRatio } from "../ratio-argument.js";
import type { SymbolRecorder } from "../trading-recorder.js";
import type { HandleOf } from "./catalog-family.js";

/** A pair of handles indexed by side: 0 buy, 1 sell. */
type BySide = readonly [HandleOf<"counter">, HandleOf<"counter">];

/** The bound series a {@link BoundSymbolRecorder} records into. */
export interface SymbolHandles {
  readonly ticks: HandleOf<"counter">;
  readonly freshness: HandleOf<"histogram">;
  readonly placed: BySide;
  readonly placedNotional: BySide;
  readonly filled: BySide;
  readonly trades: BySide;
  readonly tradedNotional: BySide;
  readonly positionValue: HandleOf<"gauge">;
  readonly completeness: HandleOf<"gauge">;
  readonly imbalance: HandleOf<"counter">;
}

/**
 * One class for every symbol, so a hot call site sees one method, not one closure per
 * symbol, and the engine can inline it.
 */
export class BoundSymbolRecorder implements SymbolRecorder {
  readonly symbol: string;
  private readonly handles: SymbolHandles;

  constructor(symbol: string, handles: SymbolHandles) {
    this.symbol = symbol;
    this.handles = handles;
  }

  tick(ageSeconds?: number): void {
    this.handles.ticks.inc();
    if (ageSeconds !== undefined) this.handles.freshness.observe(ageSeconds);
  }

  orderPlaced(side: Side, notionalUsd?: number): void {
    const index = side === "sell" ? 1 : 0;
    this.handles.placed[index].inc();
    if (notionalUsd !== undefined && notionalUsd > 0) {
      this.handles.placedNotional[index].inc(notionalUsd);
    }
  }

  orderFilled(side: Side): void {
    this.handles.filled[side === "sell" ? 1 : 0].inc();
  }

  trade(side: Side, quantity: number, fillPrice: number): void {
    const index = side === "sell" ? 1 : 0;
    this.handles.trades[index].inc();
    const value = Math.abs(quantity * fillPrice);
    if (value > 0 && Number.isFinite(value)) this.handles.tradedNotional[index].inc(value);
  }

  positionValue(valueUsd: number): void {
    this.handles.positionValue.set(valueUsd);
  }

  completeness(ratio: number): void {
    this.handles.completeness.set(checkRatio(ratio, "SymbolRecorder.completeness", "ratio"));
  }

  orderFlowImbalanceEvent(): void {
    this.handles.imbalance.inc();
  }
}
