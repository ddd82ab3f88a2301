/** @module The enabled recorder: the catalog registered once, and every TradingRecorder method handed to the part of its domain. */

import type { GaugeKey, HistogramKey } from "../../catalog/catalog.js";
import type {
  AiAction,
  CacheLayer,
  CacheOperation,
  Component,
  CycleStage,
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
} from "../../catalog/label-values.js";
import { normalizeNamespace } from "../../catalog/namespace.js";
import { Registry } from "../../metrics/index.js";
import { SeedAliases } from "../seed-aliases.js";
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
import { CatalogFamilies } from "./catalog-families.js";
import { resolveConstLabels } from "./const-labels.js";
import { AiPart } from "./parts/ai-part.js";
import { CachePart } from "./parts/cache-part.js";
import { CyclePart } from "./parts/cycle-part.js";
import { DataPart } from "./parts/data-part.js";
import { ExchangeApiPart } from "./parts/exchange-api-part.js";
import { ExecutionPart } from "./parts/execution-part.js";
import { GenericPart } from "./parts/generic-part.js";
import { HttpPart } from "./parts/http-part.js";
import { PerformancePart } from "./parts/performance-part.js";
import { PortfolioPart } from "./parts/portfolio-part.js";
import { RiskPart } from "./parts/risk-part.js";
import { RulesPart } from "./parts/rules-part.js";
import { StrategyPart } from "./parts/strategy-part.js";
import { SystemPart } from "./parts/system-part.js";

/**
 * The enabled recorder. Creating it registers every catalog metric in the registry; label
 * sets known up front are bound then, and the rest are bound once on first use. Each method
 * is one call to the part of its catalog domain, which owns that domain's handles and state;
 * the seeds' aliases come from {@link SeedAliases}.
 */
export class LiveRecorder extends SeedAliases implements TradingRecorder {
  readonly enabled = true;
  readonly registry: Registry;
  readonly namespace: string;

  private readonly generic: GenericPart;
  private readonly cycle: CyclePart;
  private readonly portfolio: PortfolioPart;
  private readonly execution: ExecutionPart;
  private readonly risk: RiskPart;
  private readonly rules: RulesPart;
  private readonly exchangeApi: ExchangeApiPart;
  private readonly data: DataPart;
  private readonly strategy: StrategyPart;
  private readonly ai: AiPart;
  private readonly cache: CachePart;
  private readonly system: SystemPart;
  private readonly http: HttpPart;
  private readonly performance: PerformancePart;

  constructor(options: RecorderOptions = {}) {
    super();
    this.registry = options.registry ?? new Registry();
    this.namespace = normalizeNamespace(options.namespace ?? "tradewatch");
    const constLabels = resolveConstLabels(options.constLabels);
    const universes = { ...options.universes };
    if (options.symbols !== undefined) universes.symbol = options.symbols;
    const families = new CatalogFamilies({
      registry: this.registry,
      namespace: this.namespace,
      constLabelNames: constLabels.names,
      constLabelValues: constLabels.values,
      maxSeries: options.maxSeries,
      universes,
      collect: (key) => (key === "uptime" ? () => this.system.collectUptime() : undefined),
    });
    this.generic = new GenericPart(families);
    this.portfolio = new PortfolioPart(families);
    this.cycle = new CyclePart(families, this.portfolio);
    this.execution = new ExecutionPart(families);
    this.risk = new RiskPart(families);
    this.rules = new RulesPart(families);
    this.exchangeApi = new ExchangeApiPart(families);
    this.data = new DataPart(families);
    this.strategy = new StrategyPart(families);
    this.ai = new AiPart(families);
    this.cache = new CachePart(families);
    this.system = new SystemPart(
      families,
      this.risk,
      options.startTimeMs ?? Date.now(),
      options.version ?? "unknown",
    );
    this.http = new HttpPart(families);
    this.performance = new PerformancePart(families);
  }

  // Generic API.
  inc(key: string, valueOrLabels?: number | GenericLabels, labels?: GenericLabels): void {
    this.generic.inc(key, valueOrLabels, labels);
  }
  set(key: GaugeKey, value: number, labels?: GenericLabels): void {
    this.generic.set(key, value, labels);
  }
  observe(key: HistogramKey, value: number, labels?: GenericLabels): void {
    this.generic.observe(key, value, labels);
  }
  startTimer(key: HistogramKey, labels?: GenericLabels): () => number {
    return this.generic.startTimer(key, labels);
  }

  // Trading cycle.
  recordCycle(stats: CycleStats): void {
    this.cycle.recordCycle(stats);
  }
  recordStageDuration(stage: CycleStage, seconds: number): void {
    this.cycle.recordStageDuration(stage, seconds);
  }
  startCycle(): CycleTimer {
    return this.cycle.startCycle();
  }
  recordNoTradeReason(reason: string): void {
    this.cycle.recordNoTradeReason(reason);
  }
  bindCycle(): CycleRecorder {
    return this.cycle.bindCycle();
  }

