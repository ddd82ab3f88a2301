/** @module Turns the bot's bus events into recorder calls: the only place the bot meets metrics. */
import type {
  CycleStage as CatalogStage,
  Timeframe,
  ValidationErrorType,
} from "../../catalog/label-values.js";
import type { TradingRecorder } from "../../recorder/index.js";
import type { BotEvent, OrderFilled } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import {
  breakerNames,
  type CycleStage,
  type DataErrorType,
  type KillSwitchSource,
  type Lifecycle,
  type Plane,
} from "../types.js";

/** Metrics subscriber settings. */
export interface MetricsSubscriberConfig {
  /** Record only this plane's events (seed 003's one registry per plane); default every event. */
  readonly plane: Plane | undefined;
}

/** Default metrics subscriber settings. */
export const defaultMetricsSubscriberConfig: MetricsSubscriberConfig = Object.freeze({
  plane: undefined,
});

const stageNames: Readonly<Record<CycleStage, CatalogStage>> = Object.freeze({
  data: "market_data",
  signals: "signals",
  risk: "risk",
  execution: "execution",
  portfolio: "portfolio",
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

/**
 * Subscribes to the bus and records every event through a {@link TradingRecorder}: cycles
 * and stage durations, the order lifecycle and its latencies, fills, slippage and fees,
 * risk denials and rule checks, breakers and kill switches, exchange API calls and errors,
 * rate-limit usage, data quality, signals, regimes and the portfolio. Trading components
 * never import metrics code; this subscriber is the bridge.
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
  readonly #staleness = new Map<string, number>();
  #cycleSubmitted = 0;
  #cycleFilled = 0;

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
  }

  reset(): void {
    this.#activeKillSources.clear();
    this.#staleness.clear();
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
        recorder.recordTick(event.source, event.symbol, event.ageSeconds);
        break;
      case "BarReceived":
        recorder.recordBar(
          event.source,
          event.bar.symbol,
          (timeframes.has(event.duration) ? event.duration : "1m") as Timeframe,
        );
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
      case "DataCompleteness": {
        recorder.recordDataCompleteness(event.symbol, event.score);
        this.#staleness.set(event.symbol, event.stalenessSeconds);
        let worst = 0;
        for (const seconds of this.#staleness.values()) if (seconds > worst) worst = seconds;
        recorder.recordDataStaleness("ohlcv", worst);
        break;
      }
      case "SignalGenerated":
        recorder.recordSignalGeneration(event.strategy, event.evaluationSeconds);
        if (event.direction !== "flat") {
          recorder.recordSignal(event.strategy, event.direction, event.strength);
        }
        break;
      case "PositionClosed":
        recorder.recordPositionClosed(event.realizedPnl);
        break;
      case "RegimeChanged":
        if (event.symbol === undefined) recorder.setRegime(event.to);
        break;
      case "PortfolioUpdated":
        recorder.recordExposure(event.exposureAtRiskPct / 100, event.exposurePendingPct / 100);
        recorder.recordOpenPositions(event.openPositions);
        recorder.recordPendingOrders(event.pendingOrders);
        for (const position of event.positions)
          recorder.recordPositionValue(position.symbol, position.value);
        recorder.updatePortfolioMetrics({
          totalValueUsd: event.nav,
          cashUsd: event.cash,
          openPositions: event.openPositions,
          pendingOrders: event.pendingOrders,
          dailyPnlUsd: event.dailyPnl,
          dailyReturnRatio: event.dailyPnlPct / 100,
          totalReturnRatio: event.totalReturnPct / 100,
          drawdownRatio: event.drawdownPct / 100,
          maxDrawdownRatio: event.maxDrawdownPct / 100,
          atRiskExposureRatio: event.exposureAtRiskPct / 100,
          pendingExposureRatio: event.exposurePendingPct / 100,
        });
        recorder.recordStrategyExposure("portfolio", event.grossExposure, event.netExposure);
        recorder.recordStrategyPnl("portfolio", event.realizedPnl, event.unrealizedPnl);
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
      case "RiskCheckEvaluated":
        recorder.trackConstitutionCheck(event.check, event.passed);
        break;
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
        recorder.recordApiRequest(event.endpoint, event.latencySeconds);
        recorder.resetConsecutiveApiErrors();
        break;
      case "ApiCallFailed":
        recorder.recordApiRequest(event.endpoint, event.latencySeconds);
        recorder.recordApiError(
          exchangeFailure(event.errorClass, event.message, event.httpStatus),
          event.consecutiveErrors,
          event.endpoint,
        );
        break;
      case "RateLimitUsage":
        recorder.recordRateLimitUtilization(event.utilization);
        break;
      case "ExchangeConnectionChanged":
        if (!event.connected) recorder.recordError("execution", "error");
        break;
      case "CycleCompleted": {
        const stageDurations: Partial<Record<CatalogStage, number>> = {};
        for (const [stage, seconds] of Object.entries(event.stageDurations) as [
          CycleStage,
          number,
        ][]) {
          stageDurations[stageNames[stage]] = seconds;
        }
        recorder.recordCycle({
          durationSeconds: event.durationSeconds,
          status: event.status,
          proposed: event.proposals,
          approved: event.approved,
          executed: event.executed,
          stageDurations,
          noTradeReason: event.noTradeReason,
          completedAtSeconds: event.timestamp / 1000,
        });
        if (this.#cycleSubmitted > 0)
          recorder.recordFillRatio(this.#cycleFilled, this.#cycleSubmitted);
        this.#cycleSubmitted = 0;
        this.#cycleFilled = 0;
        break;
      }
      case "BotStateChanged":
        break;
    }
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
