/** @module The enabled recorder: every TradingRecorder method recorded into catalog metrics. */

import {
  catalog,
  type GaugeKey,
  type HistogramKey,
  type MetricKey,
} from "../../catalog/catalog.js";
import type {
  AiAction,
  CacheLayer,
  CacheOperation,
  Component,
  CycleStage,
  Database,
  DataType,
  ExitTrigger,
  KillSwitchSource,
  KillSwitchType,
  QueryType,
  Regime,
  Severity,
  Side,
  SignalDirection,
  SolveStatus,
  Timeframe,
  ValidationErrorType,
} from "../../catalog/label-values.js";
import { environments, planes, regimes } from "../../catalog/label-values.js";
import { fullMetricName, normalizeNamespace } from "../../catalog/namespace.js";
import { UNIVERSE_OTHER } from "../../catalog/types.js";
import { TradewatchError } from "../../errors.js";
import { Registry } from "../../metrics/index.js";
import { normalizeApiErrorType } from "../normalizers/api-error-type.js";
import { universeNormalizer } from "../normalizers/universe.js";
import { checkRatio } from "../ratio-argument.js";
import type {
  BarRecorder,
  CycleRecorder,
  CycleTimer,
  EndpointRecorder,
  RuleRecorder,
  StrategyRecorder,
  SymbolRecorder,
  TradingRecorder,
} from "../trading-recorder.js";
import type {
  CycleStats,
  GenericLabels,
  HttpRequestRecord,
  OrderTimestamps,
  PerformanceStats,
  PortfolioUpdate,
  RecorderHttpMetrics,
  RecorderOptions,
  SystemHealth,
} from "../types.js";
import { BoundBarRecorder } from "./bound-bar-recorder.js";
import { BoundCycleRecorder } from "./bound-cycle-recorder.js";
import { BoundEndpointRecorder } from "./bound-endpoint-recorder.js";
import { BoundRuleRecorder } from "./bound-rule-recorder.js";
import { BoundStrategyRecorder } from "./bound-strategy-recorder.js";
import { BoundSymbolRecorder } from "./bound-symbol-recorder.js";
import { CatalogMetric, type SeriesHandle } from "./catalog-metric.js";

/** Counters whose labels are all closed sets get every series created at zero, up to this many. */
const ZERO_SERIES_LIMIT = 64;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

const EXPOSURE_PERCENT = "recordExposurePercent";

/** Checks a percent argument (0..100) of a percent variant before it becomes a ratio. */
function checkPercent(value: number, method: string, argument: string): number {
  if (value >= 0 && value <= 100) return value;
  if (value > -1e-7 && value < 100 + 1e-7) return Math.min(Math.max(value, 0), 100);
  throw new TradewatchError(
    "ERR_RATIO_OUT_OF_RANGE",
    `Invalid ${argument} of ${method}: was ${value}, must be a percent 0..100`,
  );
}

function clampRatio(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}

/** Resolves the constant labels: names and values in the order bot, environment, plane. */
function resolveConstLabels(options: RecorderOptions): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  const given = options.constLabels ?? {};
  if (given.bot !== undefined) {
    names.push("bot");
    values.push(universeNormalizer()(given.bot));
  }
  if (given.environment !== undefined) {
    if (!(environments as readonly string[]).includes(given.environment)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid constLabels.environment "${given.environment}": must be one of ${environments.join(", ")}`,
      );
    }
    names.push("environment");
    values.push(given.environment);
  }
  if (given.plane !== undefined) {
    if (!(planes as readonly string[]).includes(given.plane)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid constLabels.plane "${given.plane}": must be one of ${planes.join(", ")}`,
      );
    }
    names.push("plane");
    values.push(given.plane);
  }
  return { names, values };
}

/**
 * The enabled recorder. Creating it registers every catalog metric in the registry; label
 * sets known up front are bound then, and the rest are bound once on first use.
 */
export class LiveRecorder implements TradingRecorder {
  readonly enabled = true;
  readonly registry: Registry;
  readonly namespace: string;

  private readonly metrics = new Map<string, CatalogMetric>();
  private consecutiveApiErrors = 0;
  private currentRegime: Regime | undefined;
  private readonly activeKillSwitches = new Set<`${KillSwitchType}/${KillSwitchSource}`>();
  private startTimeMs: number;