  // Bound recorders of the other domains.
  bindSymbol(symbol: string, source?: string): SymbolRecorder {
    return this.execution.bindSymbol(symbol, source);
  }
  bindBars(symbol: string, source?: string, timeframe?: Timeframe): BarRecorder {
    return this.data.bindBars(symbol, source, timeframe);
  }
  bindStrategy(strategy: string): StrategyRecorder {
    return this.strategy.bindStrategy(strategy);
  }
  bindEndpoint(endpoint: string): EndpointRecorder {
    return this.exchangeApi.bindEndpoint(endpoint);
  }
  bindRule(rule: string): RuleRecorder {
    return this.rules.bindRule(rule);
  }

  // Portfolio.
  recordExposure(atRiskRatio: number, pendingRatio?: number): void {
    this.portfolio.recordExposure(atRiskRatio, pendingRatio);
  }
  recordOpenPositions(count: number): void {
    this.portfolio.recordOpenPositions(count);
  }
  recordPendingOrders(count: number): void {
    this.portfolio.recordPendingOrders(count);
  }
  recordPositionValue(symbol: string, valueUsd: number): void {
    this.portfolio.recordPositionValue(symbol, valueUsd);
  }
  updatePortfolioMetrics(update: PortfolioUpdate): void {
    this.portfolio.updatePortfolioMetrics(update);
  }

  // Execution.
  recordOrderIntent(strategy: string): void {
    this.execution.recordOrderIntent(strategy);
  }
  recordOrderPlaced(symbol: string, side: Side, notionalUsd?: number): void {
    this.execution.recordOrderPlaced(symbol, side, notionalUsd);
  }
  recordOrderFilled(symbol: string, side: Side): void {
    this.execution.recordOrderFilled(symbol, side);
  }
  recordOrderCanceled(symbol: string): void {
    this.execution.recordOrderCanceled(symbol);
  }
  recordOrderRejection(reason: unknown): void {
    this.execution.recordOrderRejection(reason);
  }
  recordFillRatio(fills: number, totalOrders: number): void {
    this.execution.recordFillRatio(fills, totalOrders);
  }
  trackTrade(symbol: string, side: Side, quantity: number, fillPrice: number): void {
    this.execution.trackTrade(symbol, side, quantity, fillPrice);
  }
  recordPositionClosed(realizedPnlUsd: number): void {
    this.execution.recordPositionClosed(realizedPnlUsd);
  }
  recordSlippage(side: Side, expectedPrice: number, fillPrice: number): void {
    this.execution.recordSlippage(side, expectedPrice, fillPrice);
  }
  recordCommission(usd: number): void {
    this.execution.recordCommission(usd);
  }
  recordOrderTimestamps(timestamps: OrderTimestamps): void {
    this.execution.recordOrderTimestamps(timestamps);
  }
  recordPovDownscale(): void {
    this.execution.recordPovDownscale();
  }

  // Risk and rules.
  recordRiskRejection(reason: unknown): void {
    this.risk.recordRiskRejection(reason);
  }
  recordCircuitBreakerState(breaker: string, isOpen: boolean): void {
    this.risk.recordCircuitBreakerState(breaker, isOpen);
  }
  recordCircuitBreakerTrip(breaker: string): void {
    this.risk.recordCircuitBreakerTrip(breaker);
  }
  setKillSwitch(type: KillSwitchType, active: boolean, source?: KillSwitchSource): void {
    this.risk.setKillSwitch(type, active, source);
  }
  trackConstitutionCheck(rule: string, passed: boolean): void {
    this.rules.trackConstitutionCheck(rule, passed);
  }

  // Exchange API.
  recordApiRequest(endpoint: string, seconds: number): void {
    this.exchangeApi.recordApiRequest(endpoint, seconds);
  }
  recordApiError(error: unknown, consecutiveCount?: number, endpoint?: string): void {
    this.exchangeApi.recordApiError(error, consecutiveCount, endpoint);
  }
  resetConsecutiveApiErrors(): void {
    this.exchangeApi.resetConsecutiveApiErrors();
  }
  trackApiCall<T>(endpoint: string, call: () => T): T {
    return this.exchangeApi.trackApiCall(endpoint, call);
  }
  recordRateLimitUtilization(ratio: number): void {
    this.exchangeApi.recordRateLimitUtilization(ratio);
  }
  recordRateLimitViolation(): void {
    this.exchangeApi.recordRateLimitViolation();
  }

