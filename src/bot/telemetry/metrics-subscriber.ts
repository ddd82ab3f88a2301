/** @module Turns the bot's bus events into recorder calls: the only place the bot meets metrics. */
import type { CounterKey } from "../../catalog/catalog.js";
import type {
  CycleStage as CatalogStage,
  ValidationErrorType,
} from "../../catalog/label-values.js";
import type { GenericLabels, TradingRecorder } from "../../recorder/index.js";
import type {
  BarReceived,
  BotEvent,
  BotStateChanged,
  CycleCompleted,
  ExchangeEvent,
  OrderEvent,
  OrderFilled,
  PortfolioUpdated,
  PositionClosed,
  RegimeChanged,
  RiskEvent,
  SignalGenerated,
  TickReceived,
} from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { type DataQualityEvent, switchboard } from "../switchboard.js";
import {
  breakerNames,
  type DataErrorType,
  type KillSwitchSource,
  type Lifecycle,
  type Plane,
} from "../types.js";

/** Metrics subscriber settings. */
export interface MetricsSubscriberConfig {
  /** Record only this plane's events (seed 003's one registry per plane); default every event. */
  readonly plane: Plane | undefined;
  /**
   * Frequent records (bars, ticks, signals, rule checks, API calls, cycles, portfolio and
   * data-quality gauges) are aggregated and written to the recorder at most this often, at
   * the end of a cycle. 0 writes at the end of every cycle. Default 100 ms.
   */
  readonly flushIntervalMs: number;
}

/** Default metrics subscriber settings. */
export const defaultMetricsSubscriberConfig: MetricsSubscriberConfig = Object.freeze({
  plane: undefined,
  flushIntervalMs: 100,
});

const validationTypes: Readonly<Record<DataErrorType, ValidationErrorType | undefined>> =
  Object.freeze({
    non_positive_price: "out_of_range",
    high_below_low: "out_of_range",
    out_of_order: "out_of_order",
    gap: "gap",
    clock_drift: undefined,
  });

/** The catalog's names of the bot's cycle stages, in the bot's order (data, signals, risk, execution, portfolio). */
const stageNames: readonly CatalogStage[] = Object.freeze([
  "market_data",
  "signals",
  "risk",
  "execution",
  "portfolio",
]);

const killSwitchTypes = Object.freeze({
  config: "manual",
  file: "manual",
  http: "manual",
  daily_stop_loss: "pnl",
  weekly_stop_loss: "pnl",
  max_drawdown: "drawdown",
} as const satisfies Record<KillSwitchSource, "manual" | "pnl" | "drawdown">);

const timeframes: ReadonlySet<string> = new Set(["1s", "1m", "5m", "15m", "1h", "4h", "1d"]);

interface PendingCount {
  readonly key: CounterKey;
  readonly labels: GenericLabels;
  count: number;
}

/** Counts of one counter, one pending count per series, found with one lookup by id. */
class SeriesCounts {
  readonly #key: CounterKey;
  readonly #series = new Map<string, PendingCount>();

  constructor(key: CounterKey) {
    this.#key = key;
  }

  /** Adds one to the series `id` and returns true, or returns false when the series is new. */
  add(id: string): boolean {
    const pending = this.#series.get(id);
    if (pending === undefined) return false;
    pending.count++;
    return true;
  }

  /** Starts the series `id` with its labels and a count of one. */
  create(id: string, labels: GenericLabels): void {
    this.#series.set(id, { key: this.#key, labels, count: 1 });
  }

  flush(recorder: TradingRecorder): void {
    for (const pending of this.#series.values()) {
      if (pending.count > 0) {
        recorder.inc(pending.key, pending.count, pending.labels);
        pending.count = 0;
      }
    }
  }

  clear(): void {
    this.#series.clear();
  }
}

/** Writes one buffered value of series `id` through the recorder's typed API. */
type ValueWriter = (recorder: TradingRecorder, id: string, value: number) => void;

/**
 * Values awaiting a flush, one list per series, found with one lookup by id; the flush
 * writes each through a typed recorder method (their bound handles are cached, unlike the
 * generic `observe(key, value, labels)`).
 */