  // Labelled metrics of hot paths, held directly (their handles are cached inside).
  private readonly ordersPlaced: CatalogMetric;
  private readonly ordersFilled: CatalogMetric;
  private readonly ordersRejected: CatalogMetric;
  private readonly riskRejections: CatalogMetric;
  private readonly trades: CatalogMetric;
  private readonly tradedNotional: CatalogMetric;
  private readonly ticksReceived: CatalogMetric;
  private readonly dataFreshness: CatalogMetric;
  private readonly barsReceived: CatalogMetric;
  private readonly apiRequests: CatalogMetric;
  private readonly apiLatency: CatalogMetric;
  private readonly apiErrors: CatalogMetric;
  private readonly signals: CatalogMetric;
  private readonly signalStrength: CatalogMetric;
  private readonly httpRequests: CatalogMetric;
  private readonly httpDuration: CatalogMetric;
  private readonly positionValue: CatalogMetric;
  private readonly stageDuration: CatalogMetric;
  private readonly cycles: CatalogMetric;

  // Unlabelled series, bound once.
  private readonly cycleDuration: SeriesHandle;
  private readonly lastCycle: SeriesHandle;
  private readonly openPositions: SeriesHandle;
  private readonly pendingOrders: SeriesHandle;
  private readonly fillRatio: SeriesHandle;
  private readonly commission: SeriesHandle;
  private readonly povDownscales: SeriesHandle;
  private readonly consecutiveErrors: SeriesHandle;
  private readonly rateLimitUtilization: SeriesHandle;
  private readonly rateLimitViolations: SeriesHandle;
  private readonly storageWriteDuration: SeriesHandle;
  private readonly aiAnalyses: SeriesHandle;
  private readonly aiConviction: SeriesHandle;
  private readonly cacheMisses: SeriesHandle;
  private readonly cacheHitRatio: SeriesHandle;
  private readonly featureStoreQuery: SeriesHandle;
  private readonly httpInFlight: SeriesHandle;
  private readonly optimizerDuration: SeriesHandle;
  private readonly orderLegs: readonly [SeriesHandle, SeriesHandle, SeriesHandle, SeriesHandle];

  constructor(options: RecorderOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.namespace = normalizeNamespace(options.namespace ?? "tradewatch");
    this.startTimeMs = options.startTimeMs ?? Date.now();
    const constLabels = resolveConstLabels(options);
    const universes = { ...options.universes };
    if (options.symbols !== undefined) universes.symbol = options.symbols;
    for (const definition of catalog) {
      const metric = new CatalogMetric(definition, {
        registry: this.registry,
        fullName: fullMetricName(definition.name, this.namespace),
        constLabelNames: constLabels.names,
        constLabelValues: constLabels.values,
        maxSeries: options.maxSeries,
        universes,
        collect:
          definition.key === "uptime"
            ? () =>
                this.metric("uptime")
                  .handle0()
                  .set((Date.now() - this.startTimeMs) / 1000)
            : undefined,
      });
      if (definition.type === "counter") metric.zeroClosedSeries(ZERO_SERIES_LIMIT);
      this.metrics.set(definition.key, metric);
    }
    this.ordersPlaced = this.metric("orders_placed");
    this.ordersFilled = this.metric("orders_filled");
    this.ordersRejected = this.metric("orders_rejected");
    this.riskRejections = this.metric("risk_rejections");
    this.trades = this.metric("trades");
    this.tradedNotional = this.metric("traded_notional");
    this.ticksReceived = this.metric("ticks_received");
    this.dataFreshness = this.metric("data_freshness");
    this.barsReceived = this.metric("bars_received");
    this.apiRequests = this.metric("exchange_api_requests");
    this.apiLatency = this.metric("exchange_api_latency");
    this.apiErrors = this.metric("exchange_api_errors");
    this.signals = this.metric("signals");
    this.signalStrength = this.metric("signal_strength");
    this.httpRequests = this.metric("http_requests");
    this.httpDuration = this.metric("http_request_duration");
    this.positionValue = this.metric("position_value");
    this.stageDuration = this.metric("cycle_stage_duration");
    this.cycles = this.metric("cycles");
    this.cycleDuration = this.metric("cycle_duration").handle0();
    this.lastCycle = this.metric("last_cycle_timestamp").handle0();
    this.openPositions = this.metric("open_positions").handle0();
    this.pendingOrders = this.metric("pending_orders").handle0();
    this.fillRatio = this.metric("fill_ratio").handle0();
    this.commission = this.metric("commission").handle0();
    this.povDownscales = this.metric("pov_downscales").handle0();
    this.consecutiveErrors = this.metric("exchange_api_consecutive_errors").handle0();
    this.rateLimitUtilization = this.metric("rate_limit_utilization").handle0();
    this.rateLimitViolations = this.metric("rate_limit_violations").handle0();
    this.storageWriteDuration = this.metric("storage_write_duration").handle0();
    this.aiAnalyses = this.metric("ai_analyses").handle0();
    this.aiConviction = this.metric("ai_conviction").handle0();
    this.cacheMisses = this.metric("cache_misses").handle0();
    this.cacheHitRatio = this.metric("cache_hit_ratio").handle0();
    this.featureStoreQuery = this.metric("feature_store_query_duration").handle0();
    this.httpInFlight = this.metric("http_requests_in_flight").handle0();
    this.optimizerDuration = this.metric("optimizer_solve_duration").handle0();
    this.orderLegs = [
      this.metric("order_intent_to_submit").handle0(),
      this.metric("order_submit_to_ack").handle0(),
      this.metric("order_ack_to_fill").handle0(),
      this.metric("order_intent_to_fill").handle0(),
    ];
    this.metric("build_info")
      .handle2(options.version ?? "unknown", process.version)
      .set(1);
  }

