/** @module The recorder contract: the typed API a bot records trading events through. */

import type { CounterKey, GaugeKey, HistogramKey } from "../catalog/catalog.js";
import type {
  AiAction,
  CacheLayer,
  CacheOperation,
  Component,
  CycleStage,
  CycleStatus,
  Database,
  DataType,
  KillSwitchSource,
  KillSwitchType,
  QueryType,
  Regime,
  Severity,
  Side,
  SignalDirection,
  Timeframe,
  ValidationErrorType,
} from "../catalog/label-values.js";
import type { Registry } from "../metrics/index.js";
import type {
  CycleStats,
  GenericLabels,
  HttpRequestRecord,
  OrderTimestamps,
  PerformanceStats,
  PortfolioUpdate,
  RecorderHttpMetrics,
  SystemHealth,
} from "./types.js";

/** Times one trading cycle and its stages. */
export interface CycleTimer {
  /** Starts timing a stage; call the returned function when it ends. Returns the seconds. */
  startStage(stage: CycleStage): () => number;
  /** Ends the cycle, recording its duration, status and any extra stats. Returns the seconds. */
  end(status: CycleStatus, stats?: Omit<CycleStats, "durationSeconds" | "status">): number;
}

/**
 * The per-tick records of one symbol (and one data source), every series bound when the
 * symbol is bound: a record is an array-slot update, with no label lookup at all.
 */
export interface SymbolRecorder {
  readonly symbol: string;
  /** Counts a tick from the bound source and, when given, observes its age on arrival. */
  tick(ageSeconds?: number): void;
  orderPlaced(side: Side, notionalUsd?: number): void;
  orderFilled(side: Side): void;
  trade(side: Side, quantity: number, fillPrice: number): void;
  positionValue(valueUsd: number): void;
  completeness(ratio: number): void;
  orderFlowImbalanceEvent(): void;
}

/** The bar count of one symbol from one source, of one timeframe, its series bound once. */
export interface BarRecorder {
  readonly symbol: string;
  /** Counts a bar. */
  bar(): void;
}

/**
 * The per-cycle records, every series bound when the cycle recorder is bound: a record is
 * an array-slot update, with no label lookup (the no-trade reason is one cached lookup).
 */
export interface CycleRecorder {
  /**
   * Counts a cycle that ended with `status`, observes its duration and sets the time it
   * completed (Unix seconds).
   */
  completed(status: CycleStatus, durationSeconds: number, completedAtSeconds: number): void;
  /** Observes the durations of the five core stages, in seconds. */
  stages(
    marketData: number,
    signals: number,
    risk: number,
    execution: number,
    portfolio: number,
  ): void;
  /** Sets how many proposals the cycle made, the risk engine approved, and execution carried out. */
  proposals(proposed: number, approved: number, executed: number): void;
  /** Counts a cycle that made no trade, its reason normalised. */
  noTrade(reason: string): void;
}

/** The per-cycle records of one strategy, every series bound when the strategy is bound. */
export interface StrategyRecorder {
  readonly strategy: string;
  /**
   * Counts a signal and, when given, observes its strength (0-1, absolute) and the seconds
   * the strategy took to generate it (`strategy_signal_generation_duration_seconds`).
   */
  signal(direction: SignalDirection, strength?: number, generationSeconds?: number): void;
  /** Observes the seconds from a signal to the risk decision on its order intent. */
  decision(seconds: number): void;
  /** Observes the time the strategy took to evaluate the cycle's bars. */
  evaluation(seconds: number): void;
  /** Counts an order intent of the strategy. */
  intent(): void;
}

/** The records of one exchange API endpoint, its series bound when the endpoint is bound. */
export interface EndpointRecorder {
  readonly endpoint: string;
  /** Counts a call and observes its duration. */
  request(seconds: number): void;
}