class SeriesValues {
  readonly #write: ValueWriter;
  readonly #series = new Map<string, number[]>();

  constructor(write: ValueWriter) {
    this.#write = write;
  }

  add(id: string, value: number): void {
    const values = this.#series.get(id);
    if (values !== undefined) values.push(value);
    else this.#series.set(id, [value]);
  }

  flush(recorder: TradingRecorder): void {
    const write = this.#write;
    for (const [id, values] of this.#series) {
      for (let index = 0; index < values.length; index++) write(recorder, id, values[index]!);
      values.length = 0;
    }
  }

  clear(): void {
    this.#series.clear();
  }
}

/**
 * Subscribes to the bus and records every event through a {@link TradingRecorder}: cycles
 * and stage durations, the order lifecycle and its latencies, fills, slippage and fees,
 * risk denials and rule checks, breakers and kill switches, exchange API calls and errors,
 * rate-limit usage, data quality, signals, regimes and the portfolio. Trading components
 * never import metrics code; this subscriber is the bridge.
 *
 * Like a batching span processor, it aggregates the frequent records (counts per label set,
 * observations per series, the latest value of each gauge) and writes them at the end of a
 * cycle once `flushIntervalMs` has passed, so that a backtest replaying thousands of cycles
 * a second pays for a few recorder calls per flush instead of dozens per cycle. Counts and
 * observations stay exact; gauges show the state at the last flush. Rare events (orders,
 * fills, breakers, kill switches, errors) are written at once. `flush()` writes on demand.
 *
 * @example
 * const recorder = createRecorder({ symbols: bot.market.symbols });
 * const metrics = new MetricsSubscriber(bot.bus, recorder);
 * metrics.start();
 */