  // Generic API.

  inc(key: string, valueOrLabels?: number | GenericLabels, labels?: GenericLabels): void {
    const metric = this.metricOfType(key, ["counter", "gauge"]);
    if (typeof valueOrLabels === "number") metric.handleOf(labels).inc(valueOrLabels);
    else metric.handleOf(valueOrLabels).inc(1);
  }

  set(key: GaugeKey, value: number, labels?: GenericLabels): void {
    this.metricOfType(key, ["gauge"]).handleOf(labels).set(value);
  }

  observe(key: HistogramKey, value: number, labels?: GenericLabels): void {
    this.metricOfType(key, ["histogram"]).handleOf(labels).observe(value);
  }

  startTimer(key: HistogramKey, labels?: GenericLabels): () => number {
    const handle = this.metricOfType(key, ["histogram"]).handleOf(labels);
    const start = performance.now();
    return () => {
      const seconds = (performance.now() - start) / 1000;
      handle.observe(seconds);
      return seconds;
    };
  }

  // Trading cycle.

  recordCycle(stats: CycleStats): void {
    this.cycleDuration.observe(stats.durationSeconds);
    this.cycles.handle1(stats.status).inc();
    this.lastCycle.set(stats.completedAtSeconds ?? Date.now() / 1000);
    const proposals = this.metric("cycle_proposals");
    if (stats.proposed !== undefined) proposals.handle1("proposed").set(stats.proposed);
    if (stats.approved !== undefined) proposals.handle1("approved").set(stats.approved);
    if (stats.executed !== undefined) proposals.handle1("executed").set(stats.executed);
    if (stats.stageDurations !== undefined) {
      for (const [stage, seconds] of Object.entries(stats.stageDurations)) {
        if (seconds !== undefined) this.recordStageDuration(stage as CycleStage, seconds);
      }
    }
    if (stats.noTradeReason !== undefined) this.recordNoTradeReason(stats.noTradeReason);
    if (stats.portfolio !== undefined) this.updatePortfolioMetrics(stats.portfolio);
  }

  updateFromCycleStats(stats: CycleStats): void {
    this.recordCycle(stats);
  }

  recordStageDuration(stage: CycleStage, seconds: number): void {
    this.stageDuration.handle1(stage).observe(seconds);
  }

  startCycle(): CycleTimer {
    const start = performance.now();
    return {
      startStage: (stage) => {
        const stageStart = performance.now();
        return () => {
          const seconds = (performance.now() - stageStart) / 1000;
          this.recordStageDuration(stage, seconds);
          return seconds;
        };
      },
      end: (status, stats) => {
        const durationSeconds = (performance.now() - start) / 1000;
        this.recordCycle({ ...stats, durationSeconds, status });
        return durationSeconds;
      },
    };
  }

  recordNoTradeReason(reason: string): void {
    this.metric("no_trade_cycles").handle1(reason).inc();
  }

  bindSymbol(symbol: string, source: string = UNIVERSE_OTHER): SymbolRecorder {
    const bySide = (metric: CatalogMetric) =>
      [metric.handle1("buy"), metric.handle1("sell")] as const;
    const bySideAndSymbol = (metric: CatalogMetric) =>
      [metric.handle2("buy", symbol), metric.handle2("sell", symbol)] as const;
    return new BoundSymbolRecorder(symbol, {
      ticks: this.ticksReceived.handle2(source, symbol),
      freshness: this.dataFreshness.handle1(source),
      placed: bySideAndSymbol(this.ordersPlaced),
      placedNotional: bySide(this.metric("orders_placed_notional")),
      filled: bySideAndSymbol(this.ordersFilled),
      trades: bySideAndSymbol(this.trades),
      tradedNotional: bySide(this.tradedNotional),
      positionValue: this.positionValue.handle1(symbol),
      completeness: this.metric("completeness_score").handle1(symbol),
      imbalance: this.metric("order_flow_imbalance_events").handle1(symbol),
    });
  }

