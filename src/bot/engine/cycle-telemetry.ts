/** @module The engine's telemetry port: per-cycle measurements as plain numbers, declared by the bot. */
import type { CycleStatus, MarketSource, RiskCheck } from "../types.js";

/**
 * What the indices of {@link CycleTelemetry}'s calls refer to, resolved once before the first
 * cycle: a call names a symbol by its position in `symbols`, never by its string.
 */
export interface CycleTelemetryLayout {
  readonly source: MarketSource;
  /** The bar duration as a timeframe, e.g. "1m". */
  readonly barDuration: string;
  readonly symbols: readonly string[];
  readonly strategies: readonly string[];
  readonly checks: readonly RiskCheck[];
}

/**
 * Where the engine and the risk engine report what every cycle measures: stage and cycle
 * durations, ticks and bars per symbol, feed completeness and staleness, strategy evaluation times,
 * signals and rule checks. Every argument is a number (or a constant string from a closed
 * set), every name a position in the {@link CycleTelemetryLayout}: a call allocates nothing and
 * looks nothing up. Domain events (orders, fills, denials, breakers, kill switches, regimes,
 * data-quality incidents) are not here: they go on the bus.
 *
 * The bot declares this port and imports no metrics code; `bot/telemetry/` implements it with
 * the recorder's bound series. The default, {@link noopCycleTelemetry}, does nothing.
 */
export interface CycleTelemetry {
  /** Called when the engine starts, before the first cycle, with what the indices mean. */
  layout(layout: CycleTelemetryLayout): void;
  /** A tick of `symbol` arrived, `ageSeconds` after its exchange time (0 for a replay). */
  tickReceived(symbol: number, ageSeconds: number): void;
  /** A bar of `symbol` was accepted. */
  barReceived(symbol: number): void;
  /** Once a cycle per symbol: the share of the completeness window with a bar, and the seconds since its last bar. */
  feedQuality(symbol: number, completeness: number, stalenessSeconds: number): void;
  /** Once a cycle per strategy: the seconds it spent on the cycle's bars. */
  strategyEvaluated(strategy: number, seconds: number): void;
  /**
   * A buy (`direction` 1) or sell (-1) signal of `strategy`, with its strength (0-1) and the
   * seconds the strategy took to generate it from the bar.
   */
  signal(strategy: number, direction: 1 | -1, strength: number, generationSeconds: number): void;
  /** The risk engine decided on an order intent of `strategy`, `seconds` after its signal. */
  decided(strategy: number, seconds: number): void;
  /** A pre-trade rule (an index into `layout.checks`) was evaluated on an order intent. */
  ruleChecked(check: number, passed: boolean): void;
  /** The seconds each stage of the cycle took. */
  stages(
    marketData: number,
    signals: number,
    risk: number,
    execution: number,
    portfolio: number,
  ): void;
  /** Intents proposed, approved by risk and executed in the cycle. */
  proposals(proposed: number, approved: number, executed: number): void;
  /** The cycle ended: its status, duration, operational time (Unix seconds) and no-trade reason. */
  cycleCompleted(
    status: CycleStatus,
    durationSeconds: number,
    completedAtSeconds: number,
    noTradeReason: string | undefined,
  ): void;
}

function ignore(): void {}

/** The default telemetry: every call does nothing, and V8 inlines it away. */
export const noopCycleTelemetry: CycleTelemetry = Object.freeze({
  layout: ignore,
  tickReceived: ignore,
  barReceived: ignore,
  feedQuality: ignore,
  strategyEvaluated: ignore,
  signal: ignore,
  decided: ignore,
  ruleChecked: ignore,
  stages: ignore,
  proposals: ignore,
  cycleCompleted: ignore,
});
