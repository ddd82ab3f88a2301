/** @module The per-symbol bar counter: one bars-received series bound once. */

import type { BarRecorder } from "../trading-recorder.js";
import type { HandleOf } from "./catalog-family.js";

/** Counts the bars of one symbol, source and timeframe through a handle bound once. */
export class BoundBarRecorder implements BarRecorder {
  readonly symbol: string;
  private readonly bars: HandleOf<"counter">;

  constructor(symbol: string, bars: HandleOf<"counter">) {
    this.symbol = symbol;
    this.bars = bars;
  }

  bar(): void {
    this.bars.inc();
  }
}