  bindBars(
    symbol: string,
    source: string = UNIVERSE_OTHER,
    timeframe: Timeframe = "1m",
  ): BarRecorder {
    return new BoundBarRecorder(symbol, this.barsReceived.handle3(source, symbol, timeframe));
  }

  bindCycle(): CycleRecorder {
    const proposals = this.metric("cycle_proposals");
    const stages = this.stageDuration;
    return new BoundCycleRecorder({
      success: this.cycles.handle1("success"),
      noTrade: this.cycles.handle1("no_trade"),
      error: this.cycles.handle1("error"),
      halted: this.cycles.handle1("halted"),
      duration: this.cycleDuration,
      lastCycle: this.lastCycle,
      marketData: stages.handle1("market_data"),
      signals: stages.handle1("signals"),
      risk: stages.handle1("risk"),
      execution: stages.handle1("execution"),
      portfolio: stages.handle1("portfolio"),
      proposed: proposals.handle1("proposed"),
      approved: proposals.handle1("approved"),
      executed: proposals.handle1("executed"),
      noTradeReasons: this.metric("no_trade_cycles"),
    });
  }

  bindStrategy(strategy: string): StrategyRecorder {
    return new BoundStrategyRecorder(strategy, {
      buy: this.signals.handle2(strategy, "buy"),
      sell: this.signals.handle2(strategy, "sell"),
      close: this.signals.handle2(strategy, "close"),
      strength: this.signalStrength.handle1(strategy),
      evaluation: this.metric("strategy_evaluation_duration").handle1(strategy),
      intents: this.metric("order_intents").handle1(strategy),
    });
  }

  bindEndpoint(endpoint: string): EndpointRecorder {
    return new BoundEndpointRecorder(
      endpoint,
      this.apiRequests.handle1(endpoint),
      this.apiLatency.handle1(endpoint),
    );
  }

  bindRule(rule: string): RuleRecorder {
    const checks = this.metric("constitution_checks");
    return new BoundRuleRecorder(
      rule,
      checks.handle2(rule, "pass"),
      checks.handle2(rule, "fail"),
      this.metric("constitution_violations").handle1(rule),
    );
  }

  // Portfolio.

  recordExposure(atRiskRatio: number, pendingRatio = 0): void {
    const atRisk = checkRatio(atRiskRatio, "recordExposure", "atRiskRatio", 0, 1, EXPOSURE_PERCENT);
    const pending = checkRatio(
      pendingRatio,
      "recordExposure",
      "pendingRatio",
      0,
      1,
      EXPOSURE_PERCENT,
    );
    const exposure = this.metric("exposure");
    exposure.handle1("at_risk").set(atRisk);
    exposure.handle1("pending").set(pending);
  }

  recordExposurePercent(atRiskPercent: number, pendingPercent = 0): void {
    const method = "recordExposurePercent";
    this.recordExposure(
      checkPercent(atRiskPercent, method, "atRiskPercent") / 100,
      checkPercent(pendingPercent, method, "pendingPercent") / 100,
    );
  }

  recordOpenPositions(count: number): void {
    this.openPositions.set(Math.max(count, 0));
  }

  recordPendingOrders(count: number): void {
    this.pendingOrders.set(Math.max(count, 0));
  }

  recordPositionValue(symbol: string, valueUsd: number): void {
    this.positionValue.handle1(symbol).set(valueUsd);
  }

  updatePortfolioMetrics(update: PortfolioUpdate): void {
    const setIf = (key: MetricKey, value: number | undefined) => {
      if (value !== undefined) this.metric(key).handle0().set(value);
    };
    setIf("account_value", update.totalValueUsd);
    setIf("cash", update.cashUsd);
    setIf("daily_pnl", update.dailyPnlUsd);
    setIf("monthly_pnl", update.monthlyPnlUsd);
    setIf("total_pnl", update.totalPnlUsd);
    const method = "updatePortfolioMetrics";
    const returnRatio = (value: number | undefined, argument: string) =>
      value === undefined
        ? undefined
        : checkRatio(value, method, argument, -1, Number.POSITIVE_INFINITY);
    const drawdownRatio = (value: number | undefined, argument: string) =>
      value === undefined ? undefined : checkRatio(Math.abs(value), method, argument);
    setIf("daily_return", returnRatio(update.dailyReturnRatio, "dailyReturnRatio"));
    setIf("total_return", returnRatio(update.totalReturnRatio, "totalReturnRatio"));
    setIf("drawdown", drawdownRatio(update.drawdownRatio, "drawdownRatio"));
    setIf("max_drawdown", drawdownRatio(update.maxDrawdownRatio, "maxDrawdownRatio"));
    if (update.openPositions !== undefined) this.recordOpenPositions(update.openPositions);
    if (update.pendingOrders !== undefined) this.recordPendingOrders(update.pendingOrders);
    const exposure = this.metric("exposure");
    if (update.atRiskExposureRatio !== undefined) {
      exposure
        .handle1("at_risk")
        .set(checkRatio(update.atRiskExposureRatio, method, "atRiskExposureRatio"));
    }
    if (update.pendingExposureRatio !== undefined) {
      exposure
        .handle1("pending")
        .set(checkRatio(update.pendingExposureRatio, method, "pendingExposureRatio"));
    }
  }

