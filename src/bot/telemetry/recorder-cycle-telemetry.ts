/** @module The engine's telemetry port implemented with the recorder's pre-bound series. */
import type { Timeframe } from "../../catalog/label-values.js";
import type {
  BarRecorder,
  CycleRecorder,
  RuleRecorder,
  StrategyRecorder,
  TradingRecorder,
} from "../../recorder/index.js";
import type { CycleTelemetry, CycleTelemetryLayout } from "../engine/cycle-telemetry.js";
import type { CycleStatus, Plane } from "../types.js";
import { FlushSchedule } from "./flush-schedule.js";

/** Settings of {@link RecorderCycleTelemetry}. */
export interface RecorderCycleTelemetryConfig {
  /** Record only this plane's measurements (seed 003's one registry per plane); default all. */
  readonly plane: Plane | undefined;
  /**
   * Feed completeness and staleness, which move every cycle, are written at most this often,
   * at the end of a cycle (0: every cycle). Default 100 ms.
   */
  readonly flushIntervalMs: number;
}

const timeframes: ReadonlySet<string> = new Set(["1s", "1m", "5m", "15m", "1h", "4h", "1d"]);

/**
 * Records the engine's per-cycle measurements through series bound once, at
 * {@link CycleTelemetry.layout}: a bar is an array index and a counter increment, a cycle a
 * handful of histogram observations. Planes: data (ticks, bars, feed completeness and staleness),
 * strategy (cycles, stages, proposals, strategy evaluations, signals), order (rule checks).
 *
 * @example
 * const telemetry = new RecorderCycleTelemetry(recorder);
 * bot.addTelemetry(telemetry);
 */
export class RecorderCycleTelemetry implements CycleTelemetry {
  readonly config: RecorderCycleTelemetryConfig;
  readonly recorder: TradingRecorder;
  readonly #data: boolean;
  readonly #strategy: boolean;
  readonly #order: boolean;
  #layout: CycleTelemetryLayout | undefined;
  #symbols: readonly string[] = [];
  #bars: BarRecorder[] = [];
  #source = "";
  #strategies: StrategyRecorder[] = [];
  #rules: RuleRecorder[] = [];
  #cycle: CycleRecorder | undefined;
  /** Latest completeness and staleness per symbol, and which changed since the last flush. */
  #completeness = new Float64Array(0);
  #staleness = new Float64Array(0);
  #changed = new Uint8Array(0);
  readonly #schedule: FlushSchedule;

  constructor(recorder: TradingRecorder, config: Partial<RecorderCycleTelemetryConfig> = {}) {
    this.config = Object.freeze({
      plane: config.plane,
      flushIntervalMs: config.flushIntervalMs ?? 100,
    });
    this.#schedule = new FlushSchedule(this.config.flushIntervalMs);
    this.recorder = recorder;
    const plane = this.config.plane;
    this.#data = plane === undefined || plane === "data";
    this.#strategy = plane === undefined || plane === "strategy";
    this.#order = plane === undefined || plane === "order";
  }

  layout(layout: CycleTelemetryLayout): void {
    // The engine gives the same layout again when another port joins (fan-out): keep the bindings.
    if (layout === this.#layout) return;
    this.#layout = layout;
    const recorder = this.recorder;
    const timeframe = (timeframes.has(layout.barDuration) ? layout.barDuration : "1m") as Timeframe;
    this.#symbols = layout.symbols;
    this.#bars = this.#data
      ? layout.symbols.map((symbol) => recorder.bindBars(symbol, layout.source, timeframe))
      : [];
    // Ticks through the recorder's cached lookup: bindSymbol would also create the symbol's
    // order series, which a data-plane registry must not hold.
    this.#source = layout.source;
    this.#strategies = this.#strategy
      ? layout.strategies.map((strategy) => recorder.bindStrategy(strategy))
      : [];
    this.#rules = this.#order ? layout.checks.map((check) => recorder.bindRule(check)) : [];
    // Bound here, so that other planes' registries hold no cycle series.
    this.#cycle = this.#strategy ? recorder.bindCycle() : undefined;
    const count = layout.symbols.length;
    this.#completeness = new Float64Array(count).fill(Number.NaN);
    this.#staleness = new Float64Array(count).fill(Number.NaN);
    this.#changed = new Uint8Array(count);
  }

  tickReceived(symbol: number, ageSeconds: number): void {
    const name = this.#symbols[symbol];
    if (this.#data && name !== undefined) this.recorder.recordTick(this.#source, name, ageSeconds);
  }

  barReceived(symbol: number): void {
    if (this.#data) this.#bars[symbol]?.bar();
  }

  feedQuality(symbol: number, completeness: number, stalenessSeconds: number): void {
    if (!this.#data) return;
    if (
      completeness !== this.#completeness[symbol] ||
      stalenessSeconds !== this.#staleness[symbol]
    ) {
      this.#completeness[symbol] = completeness;
      this.#staleness[symbol] = stalenessSeconds;
      this.#changed[symbol] = 1;
    }
  }

  strategyEvaluated(strategy: number, seconds: number): void {
    if (this.#strategy) this.#strategies[strategy]?.evaluation(seconds);
  }

  signal(strategy: number, direction: 1 | -1, strength: number, generationSeconds: number): void {
    if (this.#strategy)
      this.#strategies[strategy]?.signal(
        direction === 1 ? "buy" : "sell",
        strength,
        generationSeconds,
      );
  }

  decided(strategy: number, seconds: number): void {
    if (this.#strategy) this.#strategies[strategy]?.decision(seconds);
  }

  ruleChecked(check: number, passed: boolean): void {
    if (this.#order) this.#rules[check]?.check(passed);
  }

  stages(
    marketData: number,
    signals: number,
    risk: number,
    execution: number,
    portfolio: number,
  ): void {
    this.#cycle?.stages(marketData, signals, risk, execution, portfolio);
  }

  proposals(proposed: number, approved: number, executed: number): void {
    this.#cycle?.proposals(proposed, approved, executed);
  }

  cycleCompleted(
    status: CycleStatus,
    durationSeconds: number,
    completedAtSeconds: number,
    noTradeReason: string | undefined,
  ): void {
    const cycle = this.#cycle;
    if (cycle !== undefined) {
      cycle.completed(status, durationSeconds, completedAtSeconds);
      if (noTradeReason !== undefined) cycle.noTrade(noTradeReason);
    }
    if (this.#schedule.due()) this.#write();
  }

  /** Writes the feed completeness and the worst staleness that changed since the last flush. */
  flush(): void {
    this.#schedule.flushed();
    this.#write();
  }

  #write(): void {
    const changed = this.#changed;
    let worst = -1;
    for (let symbol = 0; symbol < changed.length; symbol++) {
      if (changed[symbol] === 0) continue;
      changed[symbol] = 0;
      this.recorder.recordDataCompleteness(this.#symbols[symbol]!, this.#completeness[symbol]!);
      if (this.#staleness[symbol]! > worst) worst = this.#staleness[symbol]!;
    }
    if (worst >= 0) this.recorder.recordDataStaleness("ohlcv", worst);
  }
}
