/** @module Turns the bot's bus events into recorder calls: the only place the bot meets metrics. */
import type { CounterKey, HistogramKey } from "../../catalog/catalog.js";
import type { ValidationErrorType } from "../../catalog/label-values.js";
import { TradewatchError } from "../../errors.js";
import type { GenericLabels, TradingRecorder } from "../../recorder/index.js";
import type { BotEvent, CycleCompleted, OrderFilled, PortfolioUpdated } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
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
   * the end of a cycle. 0 writes every event at once. Default 100 ms.
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

interface PendingObservations {
  readonly key: HistogramKey;
  readonly labels: GenericLabels | undefined;
  values: number[];
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
  readonly #counts = new Map<CounterKey, Map<string, Map<string, PendingCount>>>();
  readonly #observations = new Map<HistogramKey, Map<string, PendingObservations>>();
  readonly #completeness = new Map<string, number>();
  readonly #staleness = new Map<string, number>();
  #portfolio: PortfolioUpdated | undefined;
  #lastCycle: CycleCompleted | undefined;
  #rateLimitUtilization: number | undefined;
  #apiHealthy = false;
  #cycleSubmitted = 0;
  #cycleFilled = 0;
  #lastFlush = 0;

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
    const handler = (event: BotEvent): void => this.record(event);
    const plane = this.config.plane;
    if (plane === undefined) {
      this.#unsubscribers.push(this.#bus.subscribe(switchboard.all, handler));
    } else {
      this.#unsubscribers.push(this.#bus.subscribe(switchboard.plane(plane), handler));
      if (plane === "strategy") {
        this.#unsubscribers.push(this.#bus.subscribe(switchboard.cycle, handler));
        this.#unsubscribers.push(this.#bus.subscribe(switchboard.state, handler));
      }
    }
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
    this.flush();
  }

  reset(): void {
    this.#activeKillSources.clear();
    this.#counts.clear();
    this.#observations.clear();
    this.#completeness.clear();
    this.#staleness.clear();
    this.#portfolio = undefined;
    this.#lastCycle = undefined;
    this.#rateLimitUtilization = undefined;
    this.#apiHealthy = false;
    this.#cycleSubmitted = 0;
    this.#cycleFilled = 0;
  }

  dispose(): void {
    this.stop();
  }

  /** Records one event (the bus handler; public so that a replay can feed it directly). */
  record(event: BotEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "TickReceived":
        this.#count("ticks_received", event.symbol, event.source);
        this.#observe("data_freshness", event.source, event.ageSeconds);
        break;
      case "BarReceived":
        this.#count("bars_received", event.bar.symbol, event.source, event.duration);
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
      case "DataCompleteness":
        this.#completeness.set(event.symbol, event.score);
        this.#staleness.set(event.symbol, event.stalenessSeconds);
        break;
      case "SignalGenerated":
        if (event.direction !== "flat") {
          this.#count("signals", event.strategy, event.direction);
          this.#observe("signal_strength", event.strategy, Math.abs(event.strength));
        }
        break;
      case "RegimeChanged":
        if (event.symbol === undefined) recorder.setRegime(event.to);
        break;
      case "PositionClosed":
        recorder.recordPositionClosed(event.realizedPnl);
        break;
      case "PortfolioUpdated":
        this.#portfolio = event;
        break;
      case "OrderIntentCreated":
        recorder.recordOrderIntent(event.strategy);
        break;
      case "OrderDenied":
        recorder.recordRiskRejection(event.check.replaceAll("_", " "));
        break;
      case "OrderResized":
        recorder.recordPovDownscale();
        break;
      case "OrderSubmitted":
        this.#cycleSubmitted++;
        recorder.recordOrderPlaced(event.symbol, event.side, event.notional);
        recorder.recordOrderTimestamps({
          intentAtMs: 0,
          submittedAtMs: event.intentToSubmitSeconds * 1000,
        });
        break;
      case "OrderAcknowledged":
        recorder.recordOrderTimestamps({
          submittedAtMs: 0,
          acknowledgedAtMs: event.submitToAckSeconds * 1000,
        });
        break;
      case "OrderFilled":
        this.#recordFill(event);
        break;
      case "OrderCancelled":
        recorder.recordOrderCanceled(event.symbol);
        break;
      case "OrderRejected":
        recorder.recordOrderRejection(exchangeFailure(event.errorClass, event.reason, undefined));
        break;
      case "RiskChecksEvaluated": {
        const passed = event.passed;
        for (let index = 0; index < passed.length; index++)
          this.#count("constitution_checks", passed[index]!, "pass");
        if (event.failed !== undefined) {
          this.#count("constitution_checks", event.failed, "fail");
          this.#count("constitution_violations", event.failed, "");
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
      case "ApiCallSucceeded":
        this.#apiHealthy = true;
        this.#count("exchange_api_requests", event.endpoint, "");
        this.#observe("exchange_api_latency", event.endpoint, event.latencySeconds);
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
      case "RateLimitUsage":
        this.#rateLimitUtilization = event.utilization;
        break;
      case "ExchangeConnectionChanged":
        if (!event.connected) recorder.recordError("execution", "error");
        break;
      case "CycleCompleted":
        this.#recordCycle(event);
        if (performance.now() - this.#lastFlush >= this.config.flushIntervalMs) this.flush();
        break;
      case "BotStateChanged":
        break;
    }
  }

  /** Writes everything aggregated since the last flush to the recorder. */
  flush(): void {
    const recorder = this.recorder;
    this.#lastFlush = performance.now();
    for (const byFirst of this.#counts.values()) {
      for (const bySecond of byFirst.values()) {
        for (const pending of bySecond.values()) {
          if (pending.count > 0) {
            recorder.inc(pending.key, pending.count, pending.labels);
            pending.count = 0;
          }
        }
      }
    }
    for (const byLabel of this.#observations.values()) {
      for (const { key, labels, values } of byLabel.values()) {
        for (let index = 0; index < values.length; index++)
          recorder.observe(key, values[index]!, labels);
        values.length = 0;
      }
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

  #recordCycle(event: CycleCompleted): void {
    this.#count("cycles", event.status, "");
    this.#observe("cycle_duration", "", event.durationSeconds);
    const stages = event.stageDurations;
    this.#observe("cycle_stage_duration", "market_data", stages.data);
    this.#observe("cycle_stage_duration", "signals", stages.signals);
    this.#observe("cycle_stage_duration", "risk", stages.risk);
    this.#observe("cycle_stage_duration", "execution", stages.execution);
    this.#observe("cycle_stage_duration", "portfolio", stages.portfolio);
    for (const strategy in event.strategyDurations) {
      this.#observe("strategy_evaluation_duration", strategy, event.strategyDurations[strategy]!);
    }
    if (event.noTradeReason !== undefined) this.#count("no_trade_cycles", event.noTradeReason, "");
    this.#lastCycle = event;
    if (this.#cycleSubmitted > 0)
      this.recorder.recordFillRatio(this.#cycleFilled, this.#cycleSubmitted);
    this.#cycleSubmitted = 0;
    this.#cycleFilled = 0;
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

  /**
   * Counts one event of counter `key` in the series that `first` and `second` identify;
   * `constant` completes its labels and must not vary within a series (a market's bar duration).
   */
  #count(key: CounterKey, first: string, second: string, constant = ""): void {
    let byFirst = this.#counts.get(key);
    if (byFirst === undefined) {
      byFirst = new Map();
      this.#counts.set(key, byFirst);
    }
    let bySecond = byFirst.get(first);
    if (bySecond === undefined) {
      bySecond = new Map();
      byFirst.set(first, bySecond);
    }
    const pending = bySecond.get(second);
    if (pending !== undefined) pending.count++;
    else
      bySecond.set(second, { key, labels: counterLabels(key, first, second, constant), count: 1 });
    if (this.config.flushIntervalMs === 0) this.flush();
  }

  /** Keeps one observation of histogram `key` for the series `labelsOf` builds from `label`. */
  #observe(key: HistogramKey, label: string, value: number): void {
    let byLabel = this.#observations.get(key);
    if (byLabel === undefined) {
      byLabel = new Map();
      this.#observations.set(key, byLabel);
    }
    const pending = byLabel.get(label);
    if (pending !== undefined) pending.values.push(value);
    else byLabel.set(label, { key, labels: histogramLabels(key, label), values: [value] });
    if (this.config.flushIntervalMs === 0) this.flush();
  }

  #recordFill(event: OrderFilled): void {
    const recorder = this.recorder;
    const direction = event.side === "buy" ? 1 : -1;
    const expected = event.price / (1 + (direction * event.slippageBps) / 10_000);
    recorder.recordFill(event.side, event.symbol);
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

/** The labels of an aggregated count, from the two parts `#count` was given. */
function counterLabels(
  key: CounterKey,
  first: string,
  second: string,
  constant: string,
): GenericLabels {
  switch (key) {
    case "ticks_received":
      return { symbol: first, source: second };
    case "bars_received":
      return {
        symbol: first,
        source: second,
        timeframe: timeframes.has(constant) ? constant : "1m",
      };
    case "signals":
      return { strategy: first, direction: second };
    case "constitution_checks":
      return { rule: first, result: second };
    case "constitution_violations":
      return { rule: first };
    case "exchange_api_requests":
      return { endpoint: first };
    case "cycles":
      return { status: first };
    case "no_trade_cycles":
      return { reason: first };
    default:
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid aggregated counter "${key}": no label mapping`,
      );
  }
}

/** The labels of an aggregated histogram series, from the label `#observe` was given. */
function histogramLabels(key: HistogramKey, label: string): GenericLabels | undefined {
  switch (key) {
    case "data_freshness":
      return { source: label };
    case "signal_strength":
    case "strategy_evaluation_duration":
      return { strategy: label };
    case "exchange_api_latency":
      return { endpoint: label };
    case "cycle_stage_duration":
      return { stage: label };
    case "cycle_duration":
      return undefined;
    default:
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid aggregated histogram "${key}": no label mapping`,
      );
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