  // Execution.

  recordOrderIntent(strategy: string): void {
    this.metric("order_intents").handle1(strategy).inc();
  }

  recordOrderPlaced(symbol: string, side: Side, notionalUsd?: number): void {
    this.ordersPlaced.handle2(side, symbol).inc();
    if (notionalUsd !== undefined && notionalUsd > 0) {
      this.metric("orders_placed_notional").handle1(side).inc(notionalUsd);
    }
  }

  recordOrderFilled(symbol: string, side: Side): void {
    this.ordersFilled.handle2(side, symbol).inc();
  }

  recordFill(side: Side, symbol: string = UNIVERSE_OTHER): void {
    this.ordersFilled.handle2(side, symbol).inc();
  }

  recordOrderCanceled(symbol: string): void {
    this.metric("orders_canceled").handle1(symbol).inc();
  }

  recordOrderRejection(reason: unknown): void {
    this.ordersRejected.handle1(reason).inc();
  }

  recordFillRatio(fills: number, totalOrders: number): void {
    this.fillRatio.set(totalOrders > 0 ? clampRatio(fills / totalOrders) : 0);
  }

  trackTrade(symbol: string, side: Side, quantity: number, fillPrice: number): void {
    this.trades.handle2(side, symbol).inc();
    const notional = Math.abs(quantity * fillPrice);
    if (notional > 0 && Number.isFinite(notional)) {
      this.tradedNotional.handle1(side).inc(notional);
    }
  }

  recordPositionClosed(realizedPnlUsd: number): void {
    const outcome = realizedPnlUsd > 0 ? "win" : realizedPnlUsd < 0 ? "loss" : "breakeven";
    this.metric("positions_closed").handle1(outcome).inc();
  }

  recordSlippage(side: Side, expectedPrice: number, fillPrice: number): void {
    if (!(expectedPrice > 0)) return;
    const worse = side === "buy" ? fillPrice - expectedPrice : expectedPrice - fillPrice;
    this.metric("slippage")
      .handle1(side)
      .observe(worse / expectedPrice);
  }

  recordCommission(usd: number): void {
    if (usd > 0) this.commission.inc(usd);
  }

  recordOrderTimestamps(timestamps: OrderTimestamps): void {
    const { intentAtMs, submittedAtMs, acknowledgedAtMs, filledAtMs } = timestamps;
    const [intentToSubmit, submitToAck, ackToFill, intentToFill] = this.orderLegs;
    if (intentAtMs !== undefined && submittedAtMs !== undefined) {
      intentToSubmit.observe(Math.max(submittedAtMs - intentAtMs, 0) / 1000);
    }
    if (submittedAtMs !== undefined && acknowledgedAtMs !== undefined) {
      submitToAck.observe(Math.max(acknowledgedAtMs - submittedAtMs, 0) / 1000);
    }
    if (acknowledgedAtMs !== undefined && filledAtMs !== undefined) {
      ackToFill.observe(Math.max(filledAtMs - acknowledgedAtMs, 0) / 1000);
    }
    if (intentAtMs !== undefined && filledAtMs !== undefined) {
      intentToFill.observe(Math.max(filledAtMs - intentAtMs, 0) / 1000);
    }
  }

  recordPovDownscale(): void {
    this.povDownscales.inc();
  }

  // Risk and rules.

  recordRiskRejection(reason: unknown): void {
    this.riskRejections.handle1(reason).inc();
  }

  recordCircuitBreakerState(breaker: string, isOpen: boolean): void {
    this.metric("circuit_breaker_state")
      .handle1(breaker)
      .set(isOpen ? 1 : 0);
  }

  recordCircuitBreakerTrip(breaker: string): void {
    this.metric("circuit_breaker_state").handle1(breaker).set(1);
    this.metric("circuit_breaker_trips").handle1(breaker).inc();
  }

  recordCircuitBreaker(type: string): void {
    this.recordCircuitBreakerTrip(type);
  }