/** The records of one constitution (risk) rule, its series bound when the rule is bound. */
export interface RuleRecorder {
  readonly rule: string;
  /** Counts a check of the rule; a failed check is also a violation. */
  check(passed: boolean): void;
}

/**
 * Everything a trading system records, in one typed API over the catalog. Ratios are 0-1,
 * money is USD, durations are seconds. Free-text reasons and errors are normalised into
 * closed sets; universe labels (symbol, strategy, endpoint...) are bounded by the configured
 * universe. `createRecorder({ enabled: false })` returns the same methods doing nothing.
 *
 * @example
 * const recorder = createRecorder({ namespace: "tradewatch", symbols: ["BTC/USDT"] });
 * recorder.recordOrderPlaced("BTC/USDT", "buy", 250);
 * recorder.recordOrderRejection("Insufficient balance for requested action");
 * await recorder.trackApiCall("fetch_ticker", () => exchange.fetchTicker("BTC/USDT"));
 */
export interface TradingRecorder {
  /** False when this is the disabled recorder. */
  readonly enabled: boolean;
  /** The registry the metrics are registered with. */
  readonly registry: Registry;
  /** The namespace prefix of every metric name. */
  readonly namespace: string;

  // Generic API by catalog key (seed 003's `inc/observe/set`).
  /** Adds `value` (default 1) to a counter or gauge by key. Label values are normalised by their bound. */
  inc(key: CounterKey | GaugeKey, labels?: GenericLabels): void;
  inc(key: CounterKey | GaugeKey, value: number, labels?: GenericLabels): void;
  /** Sets a gauge by key. */
  set(key: GaugeKey, value: number, labels?: GenericLabels): void;
  /** Observes a value into a histogram by key. */
  observe(key: HistogramKey, value: number, labels?: GenericLabels): void;
  /**
   * Starts timing into a histogram by key; the returned function observes the seconds
   * elapsed and returns them (seed 004's `track_duration_context`).
   */
  startTimer(key: HistogramKey, labels?: GenericLabels): () => number;

  // Trading cycle.
  /** Records a completed cycle: duration, status, proposals, stages, no-trade reason, portfolio. */
  recordCycle(stats: CycleStats): void;
  /** Seed 001's name for {@link recordCycle}. */
  updateFromCycleStats(stats: CycleStats): void;
  /** Records the duration of one cycle stage. */
  recordStageDuration(stage: CycleStage, seconds: number): void;
  /** Starts timing a cycle. */
  startCycle(): CycleTimer;
  /** Counts a cycle that made no trade, with its reason normalised. */
  recordNoTradeReason(reason: string): void;

  /**
   * Returns the per-tick recorder of one symbol, its series bound now; hold it on hot paths.
   *
   * @example
   * const btc = recorder.bindSymbol("BTC/USDT", "ccxt_binance");
   * btc.tick(0.012);
   */
  bindSymbol(symbol: string, source?: string): SymbolRecorder;
  /**
   * Returns the bar counter of one symbol from `source` (default `other`) of `timeframe`
   * (default 1m), its series bound now. It binds no other series, so a data plane's registry
   * holds no order series.
   */
  bindBars(symbol: string, source?: string, timeframe?: Timeframe): BarRecorder;
  /**
   * Returns the per-cycle recorder, its series bound now; hold it on hot paths.
   *
   * @example
   * const cycles = recorder.bindCycle();
   * cycles.completed("success", 0.012, Date.now() / 1000);
   */
  bindCycle(): CycleRecorder;
  /** Returns the recorder of one strategy, its series bound now (the name bounded by the universe). */
  bindStrategy(strategy: string): StrategyRecorder;
  /** Returns the recorder of one exchange API endpoint, its series bound now. */
  bindEndpoint(endpoint: string): EndpointRecorder;
  /** Returns the recorder of one constitution rule, its series bound now. */
  bindRule(rule: string): RuleRecorder;