  // Data plane.
  recordTick(source: string, symbol: string, ageSeconds?: number): void {
    this.data.recordTick(source, symbol, ageSeconds);
  }
  recordBar(source: string, symbol: string, timeframe: Timeframe): void {
    this.data.recordBar(source, symbol, timeframe);
  }
  recordOrderFlowImbalanceEvent(symbol: string): void {
    this.data.recordOrderFlowImbalanceEvent(symbol);
  }
  recordDataCompleteness(symbol: string, ratio: number): void {
    this.data.recordDataCompleteness(symbol, ratio);
  }
  recordDataStaleness(dataType: DataType, seconds: number): void {
    this.data.recordDataStaleness(dataType, seconds);
  }
  recordValidationError(source: string, errorType: ValidationErrorType): void {
    this.data.recordValidationError(source, errorType);
  }
  recordClockDriftRejection(source: string): void {
    this.data.recordClockDriftRejection(source);
  }
  recordNormalizationError(source: string): void {
    this.data.recordNormalizationError(source);
  }
  recordDeadLetter(source: string): void {
    this.data.recordDeadLetter(source);
  }
  recordStorageWrite(seconds: number, succeeded?: boolean): void {
    this.data.recordStorageWrite(seconds, succeeded);
  }
  recordProviderRequest(provider: string, seconds: number, error?: unknown): void {
    this.data.recordProviderRequest(provider, seconds, error);
  }
  recordProviderCacheHitRatio(provider: string, ratio: number): void {
    this.data.recordProviderCacheHitRatio(provider, ratio);
  }
  recordProviderDataAge(provider: string, seconds: number): void {
    this.data.recordProviderDataAge(provider, seconds);
  }

  // Strategy plane.
  recordSignal(strategy: string, direction: SignalDirection, strength?: number): void {
    this.strategy.recordSignal(strategy, direction, strength);
  }
  recordStrategyExposure(strategy: string, grossUsd: number, netUsd: number): void {
    this.strategy.recordStrategyExposure(strategy, grossUsd, netUsd);
  }
  recordStrategyPnl(strategy: string, realizedUsd: number, unrealizedUsd: number): void {
    this.strategy.recordStrategyPnl(strategy, realizedUsd, unrealizedUsd);
  }
  setRegime(regime: Regime): void {
    this.strategy.setRegime(regime);
  }
  recordStrategyEvaluation(strategy: string, seconds: number): void {
    this.strategy.recordStrategyEvaluation(strategy, seconds);
  }
  recordSignalGeneration(strategy: string, seconds: number): void {
    this.strategy.recordSignalGeneration(strategy, seconds);
  }
  recordDecisionDuration(strategy: string, seconds: number): void {
    this.strategy.recordDecisionDuration(strategy, seconds);
  }

  // AI agent.
  recordAiAnalysis(): void {
    this.ai.recordAiAnalysis();
  }
  recordAiDecision(symbol: string, action: AiAction, conviction?: number): void {
    this.ai.recordAiDecision(symbol, action, conviction);
  }
  trackAiRequest<T>(model: string, costUsd: number, request: () => T): T {
    return this.ai.trackAiRequest(model, costUsd, request);
  }
  recordAiRequest(model: string, seconds: number, costUsd?: number, succeeded?: boolean): void {
    this.ai.recordAiRequest(model, seconds, costUsd, succeeded);
  }

  // Feature store and caches.
  recordCacheHit(layer: CacheLayer): void {
    this.cache.recordCacheHit(layer);
  }
  recordCacheMiss(): void {
    this.cache.recordCacheMiss();
  }
  updateCacheMetrics(hits: number, misses: number): void {
    this.cache.updateCacheMetrics(hits, misses);
  }
  recordCacheOperation(layer: CacheLayer, operation: CacheOperation, seconds: number): void {
    this.cache.recordCacheOperation(layer, operation, seconds);
  }
  trackFeatureCalculation<T>(feature: string, calculate: () => T): T {
    return this.cache.trackFeatureCalculation(feature, calculate);
  }
  recordFeatureStoreQuery(seconds: number): void {
    this.cache.recordFeatureStoreQuery(seconds);
  }

  // System.
  updateSystemHealth(health: SystemHealth): void {
    this.system.updateSystemHealth(health);
  }
  recordDatabaseQuery(database: Database, queryType: QueryType, seconds: number): void {
    this.system.recordDatabaseQuery(database, queryType, seconds);
  }
  recordDatabasePoolUsage(database: Database, ratio: number): void {
    this.system.recordDatabasePoolUsage(database, ratio);
  }
  recordError(component: Component, severity?: Severity): void {
    this.system.recordError(component, severity);
  }

  // HTTP API.
  recordHttpRequest(request: HttpRequestRecord): void {
    this.http.recordHttpRequest(request);
  }
  startHttpRequest(): () => void {
    return this.http.startHttpRequest();
  }
  httpMetricSet(): RecorderHttpMetrics {
    return this.http.httpMetricSet();
  }

  // Performance statistics.
  updatePerformance(strategy: string, stats: PerformanceStats): void {
    this.performance.updatePerformance(strategy, stats);
  }
}