  setKillSwitch(type: KillSwitchType, active: boolean, source: KillSwitchSource = "other"): void {
    this.metric("kill_switch_active")
      .handle2(type, source)
      .set(active ? 1 : 0);
    const key = `${type}/${source}` as const;
    if (active && !this.activeKillSwitches.has(key)) {
      this.metric("kill_switch_triggers").handle2(type, source).inc();
      this.activeKillSwitches.add(key);
    } else if (!active) {
      this.activeKillSwitches.delete(key);
    }
  }

  recordExitTrigger(trigger: ExitTrigger): void {
    this.metric("exit_triggers").handle1(trigger).inc();
  }

  trackConstitutionCheck(rule: string, passed: boolean): void {
    this.metric("constitution_checks")
      .handle2(rule, passed ? "pass" : "fail")
      .inc();
    if (!passed) this.metric("constitution_violations").handle1(rule).inc();
  }

  // Exchange API.

  recordApiRequest(endpoint: string, seconds: number): void {
    this.apiRequests.handle1(endpoint).inc();
    this.apiLatency.handle1(endpoint).observe(seconds);
  }

  recordApiError(
    error: unknown,
    consecutiveCount?: number,
    endpoint: string = UNIVERSE_OTHER,
  ): void {
    const type = normalizeApiErrorType(error);
    this.apiErrors.handle2(endpoint, type).inc();
    if (type === "rate_limit") this.rateLimitViolations.inc();
    this.consecutiveApiErrors =
      consecutiveCount === undefined
        ? this.consecutiveApiErrors + 1
        : Math.max(consecutiveCount, 0);
    this.consecutiveErrors.set(this.consecutiveApiErrors);
  }

  resetConsecutiveApiErrors(): void {
    this.consecutiveApiErrors = 0;
    this.consecutiveErrors.set(0);
  }

  trackApiCall<T>(endpoint: string, call: () => T): T {
    const start = performance.now();
    const failed = (error: unknown) => {
      this.recordApiRequest(endpoint, (performance.now() - start) / 1000);
      this.recordApiError(error, undefined, endpoint);
    };
    const succeeded = () => {
      this.recordApiRequest(endpoint, (performance.now() - start) / 1000);
      this.resetConsecutiveApiErrors();
    };
    let result: T;
    try {
      result = call();
    } catch (error) {
      failed(error);
      throw error;
    }
    if (!isPromiseLike(result)) {
      succeeded();
      return result;
    }
    return result.then(
      (value) => {
        succeeded();
        return value;
      },
      (error: unknown) => {
        failed(error);
        throw error;
      },
    ) as T;
  }

  recordRateLimitUtilization(ratio: number): void {
    this.rateLimitUtilization.set(checkRatio(ratio, "recordRateLimitUtilization", "ratio"));
  }

  recordRateLimitViolation(): void {
    this.rateLimitViolations.inc();
  }

  // Data plane.

  recordTick(source: string, symbol: string, ageSeconds?: number): void {
    this.ticksReceived.handle2(source, symbol).inc();
    if (ageSeconds !== undefined) this.dataFreshness.handle1(source).observe(ageSeconds);
  }

  recordBar(source: string, symbol: string, timeframe: Timeframe): void {
    this.barsReceived.handle3(source, symbol, timeframe).inc();
  }

  recordOrderFlowImbalanceEvent(symbol: string): void {
    this.metric("order_flow_imbalance_events").handle1(symbol).inc();
  }

  recordDataCompleteness(symbol: string, ratio: number): void {
    this.metric("completeness_score")
      .handle1(symbol)
      .set(checkRatio(ratio, "recordDataCompleteness", "ratio"));
  }

  recordDataStaleness(dataType: DataType, seconds: number): void {
    this.metric("data_staleness").handle1(dataType).set(Math.max(seconds, 0));
  }

  recordValidationError(source: string, errorType: ValidationErrorType): void {
    this.metric("validation_errors").handle2(source, errorType).inc();
  }

  recordClockDriftRejection(source: string): void {
    this.metric("clock_drift_rejections").handle1(source).inc();
  }

  recordNormalizationError(source: string): void {
    this.metric("normalization_errors").handle1(source).inc();
  }

  recordDeadLetter(source: string): void {
    this.metric("dead_letter_messages").handle1(source).inc();
  }

  recordStorageWrite(seconds: number, succeeded = true): void {
    this.metric("storage_writes")
      .handle1(succeeded ? "success" : "error")
      .inc();
    this.storageWriteDuration.observe(seconds);
  }

  recordProviderRequest(provider: string, seconds: number, error?: unknown): void {
    this.metric("provider_requests").handle1(provider).inc();
    this.metric("provider_request_duration").handle1(provider).observe(seconds);
    if (error === undefined) return;
    const type = normalizeApiErrorType(error);
    this.metric("provider_errors").handle2(provider, type).inc();
    if (type === "rate_limit") this.metric("provider_rate_limit_hits").handle1(provider).inc();
  }

