/** @module Turns the bot's bus events into recorder calls: the only place the bot meets metrics. */

import { numberField, oneOfField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import { exceptionTypeOf } from "../../instrument/integrations/errors/exception-type.js";
import type { EndpointRecorder, TradingRecorder } from "../../recorder/index.js";
import type {
  BotEvent,
  BotStateChanged,
  ExchangeEvent,
  OrderEvent,
  OrderFilled,
  PortfolioUpdated,
  PositionClosed,
  RegimeChanged,
  RiskEvent,
} from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { type DataQualityEvent, switchboard } from "../switchboard.js";
import {
  breakerNames,
  type KillSwitchSource,
  type Lifecycle,
  type Plane,
  planes,
} from "../types.js";
import {
  catalogBreakers,
  catalogDenialReasons,
  catalogKillSwitchTypes,
  catalogValidationErrorTypes,
} from "./catalog-vocabulary.js";
import { FlushSchedule } from "./flush-schedule.js";

/** Metrics subscriber settings. */
export interface MetricsSubscriberConfig {
  /** Record only this plane's events (seed 003's one registry per plane); default every event. */
  readonly plane: Plane | undefined;
  /**
   * The gauges every cycle moves (portfolio, data completeness and staleness, rate-limit
   * usage, the API error streak) are written at most this often, at the end of a cycle;
   * counts and observations are written on the event. 0 writes them at the end of every
   * cycle. Default 100 ms.
   */
  readonly flushIntervalMs: number;
}

/** Default metrics subscriber settings. */
export const defaultMetricsSubscriberConfig: MetricsSubscriberConfig = Object.freeze({
  plane: undefined,
  flushIntervalMs: 100,
});

/** The rules of {@link MetricsSubscriberConfig}, checked at construction. */
export const metricsSubscriberConfigSpec: ConfigSpec<MetricsSubscriberConfig> = Object.freeze({
  schema: {
    plane: oneOfField(planes),
    flushIntervalMs: numberField({ min: 0 }),
  },
  defaults: defaultMetricsSubscriberConfig,
});

/**
 * Bound recorders by name. Names repeat as the same few strings in the same order each cycle
 * (a market's symbols, the strategies, the risk rules), so the name after the last one found
 * is compared first, then the rest in a scan of a short array; beyond {@link SCAN_LIMIT}
 * names a Map takes over.
 */
class ByName<T> {
  readonly #names: string[] = [];
  readonly #values: T[] = [];
  readonly #overflow = new Map<string, T>();
  readonly #bind: (name: string) => T;
  /** Index of the name expected next (the one after the last found). */
  #next = 0;

  constructor(bind: (name: string) => T) {
    this.#bind = bind;
  }

  get(name: string): T {
    const names = this.#names;
    const count = names.length;
    let index = this.#next;
    if (index < count && names[index] === name) {
      this.#next = index + 1 === count ? 0 : index + 1;
      return this.#values[index]!;
    }
    for (index = 0; index < count; index++) {
      if (names[index] === name) {
        this.#next = index + 1 === count ? 0 : index + 1;
        return this.#values[index]!;
      }
    }
    return this.#miss(name);
  }

  #miss(name: string): T {
    if (this.#names.length < SCAN_LIMIT) {
      const value = this.#bind(name);
      this.#names.push(name);
      this.#values.push(value);
      this.#next = 0;
      return value;
    }
    let value = this.#overflow.get(name);
    if (value === undefined) {
      value = this.#bind(name);
      this.#overflow.set(name, value);
    }
    return value;
  }
}

/**
 * The fill ratio over the last orders to reach a final state. Counting per cycle (fills over
 * orders submitted in the same cycle) reads 0 whenever fills arrive a cycle after their order,
 * as they do with any exchange latency; a window of final outcomes says how orders end.
 */
class FillOutcomes {
  readonly #outcomes: Uint8Array;
  #next = 0;
  #count = 0;
  #filled = 0;

  constructor(size: number) {
    this.#outcomes = new Uint8Array(size);
  }

