/** @module The per-strategy recorder: signals, signal strength, evaluation time and intents bound once. */

import type { SignalDirection } from "../../catalog/label-values.js";
import type { StrategyRecorder } from "../trading-recorder.js";
import type { HandleOf } from "./catalog-family.js";

/** The bound series a {@link BoundStrategyRecorder} records into. */
export interface StrategyHandles {
  /** `signals_total` by direction. */
  readonly buy: HandleOf<"counter">;
  readonly sell: HandleOf<"counter">;
  readonly close: HandleOf<"counter">;
  readonly strength: HandleOf<"histogram">;
  readonly evaluation: HandleOf<"histogram">;
  readonly generation: HandleOf<"histogram">;
  readonly decision: HandleOf<"histogram">;
  readonly intents: HandleOf<"counter">;
}

/** One class for every strategy, so a hot call site sees one method and can inline it. */
export class BoundStrategyRecorder implements StrategyRecorder {
  readonly strategy: string;
  private readonly handles: StrategyHandles;

  constructor(strategy: string, handles: StrategyHandles) {
    this.strategy = strategy;
    this.handles = handles;
  }

  signal(direction: SignalDirection, strength?: number, generationSeconds?: number): void {
    const handles = this.handles;
    if (direction === "buy") handles.buy.inc();
    else if (direction === "sell") handles.sell.inc();
    else handles.close.inc();
    if (strength !== undefined) handles.strength.observe(Math.abs(strength));
    if (generationSeconds !== undefined) handles.generation.observe(generationSeconds);
  }

  decision(seconds: number): void {
    this.handles.decision.observe(seconds);
  }

  evaluation(seconds: number): void {
    this.handles.evaluation.observe(seconds);
  }

  intent(): void {
    this.handles.intents.inc();
  }
}
