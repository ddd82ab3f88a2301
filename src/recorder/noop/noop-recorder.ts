/** @module The disabled recorder: the same methods, doing nothing, at near-zero cost. */

import { Registry } from "../../metrics/index.js";
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
import type { RecorderHttpMetrics, RecorderOptions } from "../types.js";

const noop = (): void => {};
const noopStop = (): number => 0;
const noopTimer: CycleTimer = { startStage: () => noopStop, end: () => 0 };
const noopCycle: CycleRecorder = Object.freeze({
  completed: noop,
  stages: noop,
  proposals: noop,
  noTrade: noop,
});
const noopHttpMetrics: RecorderHttpMetrics = {
  requests: { inc: noop },
  duration: { observe: noop },
  requestSize: { observe: noop },
  responseSize: { observe: noop },
  inFlight: { inc: noop, dec: noop },
};

/**
 * A recorder whose record methods return at once. The `track*` methods still call the
 * function they wrap and return its result, so code runs the same with metrics off.
 */
export class NoopRecorder implements TradingRecorder {
  readonly enabled = false;
  readonly registry: Registry;
  readonly namespace: string;

  constructor(options: RecorderOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.namespace = options.namespace ?? "tradewatch";
  }

  inc(): void {}
  set(): void {}
  observe(): void {}
  startTimer(): () => number {
    return noopStop;
  }
  recordCycle(): void {}
  updateFromCycleStats(): void {}
  recordStageDuration(): void {}
  startCycle(): CycleTimer {
    return noopTimer;
  }
  recordNoTradeReason(): void {}
  bindSymbol(symbol: string): SymbolRecorder {
    return {
      symbol,
      tick: noop,
      orderPlaced: noop,
      orderFilled: noop,
      trade: noop,
      positionValue: noop,
      completeness: noop,
      orderFlowImbalanceEvent: noop,
    };
  }
  bindBars(symbol: string): BarRecorder {
    return { symbol, bar: noop };
  }
  bindCycle(): CycleRecorder {
    return noopCycle;
  }
  bindStrategy(strategy: string): StrategyRecorder {
    return { strategy, signal: noop, decision: noop, evaluation: noop, intent: noop };
  }
  bindEndpoint(endpoint: string): EndpointRecorder {
    return { endpoint, request: noop };
  }
  bindRule(rule: string): RuleRecorder {
    return { rule, check: noop };
  }
  recordExposure(): void {}
  recordExposurePercent(): void {}
  recordOpenPositions(): void {}
  recordPendingOrders(): void {}
  recordPositionValue(): void {}
  updatePortfolioMetrics(): void {}
  recordOrderIntent(): void {}
  recordOrderPlaced(): void {}
  recordOrderFilled(): void {}
  recordFill(): void {}
  recordOrderCanceled(): void {}
  recordOrderRejection(): void {}
  recordFillRatio(): void {}
  trackTrade(): void {}
  recordPositionClosed(): void {}
  recordSlippage(): void {}
  recordCommission(): void {}
  recordOrderTimestamps(): void {}
  recordPovDownscale(): void {}
  recordRiskRejection(): void {}
  recordCircuitBreakerState(): void {}
  recordCircuitBreakerTrip(): void {}
  recordCircuitBreaker(): void {}
  setKillSwitch(): void {}
  trackConstitutionCheck(): void {}
  recordApiRequest(): void {}
  recordApiError(): void {}
  resetConsecutiveApiErrors(): void {}
  trackApiCall<T>(_endpoint: string, call: () => T): T {
    return call();
  }
  recordRateLimitUtilization(): void {}
  recordRateLimitViolation(): void {}
  recordTick(): void {}
  recordBar(): void {}
  recordOrderFlowImbalanceEvent(): void {}
  recordDataCompleteness(): void {}
  recordDataStaleness(): void {}
  recordValidationError(): void {}
  recordClockDriftRejection(): void {}
  recordNormalizationError(): void {}
  recordDeadLetter(): void {}
  recordStorageWrite(): void {}
  recordProviderRequest(): void {}
  recordProviderCacheHitRatio(): void {}
  recordProviderDataAge(): void {}
  recordSignal(): void {}
  recordStrategyExposure(): void {}
  recordStrategyPnl(): void {}
  setRegime(): void {}
  recordStrategyEvaluation(): void {}
  recordSignalGeneration(): void {}
  recordDecisionDuration(): void {}
  recordAiAnalysis(): void {}
  recordAiDecision(): void {}
  trackAiRequest<T>(_model: string, _costUsd: number, request: () => T): T {
    return request();
  }
  recordAiRequest(): void {}
  recordCacheHit(): void {}
  recordCacheMiss(): void {}
  updateCacheMetrics(): void {}
  recordCacheOperation(): void {}
  trackFeatureCalculation<T>(_feature: string, calculate: () => T): T {
    return calculate();
  }
  recordFeatureStoreQuery(): void {}
  updateSystemHealth(): void {}
  recordDatabaseQuery(): void {}
  recordDatabasePoolUsage(): void {}
  recordError(): void {}
  recordHttpRequest(): void {}
  startHttpRequest(): () => void {
    return noop;
  }
  httpMetricSet(): RecorderHttpMetrics {
    return noopHttpMetrics;
  }
  updatePerformance(): void {}
}