  /** Adds one order's final outcome. */
  add(filled: boolean): void {
    const outcomes = this.#outcomes;
    if (this.#count === outcomes.length) this.#filled -= outcomes[this.#next]!;
    else this.#count++;
    outcomes[this.#next] = filled ? 1 : 0;
    if (filled) this.#filled++;
    this.#next = (this.#next + 1) % outcomes.length;
  }

  /** Outcomes in the window that filled completely. */
  get filled(): number {
    return this.#filled;
  }

  /** Outcomes in the window. */
  get count(): number {
    return this.#count;
  }
}

/** How many final order outcomes the fill ratio covers. */
const FILL_RATIO_WINDOW = 50;

/** Names compared by scanning before a Map takes over. */
const SCAN_LIMIT = 16;

/**
 * Subscribes to the bus and records every event through a {@link TradingRecorder}: cycles
 * and stage durations, the order lifecycle and its latencies, fills, slippage and fees,
 * risk denials and rule checks, breakers and kill switches, exchange API calls and errors,
 * rate-limit usage, data quality, signals, regimes and the portfolio. Trading components
 * never import metrics code; this subscriber is the bridge.
 *
 * Counts and observations are written on the event, through series handles bound once (per
 * cycle, per symbol, per strategy, per endpoint, per rule): a record is a short name scan
 * and an array-slot update, with no label lookup, string building or allocation, so a
 * backtest replaying thousands of cycles a second pays little for them. Gauges that every
 * cycle moves (the portfolio, data completeness and staleness, rate-limit usage, the API
 * error streak) keep their latest value and are written at the end of a cycle once
 * `flushIntervalMs` has passed: they show the state at the last flush. `flush()` writes
 * them on demand.
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
  readonly #endpoints: ByName<EndpointRecorder>;
  #portfolio: PortfolioUpdated | undefined;
  #rateLimitUtilization: number | undefined;
  #apiHealthy = false;
  #fillOutcomes = new FillOutcomes(FILL_RATIO_WINDOW);
  #schedule: FlushSchedule;

  constructor(
    bus: MessageBus,
    recorder: TradingRecorder,
    config: Partial<MetricsSubscriberConfig> = {},
  ) {
    this.config = resolveConfig(metricsSubscriberConfigSpec, config, "metricsSubscriber");
    this.#bus = bus;
    this.recorder = recorder;
    this.#endpoints = new ByName((endpoint) => recorder.bindEndpoint(endpoint));
    this.#schedule = new FlushSchedule(this.config.flushIntervalMs);
  }

  start(): void {
    if (this.#unsubscribers.length > 0) return;
    this.#initialise();
    this.#schedule.flushed();
    // One handler per topic family: the bus resolves topics once, so each handler sees one
    // or a few event shapes. The portfolio's snapshot ends every cycle: the held gauges are
    // flushed on it when due (the other planes subscribe to it for that alone).
    const bus = this.#bus;
    const plane = this.config.plane;
    const subscriptions = this.#unsubscribers;
    if (plane === undefined || plane === "data") {
      subscriptions.push(
        bus.subscribe(switchboard.allDataQuality, (event) => this.#onData(event)),
        bus.subscribe(switchboard.allOrderFlow, (event) =>
          this.recorder.recordOrderFlowImbalanceEvent(event.symbol),
        ),
      );
    }
    if (plane === undefined || plane === "strategy") {
      subscriptions.push(
        bus.subscribe(switchboard.portfolio, (event) => {
          this.#portfolio = event;
          if (this.#schedule.due()) this.flush();
        }),
        bus.subscribe(switchboard.regime, (event) => this.#onStrategy(event)),
        bus.subscribe(switchboard.positions, (event) => this.#onStrategy(event)),
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
      subscriptions.push(
        bus.subscribe(switchboard.portfolio, () => {
          if (this.#schedule.due()) this.flush();
        }),
      );
    }
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
    this.flush();
  }

  reset(): void {
    this.#portfolio = undefined;
    this.#rateLimitUtilization = undefined;
    this.#apiHealthy = false;
    this.#fillOutcomes = new FillOutcomes(FILL_RATIO_WINDOW);
  }

  dispose(): void {
    this.stop();
  }

  /** Records one event (the bus handlers call the per-family methods; a replay may call this). */
  record(event: BotEvent): void {
    switch (event.type) {
      case "TickReceived":
      case "BarReceived":
      case "SignalGenerated":
      case "CycleCompleted":
      case "RiskChecksEvaluated":
        // Per-cycle measurements: the engine reports them to the telemetry port.
        break;
      case "PortfolioUpdated":
        this.#portfolio = event;
        break;
      case "DataValidationFailed":
      case "DataNormalizationFailed":
      case "DataStale":
      case "DataRecovered":
        this.#onData(event);
        break;
      case "OrderFlowImbalanceDetected":
        this.recorder.recordOrderFlowImbalanceEvent(event.symbol);
        break;
      case "RegimeChanged":
      case "PositionClosed":
      case "BotStateChanged":
        this.#onStrategy(event);
        break;
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

  #onData(event: DataQualityEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "DataValidationFailed": {
        const type = catalogValidationErrorTypes[event.errorType];
        if (type === undefined) recorder.recordClockDriftRejection(event.source);
        else recorder.recordValidationError(event.source, type);
        break;
      }
      case "DataNormalizationFailed":
        // Every message that fails normalisation goes to the dead-letter queue.
        recorder.recordNormalizationError(event.source);
        recorder.recordDeadLetter(event.source);
        break;
      case "DataStale":
        recorder.recordError("data", "warning");
        break;
      case "DataRecovered":
        break;
    }
  }