  recordProviderCacheHitRatio(provider: string, ratio: number): void {
    this.metric("provider_cache_hit_ratio")
      .handle1(provider)
      .set(checkRatio(ratio, "recordProviderCacheHitRatio", "ratio"));
  }

  recordProviderDataAge(provider: string, seconds: number): void {
    this.metric("provider_data_age").handle1(provider).set(Math.max(seconds, 0));
  }

  // Strategy plane.

  recordSignal(strategy: string, direction: SignalDirection, strength?: number): void {
    this.signals.handle2(strategy, direction).inc();
    if (strength !== undefined) {
      this.signalStrength.handle1(strategy).observe(Math.abs(strength));
    }
  }

  recordStrategyExposure(strategy: string, grossUsd: number, netUsd: number): void {
    this.metric("gross_exposure").handle1(strategy).set(grossUsd);
    this.metric("net_exposure").handle1(strategy).set(netUsd);
  }

  recordStrategyPnl(strategy: string, realizedUsd: number, unrealizedUsd: number): void {
    const pnl = this.metric("strategy_pnl");
    pnl.handle2(strategy, "realized").set(realizedUsd);
    pnl.handle2(strategy, "unrealized").set(unrealizedUsd);
  }

  setRegime(regime: Regime): void {
    const state = this.metric("regime");
    const previous = this.currentRegime;
    if (previous === regime) return;
    if (previous === undefined) {
      for (const other of regimes) state.handle1(other).set(0);
    } else {
      state.handle1(previous).set(0);
      this.metric("regime_transitions").handle2(previous, regime).inc();
    }
    state.handle1(regime).set(1);
    this.currentRegime = regime;
  }

  recordOptimizerSolve(seconds: number, status: SolveStatus): void {
    this.optimizerDuration.observe(seconds);
    this.metric("optimizer_solves").handle1(status).inc();
  }

  recordStrategyEvaluation(strategy: string, seconds: number): void {
    this.metric("strategy_evaluation_duration").handle1(strategy).observe(seconds);
  }

  recordSignalGeneration(strategy: string, seconds: number): void {
    this.metric("signal_generation_duration").handle1(strategy).observe(seconds);
  }

  recordDecisionDuration(strategy: string, seconds: number): void {
    this.metric("decision_duration").handle1(strategy).observe(seconds);
  }

  // AI agent.

  recordAiAnalysis(): void {
    this.aiAnalyses.inc();
  }

  recordAiDecision(symbol: string, action: AiAction, conviction?: number): void {
    this.metric("ai_decisions").handle2(symbol, action).inc();
    if (conviction !== undefined) this.aiConviction.observe(conviction);
  }

  trackAiRequest<T>(model: string, costUsd: number, request: () => T): T {
    const start = performance.now();
    const done = (succeeded: boolean) =>
      this.recordAiRequest(model, (performance.now() - start) / 1000, costUsd, succeeded);
    let result: T;
    try {
      result = request();
    } catch (error) {
      done(false);
      throw error;
    }
    if (!isPromiseLike(result)) {
      done(true);
      return result;
    }
    return result.then(
      (value) => {
        done(true);
        return value;
      },
      (error: unknown) => {
        done(false);
        throw error;
      },
    ) as T;
  }

  recordAiRequest(model: string, seconds: number, costUsd = 0, succeeded = true): void {
    this.metric("ai_requests")
      .handle2(model, succeeded ? "success" : "error")
      .inc();
    this.metric("ai_request_duration").handle1(model).observe(seconds);
    if (costUsd > 0) this.metric("ai_cost").handle1(model).inc(costUsd);
  }

  // Feature store and caches.

  recordCacheHit(layer: CacheLayer): void {
    this.metric("cache_hits").handle1(layer).inc();
  }

  recordCacheMiss(): void {
    this.cacheMisses.inc();
  }

  updateCacheMetrics(hits: number, misses: number): void {
    const total = hits + misses;
    this.cacheHitRatio.set(total > 0 ? clampRatio(hits / total) : 0);
  }

  recordCacheOperation(layer: CacheLayer, operation: CacheOperation, seconds: number): void {
    this.metric("cache_operation_duration").handle2(layer, operation).observe(seconds);
  }