  // Portfolio.
  /**
   * Sets exposure as fractions of account value (0-1): open positions and resting orders.
   * A value outside 0..1 (a percent, say) throws `ERR_RATIO_OUT_OF_RANGE`; so does every
   * ratio argument of this API outside the range its metric holds.
   */
  recordExposure(atRiskRatio: number, pendingRatio?: number): void;
  /**
   * Sets exposure from percentages of account value (0-100), as the seeds pass them.
   *
   * @example
   * recorder.recordExposurePercent(18.5, 2.3); // stored as 0.185 and 0.023
   */
  recordExposurePercent(atRiskPercent: number, pendingPercent?: number): void;
  recordOpenPositions(count: number): void;
  recordPendingOrders(count: number): void;
  recordPositionValue(symbol: string, valueUsd: number): void;
  /** Sets every portfolio figure given (seed 002's `update_portfolio_metrics`). */
  updatePortfolioMetrics(update: PortfolioUpdate): void;

  // Execution.
  recordOrderIntent(strategy: string): void;
  /** Counts an order submitted to the exchange, and its notional when given. */
  recordOrderPlaced(symbol: string, side: Side, notionalUsd?: number): void;
  /** Counts an order filled completely. */
  recordOrderFilled(symbol: string, side: Side): void;
  /** Seed 000's fill count by side; without a symbol the symbol is `other`. */
  recordFill(side: Side, symbol?: string): void;
  recordOrderCanceled(symbol: string): void;
  /** Counts an exchange rejection, its reason (text or error) normalised into nine categories. */
  recordOrderRejection(reason: unknown): void;
  /** Sets the fill ratio of the last cycle from its counts (0 when nothing was attempted). */
  recordFillRatio(fills: number, totalOrders: number): void;
  /** Counts one execution and its notional (seed 002's `track_trade`). */
  trackTrade(symbol: string, side: Side, quantity: number, fillPrice: number): void;
  /** Counts a closed position as a win, loss or breakeven by its realised PnL. */
  recordPositionClosed(realizedPnlUsd: number): void;
  /** Observes signed slippage: positive when the fill is worse than expected for the side. */
  recordSlippage(side: Side, expectedPrice: number, fillPrice: number): void;
  recordCommission(usd: number): void;
  /** Observes the lifecycle legs whose two ends are given. */
  recordOrderTimestamps(timestamps: OrderTimestamps): void;
  recordPovDownscale(): void;

  // Risk and rules.
  /** Counts a risk-engine rejection, its reason normalised into nine categories. */
  recordRiskRejection(reason: unknown): void;
  /** Sets a breaker's state (1 open, 0 closed); the name is normalised. */
  recordCircuitBreakerState(breaker: string, isOpen: boolean): void;
  /** Opens a breaker and counts the trip. */
  recordCircuitBreakerTrip(breaker: string): void;
  /** Seed 001's name for {@link recordCircuitBreakerTrip}. */
  recordCircuitBreaker(type: string): void;
  /**
   * Sets a kill switch of this type and source (default `other`); turning it on counts a
   * trigger. Each source is its own series, so a second source engaging is a new alert.
   */
  setKillSwitch(type: KillSwitchType, active: boolean, source?: KillSwitchSource): void;
  /** Counts a constitution rule check; a failed check is also a violation. */
  trackConstitutionCheck(rule: string, passed: boolean): void;

  // Exchange API.
  /** Counts an exchange API call and observes its duration. */
  recordApiRequest(endpoint: string, seconds: number): void;
  /**
   * Counts an API error, its type normalised from the error (ccxt class, HTTP status,
   * message), and sets the consecutive error count: `consecutiveCount` when given, else one
   * more than before. A rate-limit error also counts a rate-limit violation.
   */
  recordApiError(error: unknown, consecutiveCount?: number, endpoint?: string): void;
  /** Sets the consecutive API error count back to zero (after a successful call). */
  resetConsecutiveApiErrors(): void;
  /** Calls `call`, timing it; success resets the error streak, failure is recorded and rethrown. */
  trackApiCall<T>(endpoint: string, call: () => T): T;
  recordRateLimitUtilization(ratio: number): void;
  recordRateLimitViolation(): void;

