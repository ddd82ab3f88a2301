/** @module The recorder's strategy part: signals, exposure and PnL by strategy, regime and timings. */

import type { Regime, SignalDirection } from "../../../catalog/label-values.js";
import { regimes } from "../../../catalog/label-values.js";
import type { StrategyRecorder, TradingRecorder } from "../../trading-recorder.js";
import { BoundStrategyRecorder } from "../bound-strategy-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";

/** Records the strategy domain; it remembers the current regime, to count each transition once. */
export class StrategyPart
  implements
    Pick<
      TradingRecorder,
      | "recordSignal"
      | "recordStrategyExposure"
      | "recordStrategyPnl"
      | "setRegime"
      | "recordStrategyEvaluation"
      | "recordSignalGeneration"
      | "recordDecisionDuration"
      | "bindStrategy"
    >
{
  private readonly families: CatalogFamilies;
  private readonly signals;
  private readonly signalStrength;
  private readonly evaluationDuration;
  private currentRegime: Regime | undefined;

  constructor(families: CatalogFamilies) {
    this.families = families;
    this.signals = families.get("signals");
    this.signalStrength = families.get("signal_strength");
    this.evaluationDuration = families.get("strategy_evaluation_duration");
  }

  recordSignal(strategy: string, direction: SignalDirection, strength?: number): void {
    this.signals.handle2(strategy, direction).inc();
    if (strength !== undefined) {
      this.signalStrength.handle1(strategy).observe(Math.abs(strength));
    }
  }

  recordStrategyExposure(strategy: string, grossUsd: number, netUsd: number): void {
    this.families.get("gross_exposure").handle1(strategy).set(grossUsd);
    this.families.get("net_exposure").handle1(strategy).set(netUsd);
  }

  recordStrategyPnl(strategy: string, realizedUsd: number, unrealizedUsd: number): void {
    const pnl = this.families.get("strategy_pnl");
    pnl.handle2(strategy, "realized").set(realizedUsd);
    pnl.handle2(strategy, "unrealized").set(unrealizedUsd);
  }

  setRegime(regime: Regime): void {
    const state = this.families.get("regime");
    const previous = this.currentRegime;
    if (previous === regime) return;
    if (previous === undefined) {
      for (const other of regimes) state.handle1(other).set(0);
    } else {
      state.handle1(previous).set(0);
      this.families.get("regime_transitions").handle2(previous, regime).inc();
    }
    state.handle1(regime).set(1);
    this.currentRegime = regime;
  }

  recordStrategyEvaluation(strategy: string, seconds: number): void {
    this.evaluationDuration.handle1(strategy).observe(seconds);
  }

  recordSignalGeneration(strategy: string, seconds: number): void {
    this.families.get("signal_generation_duration").handle1(strategy).observe(seconds);
  }

  recordDecisionDuration(strategy: string, seconds: number): void {
    this.families.get("decision_duration").handle1(strategy).observe(seconds);
  }

  bindStrategy(strategy: string): StrategyRecorder {
    return new BoundStrategyRecorder(strategy, {
      buy: this.signals.handle2(strategy, "buy"),
      sell: this.signals.handle2(strategy, "sell"),
      close: this.signals.handle2(strategy, "close"),
      strength: this.signalStrength.handle1(strategy),
      evaluation: this.evaluationDuration.handle1(strategy),
      generation: this.families.get("signal_generation_duration").handle1(strategy),
      decision: this.families.get("decision_duration").handle1(strategy),
      intents: this.families.get("order_intents").handle1(strategy),
    });
  }
}