  #onOrder(event: OrderEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "OrderIntentCreated":
        recorder.recordOrderIntent(event.strategy);
        break;
      case "OrderDenied":
        recorder.recordRiskRejection(catalogDenialReasons[event.check]);
        break;
      case "OrderSubmitted":
        recorder.recordOrderPlaced(event.symbol, event.side, event.notional);
        recorder.observe("order_intent_to_submit", event.intentToSubmitSeconds);
        break;
      case "OrderAcknowledged":
        recorder.observe("order_submit_to_ack", event.submitToAckSeconds);
        break;
      case "OrderFilled":
        this.#recordFill(event);
        break;
      case "OrderResized":
        recorder.recordPovDownscale();
        break;
      case "OrderCancelled":
        recorder.recordOrderCanceled(event.symbol);
        this.#recordOutcome(false);
        break;
      case "OrderRejected":
        recorder.recordOrderRejection(exchangeFailure(event.errorClass, event.reason, undefined));
        this.#recordOutcome(false);
        break;
    }
  }

  #onRisk(event: RiskEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "BreakerTripped":
        recorder.recordCircuitBreakerTrip(catalogBreakers[event.breaker]);
        break;
      case "BreakerReset":
        recorder.recordCircuitBreakerState(catalogBreakers[event.breaker], false);
        break;
      case "KillSwitchChanged":
        recorder.setKillSwitch(catalogKillSwitchTypes[event.source], event.active, event.source);
        break;
    }
  }

  #onExchange(event: ExchangeEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "ApiCallSucceeded":
        this.#apiHealthy = true;
        this.#endpoints.get(event.endpoint).request(event.latencySeconds);
        break;
      case "RateLimitUsage":
        this.#rateLimitUtilization = event.utilization;
        break;
      case "ApiCallFailed": {
        this.#apiHealthy = false;
        this.#endpoints.get(event.endpoint).request(event.latencySeconds);
        const failure = exchangeFailure(event.errorClass, event.message, event.httpStatus);
        recorder.recordApiError(failure, event.consecutiveErrors, event.endpoint);
        // The exchange client threw it and the gateway caught it: an exception of the exchange.
        recorder.inc("exceptions", { component: "exchange", error_type: exceptionTypeOf(failure) });
        break;
      }
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

  /** Writes the latest value of every gauge held since the last flush to the recorder. */
  flush(): void {
    const recorder = this.recorder;
    this.#schedule.flushed();
    if (this.#rateLimitUtilization !== undefined) {
      recorder.recordRateLimitUtilization(this.#rateLimitUtilization);
      this.#rateLimitUtilization = undefined;
    }
    if (this.#apiHealthy) {
      recorder.resetConsecutiveApiErrors();
      this.#apiHealthy = false;
    }
    const portfolio = this.#portfolio;
    if (portfolio !== undefined) {
      this.#recordPortfolio(portfolio);
      this.#portfolio = undefined;
    }
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
      totalPnlUsd: event.totalPnl,
      monthlyPnlUsd: event.monthlyPnl,
      dailyReturnRatio: event.dailyPnlPct / 100,
      totalReturnRatio: event.totalReturnPct / 100,
      drawdownRatio: event.drawdownPct / 100,
      maxDrawdownRatio: event.maxDrawdownPct / 100,
    });
    recorder.recordStrategyExposure("portfolio", event.grossExposure, event.netExposure);
    recorder.recordStrategyPnl("portfolio", event.realizedPnl, event.unrealizedPnl);
  }

  #recordOutcome(filled: boolean): void {
    const outcomes = this.#fillOutcomes;
    outcomes.add(filled);
    this.recorder.recordFillRatio(outcomes.filled, outcomes.count);
  }

  #recordFill(event: OrderFilled): void {
    const recorder = this.recorder;
    const direction = event.side === "buy" ? 1 : -1;
    const expected = event.price / (1 + (direction * event.slippageBps) / 10_000);
    recorder.trackTrade(event.symbol, event.side, event.quantity, event.price);
    recorder.recordSlippage(event.side, expected, event.price);
    recorder.recordCommission(event.fee);
    if (!event.partial) {
      this.#recordOutcome(true);
      recorder.recordOrderFilled(event.symbol, event.side);
      recorder.recordOrderTimestamps({
        intentAtMs: 0,
        acknowledgedAtMs: (event.totalFillSeconds - event.ackToFillSeconds) * 1000,
        filledAtMs: event.totalFillSeconds * 1000,
      });
      // Placement to complete fill by symbol (seed 003's fill latency by symbol): the bot
      // places an order in the cycle of its intent, so this is the intent-to-fill time.
      recorder.observe("order_symbol_fill_duration", event.totalFillSeconds, {
        symbol: event.symbol,
      });
    }
  }

  #initialise(): void {
    const recorder = this.recorder;
    const plane = this.config.plane;
    if (plane === undefined || plane === "order") {
      for (const breaker of breakerNames)
        recorder.recordCircuitBreakerState(catalogBreakers[breaker], false);
      recorder.resetConsecutiveApiErrors();
      recorder.recordRateLimitUtilization(0);
    }
    if (plane === undefined || plane === "strategy") {
      for (const source of Object.keys(catalogKillSwitchTypes) as KillSwitchSource[])
        recorder.setKillSwitch(catalogKillSwitchTypes[source], false, source);
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