  trackFeatureCalculation<T>(feature: string, calculate: () => T): T {
    const handle = this.metric("feature_calculation_duration").handle1(feature);
    const start = performance.now();
    const done = () => handle.observe((performance.now() - start) / 1000);
    let result: T;
    try {
      result = calculate();
    } catch (error) {
      done();
      throw error;
    }
    if (!isPromiseLike(result)) {
      done();
      return result;
    }
    return result.then(
      (value) => {
        done();
        return value;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    ) as T;
  }

  recordFeatureStoreQuery(seconds: number): void {
    this.featureStoreQuery.observe(seconds);
  }

  // System.

  updateSystemHealth(health: SystemHealth): void {
    if (health.uptimeSeconds !== undefined) {
      this.startTimeMs = Date.now() - health.uptimeSeconds * 1000;
      this.metric("uptime").handle0().set(health.uptimeSeconds);
    }
    if (health.databases !== undefined) {
      for (const [database, connected] of Object.entries(health.databases)) {
        if (connected !== undefined) {
          this.metric("database_connection_up")
            .handle1(database)
            .set(connected ? 1 : 0);
        }
      }
    }
    if (health.killSwitchActive !== undefined) {
      this.setKillSwitch("manual", health.killSwitchActive);
    }
  }

  recordDatabaseQuery(database: Database, queryType: QueryType, seconds: number): void {
    this.metric("database_query_duration").handle2(database, queryType).observe(seconds);
  }

  recordDatabasePoolUsage(database: Database, ratio: number): void {
    this.metric("database_pool_usage")
      .handle1(database)
      .set(checkRatio(ratio, "recordDatabasePoolUsage", "ratio"));
  }

  recordError(component: Component, severity: Severity = "error"): void {
    this.metric("errors").handle2(component, severity).inc();
  }

  // HTTP API.

  recordHttpRequest(request: HttpRequestRecord): void {
    const { method, route, statusCode } = request;
    this.httpRequests.handle3(method, route, statusCode).inc();
    this.httpDuration.handle3(method, route, statusCode).observe(request.durationSeconds);
    if (request.requestBytes !== undefined) {
      this.metric("http_request_size").handle2(method, route).observe(request.requestBytes);
    }
    if (request.responseBytes !== undefined) {
      this.metric("http_response_size").handle2(method, route).observe(request.responseBytes);
    }
  }

  startHttpRequest(): () => void {
    this.httpInFlight.inc();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.httpInFlight.dec();
    };
  }

  httpMetricSet(): RecorderHttpMetrics {
    const counter = (metric: CatalogMetric) => ({
      inc: (labels: GenericLabels, value = 1) => metric.handleOf(labels).inc(value),
    });
    const observer = (metric: CatalogMetric) => ({
      observe: (labels: GenericLabels, value: number) => metric.handleOf(labels).observe(value),
    });
    const inFlight = this.metric("http_requests_in_flight");
    return {
      requests: counter(this.httpRequests),
      duration: observer(this.httpDuration),
      requestSize: observer(this.metric("http_request_size")),
      responseSize: observer(this.metric("http_response_size")),
      inFlight: {
        inc: (labels, value = 1) => inFlight.handleOf(labels).inc(value),
        dec: (labels, value = 1) => inFlight.handleOf(labels).dec(value),
      },
    };
  }

  // Performance statistics.

  updatePerformance(strategy: string, stats: PerformanceStats): void {
    const setIf = (key: MetricKey, value: number | undefined) => {
      if (value !== undefined) this.metric(key).handle1(strategy).set(value);
    };
    // A statistic not defined yet (no closed trade) is NaN, and is shown as such.
    const ratio = (value: number | undefined, argument: string) =>
      value === undefined || Number.isNaN(value)
        ? value
        : checkRatio(value, "updatePerformance", argument);
    setIf("win_ratio", ratio(stats.winRatio, "winRatio"));
    setIf("profit_factor", stats.profitFactor);
    setIf("sharpe_ratio", stats.sharpeRatio);
    const drawdown = stats.maxDrawdownRatio;
    setIf(
      "performance_max_drawdown",
      ratio(drawdown === undefined ? undefined : Math.abs(drawdown), "maxDrawdownRatio"),
    );
    setIf("average_win", stats.averageWinUsd);
    setIf("average_loss", stats.averageLossUsd);
    setIf("win_streak", stats.winStreak);
    setIf("loss_streak", stats.lossStreak);
  }

  private metric(key: MetricKey): CatalogMetric {
    return this.metrics.get(key)!;
  }

  private metricOfType(key: string, types: readonly string[]): CatalogMetric {
    const metric = this.metrics.get(key);
    if (metric === undefined) {
      throw new TradewatchError("ERR_METRIC_NOT_FOUND", `Unknown catalog metric key "${key}"`);
    }
    if (!types.includes(metric.definition.type)) {
      throw new TradewatchError(
        "ERR_METRIC_TYPE_MISMATCH",
        `Metric "${key}" is a ${metric.definition.type}: cannot ${types.includes("histogram") ? "observe" : types.length === 1 ? "set" : "inc"} it`,
      );
    }
    return metric;
  }
}