  // Data plane.
  /** Counts a tick and, when given, observes its age on arrival. */
  recordTick(source: string, symbol: string, ageSeconds?: number): void;
  recordBar(source: string, symbol: string, timeframe: Timeframe): void;
  recordOrderFlowImbalanceEvent(symbol: string): void;
  recordDataCompleteness(symbol: string, ratio: number): void;
  recordDataStaleness(dataType: DataType, seconds: number): void;
  recordValidationError(source: string, errorType: ValidationErrorType): void;
  recordClockDriftRejection(source: string): void;
  recordNormalizationError(source: string): void;
  recordDeadLetter(source: string): void;
  recordStorageWrite(seconds: number, succeeded?: boolean): void;
  /** Counts a provider call and its duration; with an error, counts it (and a rate-limit hit). */
  recordProviderRequest(provider: string, seconds: number, error?: unknown): void;
  recordProviderCacheHitRatio(provider: string, ratio: number): void;
  recordProviderDataAge(provider: string, seconds: number): void;

  // Strategy plane.
  /** Counts a signal and, when given, observes its strength (0-1, absolute). */
  recordSignal(strategy: string, direction: SignalDirection, strength?: number): void;
  recordStrategyExposure(strategy: string, grossUsd: number, netUsd: number): void;
  recordStrategyPnl(strategy: string, realizedUsd: number, unrealizedUsd: number): void;
  /** Sets the current regime; a change from the previous one counts a transition. */
  setRegime(regime: Regime): void;
  recordStrategyEvaluation(strategy: string, seconds: number): void;
  recordSignalGeneration(strategy: string, seconds: number): void;
  recordDecisionDuration(strategy: string, seconds: number): void;

  // AI agent.
  recordAiAnalysis(): void;
  recordAiDecision(symbol: string, action: AiAction, conviction?: number): void;
  /** Calls `request`, timing it and counting it with its cost (seed 002's `track_ai_request`). */
  trackAiRequest<T>(model: string, costUsd: number, request: () => T): T;
  recordAiRequest(model: string, seconds: number, costUsd?: number, succeeded?: boolean): void;

  // Feature store and caches.
  recordCacheHit(layer: CacheLayer): void;
  recordCacheMiss(): void;
  /** Sets the cache hit ratio from counts over the reporting window (seed 002). */
  updateCacheMetrics(hits: number, misses: number): void;
  recordCacheOperation(layer: CacheLayer, operation: CacheOperation, seconds: number): void;
  /** Calls `calculate`, timing it (seed 002's `track_feature_calculation`). */
  trackFeatureCalculation<T>(feature: string, calculate: () => T): T;
  recordFeatureStoreQuery(seconds: number): void;

  // System.
  /** Sets uptime, database connection states and seed 002's kill switch. */
  updateSystemHealth(health: SystemHealth): void;
  recordDatabaseQuery(database: Database, queryType: QueryType, seconds: number): void;
  recordDatabasePoolUsage(database: Database, ratio: number): void;
  recordError(component: Component, severity?: Severity): void;

  // HTTP API.
  recordHttpRequest(request: HttpRequestRecord): void;
  /** Counts a request in flight; call the returned function when it completes. */
  startHttpRequest(): () => void;
  /**
   * Returns the HTTP metrics for the HTTP middleware to record into, constant labels added:
   * `new HttpMetrics({ metrics: recorder.httpMetricSet() })`. Creating the middleware's own
   * metrics on the recorder's registry would register the same names twice.
   */
  httpMetricSet(): RecorderHttpMetrics;

  // Performance statistics.
  /** Sets the performance statistics of a strategy, or of the book as `portfolio`. */
  updatePerformance(strategy: string, stats: PerformanceStats): void;
}