export class MetricsSubscriber implements Lifecycle {
  readonly config: MetricsSubscriberConfig;
  readonly recorder: TradingRecorder;
  readonly #bus: MessageBus;
  #unsubscribers: (() => void)[] = [];
  readonly #activeKillSources = new Set<KillSwitchSource>();
  readonly #ticks = new SeriesCounts("ticks_received");
  readonly #bars = new SeriesCounts("bars_received");
  readonly #checksPassed = new SeriesCounts("constitution_checks");
  readonly #checksFailed = new SeriesCounts("constitution_checks");
  readonly #violations = new SeriesCounts("constitution_violations");
  readonly #cycles = new SeriesCounts("cycles");
  readonly #intents = new SeriesCounts("order_intents");
  readonly #buysPlaced = new SeriesCounts("orders_placed");
  readonly #sellsPlaced = new SeriesCounts("orders_placed");
  #buyNotional = 0;
  #sellNotional = 0;
  readonly #intentToSubmit: number[] = [];
  readonly #submitToAck: number[] = [];
  readonly #denials = new SeriesCounts("risk_rejections");
  readonly #noTrade = new SeriesCounts("no_trade_cycles");
  readonly #freshness = new SeriesValues((recorder, source, seconds) =>
    recorder.observe("data_freshness", seconds, { source }),
  );
  readonly #buySignals = new SeriesValues((recorder, strategy, strength) =>
    recorder.recordSignal(strategy, "buy", strength),
  );
  readonly #sellSignals = new SeriesValues((recorder, strategy, strength) =>
    recorder.recordSignal(strategy, "sell", strength),
  );
  readonly #apiCalls = new SeriesValues((recorder, endpoint, seconds) =>
    recorder.recordApiRequest(endpoint, seconds),
  );
  readonly #evaluation = new SeriesValues((recorder, strategy, seconds) =>
    recorder.recordStrategyEvaluation(strategy, seconds),
  );
  readonly #completeness = new Map<string, number>();
  readonly #staleness = new Map<string, number>();
  #portfolio: PortfolioUpdated | undefined;
  #lastCycle: CycleCompleted | undefined;
  #rateLimitUtilization: number | undefined;
  #apiHealthy = false;
  #cycleSubmitted = 0;
  #cycleFilled = 0;
  #lastFlush = 0;
  readonly #cycleDurations: number[] = [];
  /** Stage durations awaiting a flush, in the order of {@link stageNames}. */
  readonly #stageSeconds: number[][] = [[], [], [], [], []];

  constructor(
    bus: MessageBus,
    recorder: TradingRecorder,
    config: Partial<MetricsSubscriberConfig> = {},
  ) {
    this.config = Object.freeze({ ...defaultMetricsSubscriberConfig, ...config });
    this.#bus = bus;
    this.recorder = recorder;
  }

  start(): void {
    if (this.#unsubscribers.length > 0) return;
    this.#initialise();
    this.#lastFlush = performance.now();
    // One handler per topic family: the bus resolves topics once, so each handler sees one
    // or a few event shapes and the hot ones (bars, signals, cycles) skip the big switch.
    const bus = this.#bus;
    const plane = this.config.plane;
    const subscriptions = this.#unsubscribers;
    if (plane === undefined || plane === "data") {
      subscriptions.push(
        bus.subscribe(switchboard.allBars, (event) => this.#countBar(event)),
        bus.subscribe(switchboard.allTicks, (event) => this.#onData(event)),
        bus.subscribe(switchboard.allDataQuality, (event) => this.#onData(event)),
      );
    }
    if (plane === undefined || plane === "strategy") {
      subscriptions.push(
        bus.subscribe(switchboard.allSignals, (event) => this.#countSignal(event)),
        bus.subscribe(switchboard.portfolio, (event) => {
          this.#portfolio = event;
        }),
        bus.subscribe(switchboard.regime, (event) => this.#onStrategy(event)),
        bus.subscribe(switchboard.positions, (event) => this.#onStrategy(event)),
        bus.subscribe(switchboard.cycle, (event) => this.#onCycle(event)),
        bus.subscribe(switchboard.state, (event) => this.#onStrategy(event)),
      );
    }
    if (plane === undefined || plane === "order") {
      subscriptions.push(
        bus.subscribe(switchboard.allOrders, (event) => this.#onOrder(event)),
        bus.subscribe(switchboard.risk, (event) => this.#onRisk(event)),
        bus.subscribe(switchboard.exchange, (event) => this.#onExchange(event)),
      );
    }
    if (plane === "data" || plane === "order") {
      // Cycle events belong to the strategy plane; other planes only flush on them.
      subscriptions.push(bus.subscribe(switchboard.cycle, () => this.#flushIfDue()));
    }
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
    this.flush();
  }

  reset(): void {
    this.#activeKillSources.clear();
    for (const counts of this.#allCounts()) counts.clear();
    this.#buyNotional = 0;
    this.#sellNotional = 0;
    this.#intentToSubmit.length = 0;
    this.#submitToAck.length = 0;
    for (const observations of this.#allObservations()) observations.clear();
    this.#completeness.clear();
    this.#staleness.clear();
    this.#portfolio = undefined;
    this.#lastCycle = undefined;
    this.#rateLimitUtilization = undefined;
    this.#apiHealthy = false;
    this.#cycleSubmitted = 0;
    this.#cycleFilled = 0;
    this.#cycleDurations.length = 0;
    for (const values of this.#stageSeconds) values.length = 0;
  }

  dispose(): void {
    this.stop();
  }

  /** Records one event (the bus handlers call the per-family methods; a replay may call this). */
  record(event: BotEvent): void {
    switch (event.type) {
      case "BarReceived":
        this.#countBar(event);
        break;
      case "SignalGenerated":
        this.#countSignal(event);
        break;
      case "PortfolioUpdated":
        this.#portfolio = event;
        break;
      case "CycleCompleted":
        this.#onCycle(event);
        break;
      case "TickReceived":
      case "DataValidationFailed":
      case "DataStale":
      case "DataRecovered":
      case "DataCompleteness":
        this.#onData(event);
        break;
      case "RegimeChanged":
      case "PositionClosed":
      case "BotStateChanged":
        this.#onStrategy(event);
        break;
      case "RiskChecksEvaluated":
      case "BreakerTripped":
      case "BreakerReset":
      case "KillSwitchChanged":
        this.#onRisk(event);
        break;
      case "ApiCallSucceeded":
      case "ApiCallFailed":
      case "RateLimitUsage":
      case "ExchangeConnectionChanged":
        this.#onExchange(event);
        break;
      default:
        this.#onOrder(event);
    }
  }

  #onData(event: DataQualityEvent | TickReceived): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "DataCompleteness":
        this.#completeness.set(event.symbol, event.score);
        this.#staleness.set(event.symbol, event.stalenessSeconds);
        break;
      case "DataValidationFailed": {
        const type = validationTypes[event.errorType];
        if (type === undefined) recorder.recordClockDriftRejection(event.source);
        else recorder.recordValidationError(event.source, type);
        break;
      }
      case "DataStale":
        recorder.recordError("data", "warning");
        break;
      case "DataRecovered":
        break;
      case "TickReceived":
        if (!this.#ticks.add(`${event.source} ${event.symbol}`))
          this.#ticks.create(`${event.source} ${event.symbol}`, {
            source: event.source,
            symbol: event.symbol,
          });
        this.#freshness.add(event.source, event.ageSeconds);
        break;
    }
  }

  #onOrder(event: OrderEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "OrderIntentCreated":
        if (!this.#intents.add(event.strategy)) {
          this.#intents.create(event.strategy, { strategy: event.strategy });
        }
        break;
      case "OrderDenied":
        if (!this.#denials.add(event.check)) {
          this.#denials.create(event.check, { reason: event.check.replaceAll("_", " ") });
        }
        break;
      case "OrderSubmitted": {
        this.#cycleSubmitted++;
        const placed = event.side === "buy" ? this.#buysPlaced : this.#sellsPlaced;
        if (!placed.add(event.symbol))
          placed.create(event.symbol, { side: event.side, symbol: event.symbol });
        if (event.side === "buy") this.#buyNotional += event.notional;
        else this.#sellNotional += event.notional;
        this.#intentToSubmit.push(event.intentToSubmitSeconds);
        break;
      }
      case "OrderAcknowledged":
        this.#submitToAck.push(event.submitToAckSeconds);
        break;
      case "OrderFilled":
        this.#recordFill(event);
        break;
      case "OrderResized":
        recorder.recordPovDownscale();
        break;
      case "OrderCancelled":
        recorder.recordOrderCanceled(event.symbol);
        break;
      case "OrderRejected":
        recorder.recordOrderRejection(exchangeFailure(event.errorClass, event.reason, undefined));
        break;
    }
  }

  #onRisk(event: RiskEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "RiskChecksEvaluated": {
        const passed = event.passed;
        for (let index = 0; index < passed.length; index++) {
          const check = passed[index]!;
          if (!this.#checksPassed.add(check))
            this.#checksPassed.create(check, { rule: check, result: "pass" });
        }
        const failed = event.failed;
        if (failed !== undefined) {
          if (!this.#checksFailed.add(failed))
            this.#checksFailed.create(failed, { rule: failed, result: "fail" });
          if (!this.#violations.add(failed)) this.#violations.create(failed, { rule: failed });
        }
        break;
      }
      case "BreakerTripped":
        recorder.recordCircuitBreakerTrip(event.breaker);
        break;
      case "BreakerReset":
        recorder.recordCircuitBreakerState(event.breaker, false);
        break;
      case "KillSwitchChanged": {
        if (event.active) this.#activeKillSources.add(event.source);
        else this.#activeKillSources.delete(event.source);
        const type = killSwitchTypes[event.source];
        let active = false;
        for (const source of this.#activeKillSources)
          if (killSwitchTypes[source] === type) active = true;
        recorder.setKillSwitch(type, active);
        break;
      }
    }
  }

  #onExchange(event: ExchangeEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "ApiCallSucceeded":
        this.#apiHealthy = true;
        this.#apiCalls.add(event.endpoint, event.latencySeconds);
        break;
      case "RateLimitUsage":
        this.#rateLimitUtilization = event.utilization;
        break;
      case "ApiCallFailed":
        this.#apiHealthy = false;
        recorder.recordApiRequest(event.endpoint, event.latencySeconds);
        recorder.recordApiError(
          exchangeFailure(event.errorClass, event.message, event.httpStatus),
          event.consecutiveErrors,
          event.endpoint,
        );
        break;
      case "ExchangeConnectionChanged":
        if (!event.connected) recorder.recordError("execution", "error");
        break;
    }
  }

  #onStrategy(event: RegimeChanged | PositionClosed | BotStateChanged): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "RegimeChanged":
        if (event.symbol === undefined) recorder.setRegime(event.to);
        break;
      case "PositionClosed":
        recorder.recordPositionClosed(event.realizedPnl);
        break;
      case "BotStateChanged":
        break;
    }
  }

  /** Writes everything aggregated since the last flush to the recorder. */
  flush(): void {
    const recorder = this.recorder;
    this.#lastFlush = performance.now();
    for (const counts of this.#allCounts()) counts.flush(recorder);
    if (this.#buyNotional > 0)
      recorder.inc("orders_placed_notional", this.#buyNotional, { side: "buy" });
    if (this.#sellNotional > 0)
      recorder.inc("orders_placed_notional", this.#sellNotional, { side: "sell" });
    this.#buyNotional = 0;
    this.#sellNotional = 0;
    for (const seconds of this.#intentToSubmit) recorder.observe("order_intent_to_submit", seconds);
    this.#intentToSubmit.length = 0;
    for (const seconds of this.#submitToAck) recorder.observe("order_submit_to_ack", seconds);
    this.#submitToAck.length = 0;
    for (const observations of this.#allObservations()) observations.flush(recorder);
    const cycleDurations = this.#cycleDurations;
    for (let index = 0; index < cycleDurations.length; index++) {
      recorder.observe("cycle_duration", cycleDurations[index]!);
    }
    cycleDurations.length = 0;
    for (let stage = 0; stage < stageNames.length; stage++) {
      const values = this.#stageSeconds[stage]!;
      const name = stageNames[stage]!;
      for (let index = 0; index < values.length; index++)
        recorder.recordStageDuration(name, values[index]!);
      values.length = 0;
    }
    for (const [symbol, score] of this.#completeness)
      recorder.recordDataCompleteness(symbol, score);
    this.#completeness.clear();
    if (this.#staleness.size > 0) {
      let worst = 0;
      for (const seconds of this.#staleness.values()) if (seconds > worst) worst = seconds;
      recorder.recordDataStaleness("ohlcv", worst);
      this.#staleness.clear();
    }
    if (this.#rateLimitUtilization !== undefined) {
      recorder.recordRateLimitUtilization(this.#rateLimitUtilization);
      this.#rateLimitUtilization = undefined;
    }
    if (this.#apiHealthy) {
      recorder.resetConsecutiveApiErrors();
      this.#apiHealthy = false;
    }
    const cycle = this.#lastCycle;
    if (cycle !== undefined) {
      recorder.set("cycle_proposals", cycle.proposals, { status: "proposed" });
      recorder.set("cycle_proposals", cycle.approved, { status: "approved" });
      recorder.set("cycle_proposals", cycle.executed, { status: "executed" });
      recorder.set("last_cycle_timestamp", cycle.timestamp / 1000);
      this.#lastCycle = undefined;
    }
    const portfolio = this.#portfolio;
    if (portfolio !== undefined) {
      this.#recordPortfolio(portfolio);
      this.#portfolio = undefined;
    }
  }

  #onCycle(event: CycleCompleted): void {
    if (!this.#cycles.add(event.status))
      this.#cycles.create(event.status, { status: event.status });
    this.#cycleDurations.push(event.durationSeconds);
    const stages = event.stageDurations;
    const seconds = this.#stageSeconds;
    seconds[0]!.push(stages.data);
    seconds[1]!.push(stages.signals);
    seconds[2]!.push(stages.risk);
    seconds[3]!.push(stages.execution);
    seconds[4]!.push(stages.portfolio);
    const durations = event.strategyDurations;
    for (let index = 0; index < durations.length; index++) {
      this.#evaluation.add(event.strategies[index]!, durations[index]!);
    }
    const reason = event.noTradeReason;
    if (reason !== undefined && !this.#noTrade.add(reason))
      this.#noTrade.create(reason, { reason });
    this.#lastCycle = event;
    if (this.#cycleSubmitted > 0)
      this.recorder.recordFillRatio(this.#cycleFilled, this.#cycleSubmitted);
    this.#cycleSubmitted = 0;
    this.#cycleFilled = 0;
    this.#flushIfDue();
  }

  #flushIfDue(): void {
    if (performance.now() - this.#lastFlush >= this.config.flushIntervalMs) this.flush();
  }

  #recordPortfolio(event: PortfolioUpdated): void {
    const recorder = this.recorder;
    recorder.recordExposure(event.exposureAtRiskPct / 100, event.exposurePendingPct / 100);
    recorder.recordOpenPositions(event.openPositions);
    recorder.recordPendingOrders(event.pendingOrders);
    for (const position of event.positions)
      recorder.recordPositionValue(position.symbol, position.value);
    recorder.updatePortfolioMetrics({
      totalValueUsd: event.nav,
      cashUsd: event.cash,
      dailyPnlUsd: event.dailyPnl,
      dailyReturnRatio: event.dailyPnlPct / 100,
      totalReturnRatio: event.totalReturnPct / 100,
      drawdownRatio: event.drawdownPct / 100,
      maxDrawdownRatio: event.maxDrawdownPct / 100,
    });
    recorder.recordStrategyExposure("portfolio", event.grossExposure, event.netExposure);
    recorder.recordStrategyPnl("portfolio", event.realizedPnl, event.unrealizedPnl);
  }

  #countBar(event: BarReceived): void {
    if (!this.#bars.add(event.bar.symbol))
      this.#bars.create(event.bar.symbol, {
        symbol: event.bar.symbol,
        source: event.source,
        timeframe: timeframes.has(event.duration) ? event.duration : "1m",
      });
  }

  #countSignal(event: SignalGenerated): void {
    if (event.direction === "flat") return;
    const strategy = event.strategy;
    (event.direction === "buy" ? this.#buySignals : this.#sellSignals).add(
      strategy,
      Math.abs(event.strength),
    );
  }

  #allCounts(): readonly SeriesCounts[] {
    return [
      this.#ticks,
      this.#bars,
      this.#checksPassed,
      this.#checksFailed,
      this.#violations,
      this.#cycles,
      this.#noTrade,
      this.#intents,
      this.#denials,
      this.#buysPlaced,
      this.#sellsPlaced,
    ];
  }

  #allObservations(): readonly SeriesValues[] {
    return [this.#freshness, this.#buySignals, this.#sellSignals, this.#apiCalls, this.#evaluation];
  }

  #recordFill(event: OrderFilled): void {
    const recorder = this.recorder;
    const direction = event.side === "buy" ? 1 : -1;
    const expected = event.price / (1 + (direction * event.slippageBps) / 10_000);
    recorder.trackTrade(event.symbol, event.side, event.quantity, event.price);
    recorder.recordSlippage(event.side, expected, event.price);
    recorder.recordCommission(event.fee);
    if (!event.partial) {
      this.#cycleFilled++;
      recorder.recordOrderFilled(event.symbol, event.side);
      recorder.recordOrderTimestamps({
        intentAtMs: 0,
        acknowledgedAtMs: (event.totalFillSeconds - event.ackToFillSeconds) * 1000,
        filledAtMs: event.totalFillSeconds * 1000,
      });
    }
  }

  #initialise(): void {
    const recorder = this.recorder;
    const plane = this.config.plane;
    if (plane === undefined || plane === "order") {
      for (const breaker of breakerNames) recorder.recordCircuitBreakerState(breaker, false);
      recorder.resetConsecutiveApiErrors();
      recorder.recordRateLimitUtilization(0);
    }
    if (plane === undefined || plane === "strategy") {
      recorder.setKillSwitch("manual", false);
      recorder.setKillSwitch("pnl", false);
      recorder.setKillSwitch("drawdown", false);
      recorder.setRegime("normal");
    }
  }
}

/** Rebuilds an error-like value from an event so the recorder's normaliser sees class, status and message. */
function exchangeFailure(
  errorClass: string,
  message: string,
  httpStatus: number | undefined,
): Error {
  const error = new Error(message) as Error & { status?: number; httpStatus?: number };
  error.name = errorClass;
  if (httpStatus !== undefined) {
    error.status = httpStatus;
    error.httpStatus = httpStatus;
  }
  return error;
}
