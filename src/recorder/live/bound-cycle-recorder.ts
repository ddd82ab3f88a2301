/** @module The per-cycle recorder: cycle count by status, duration, stages and proposals bound once. */

import type { CycleStatus } from "../../catalog/label-values.js";
import type { CycleRecorder } from "../trading-recorder.js";
import type { CatalogFamily, HandleOf } from "./catalog-family.js";

/** The bound series a {@link BoundCycleRecorder} records into. */
export interface CycleHandles {
  /** `cycles_total` by status. */
  readonly success: HandleOf<"counter">;
  readonly noTrade: HandleOf<"counter">;
  readonly error: HandleOf<"counter">;
  readonly halted: HandleOf<"counter">;
  readonly duration: HandleOf<"histogram">;
  readonly lastCycle: HandleOf<"gauge">;
  /** Stage durations: market data, signals, risk, execution, portfolio. */
  readonly marketData: HandleOf<"histogram">;
  readonly signals: HandleOf<"histogram">;
  readonly risk: HandleOf<"histogram">;
  readonly execution: HandleOf<"histogram">;
  readonly portfolio: HandleOf<"histogram">;
  readonly proposed: HandleOf<"gauge">;
  readonly approved: HandleOf<"gauge">;
  readonly executed: HandleOf<"gauge">;
  /** `no_trade_cycles_total`, whose handles the family caches by raw reason. */
  readonly noTradeReasons: CatalogFamily<"counter">;
}

/** Records a cycle through handles bound once; only the no-trade reason is looked up (cached). */
export class BoundCycleRecorder implements CycleRecorder {
  private readonly handles: CycleHandles;

  constructor(handles: CycleHandles) {
    this.handles = handles;
  }

  completed(status: CycleStatus, durationSeconds: number, completedAtSeconds: number): void {
    const handles = this.handles;
    switch (status) {
      case "success":
        handles.success.inc();
        break;
      case "no_trade":
        handles.noTrade.inc();
        break;
      case "halted":
        handles.halted.inc();
        break;
      default:
        handles.error.inc();
    }
    handles.duration.observe(durationSeconds);
    handles.lastCycle.set(completedAtSeconds);
  }

  stages(
    marketData: number,
    signals: number,
    risk: number,
    execution: number,
    portfolio: number,
  ): void {
    const handles = this.handles;
    handles.marketData.observe(marketData);
    handles.signals.observe(signals);
    handles.risk.observe(risk);
    handles.execution.observe(execution);
    handles.portfolio.observe(portfolio);
  }

  proposals(proposed: number, approved: number, executed: number): void {
    const handles = this.handles;
    handles.proposed.set(proposed);
    handles.approved.set(approved);
    handles.executed.set(executed);
  }

  noTrade(reason: string): void {
    this.handles.noTradeReasons.handle1(reason).inc();
  }
}
