/** @module Calls every TradingRecorder method once with realistic values; the scrape and Prometheus tests share it. */

import { expect } from "vitest";
import type { TradingRecorder } from "../../src/recorder/trading-recorder.js";

/** Records through every method of the recorder (the generic API included). */
export async function recordEverything(recorder: TradingRecorder): Promise<void> {
  // Generic API (seed 003).
  recorder.inc("ticks_received", { source: "simulated", symbol: "BTC/USDT" });
  recorder.inc("ticks_received", 2, { source: "simulated", symbol: "BTC/USDT" });
  recorder.observe("data_freshness", 0.15, { source: "simulated" });
  recorder.set("completeness_score", 0.95, { symbol: "BTC/USDT" });

  // Cycle.
  recorder.recordCycle({
    durationSeconds: 1.5,
    status: "success",
    proposed: 4,
    approved: 3,
    executed: 2,
    stageDurations: { signals: 0.02 },
    completedAtSeconds: 1_763_700_000,
  });
  recorder.updateFromCycleStats({
    durationSeconds: 0.4,
    status: "no_trade",
    noTradeReason: "all_proposals_blocked_by_risk",
    portfolio: { totalValueUsd: 10_250 },
  });
  recorder.recordStageDuration("risk", 0.003);
  const cycle = recorder.startCycle();
  cycle.startStage("execution")();
  cycle.end("error");
  recorder.recordNoTradeReason("No signals above threshold");

  // Per-symbol bound series (hot path).
  const eth = recorder.bindSymbol("ETH/USDT", "simulated");
  eth.tick(0.02);
  eth.orderPlaced("sell", 80);
  eth.orderFilled("sell");
  eth.trade("sell", 0.01, 3_000);
  eth.positionValue(-30);
  eth.completeness(1);
  eth.orderFlowImbalanceEvent();
  recorder.bindBars("ETH/USDT", "simulated", "1m").bar();

  // Per-cycle, per-strategy, per-endpoint and per-rule bound series (hot paths). The cycle
  // counts and durations above are what the scrape expects, so no cycle is completed here.
  const cycles = recorder.bindCycle();
  cycles.stages(0.01, 0.02, 0, 0.05, 0.001);
  cycles.proposals(4, 3, 1);
  cycles.noTrade("No signals above threshold");
  const trend = recorder.bindStrategy("trend_momentum");
  trend.signal("buy", 0.7);
  trend.evaluation(0.002);
  trend.intent();
  recorder.bindEndpoint("create_order").request(0.08);
  recorder.bindRule("max_exposure").check(true);

  // Portfolio.
  recorder.recordExposure(0.185, 0.023);
  // The same exposure in percent (seed code passes percent): stored as the same ratios.
  recorder.recordExposurePercent(18.5, 2.3);
  recorder.recordOpenPositions(3);
  recorder.recordPendingOrders(2);
  recorder.recordPositionValue("BTC/USDT", 1850);
  recorder.updatePortfolioMetrics({
    cashUsd: 8_000,
    dailyPnlUsd: 125.5,
    monthlyPnlUsd: 410,
    totalPnlUsd: 250,
    dailyReturnRatio: 0.0124,
    totalReturnRatio: 0.025,
    drawdownRatio: 0.01,
    maxDrawdownRatio: -0.035,
  });

  // Execution.
  recorder.recordOrderIntent("momentum");
  recorder.recordOrderPlaced("BTC/USDT", "buy", 250);
  recorder.recordOrderFilled("BTC/USDT", "buy");
  recorder.recordFill("sell", "ETH/USDT");
  recorder.recordOrderCanceled("BTC/USDT");
  recorder.recordOrderRejection('binance {"code":-1013,"msg":"Filter failure: MIN_NOTIONAL"}');
  recorder.recordFillRatio(6, 7);
  recorder.trackTrade("BTC/USDT", "buy", 0.002, 95_000);
  recorder.recordPositionClosed(12.5);
  recorder.recordPositionClosed(-4);
  recorder.recordSlippage("buy", 100, 100.05);
  recorder.recordCommission(0.19);
  recorder.recordOrderTimestamps({
    intentAtMs: 1_000,
    submittedAtMs: 1_002,
    acknowledgedAtMs: 1_052,
    filledAtMs: 1_552,
  });
  recorder.recordPovDownscale();

  // Risk and rules.
  recorder.recordRiskRejection("max exposure cap reached (25%)");
  recorder.recordCircuitBreakerState("rate_limit_cooldown", false);
  recorder.recordCircuitBreakerTrip("api_health");
  recorder.recordCircuitBreaker("kill_switch");
  recorder.setKillSwitch("drawdown", true, "max_drawdown");
  recorder.trackConstitutionCheck("conviction_threshold_buy", false);

  // Exchange API.
  recorder.recordApiRequest("fetch_ticker", 0.12);
  recorder.recordApiError(429, undefined, "fetch_ticker");
  recorder.resetConsecutiveApiErrors();
  await recorder.trackApiCall("create_order", async () => "ok");
  await expect(
    recorder.trackApiCall("cancel_order", async () => {
      throw Object.assign(new Error("Service Unavailable"), { status: 503 });
    }),
  ).rejects.toThrow("Service Unavailable");
  recorder.recordRateLimitUtilization(0.42);
  recorder.recordRateLimitViolation();

  // Data plane.
  recorder.recordTick("simulated", "ETH/USDT", 0.05);
  recorder.recordBar("simulated", "BTC/USDT", "1m");
  recorder.recordOrderFlowImbalanceEvent("BTC/USDT");
  recorder.recordDataCompleteness("ETH/USDT", 0.99);
  recorder.recordDataStaleness("ticker", 2.5);
  recorder.recordValidationError("simulated", "out_of_order");
  recorder.recordClockDriftRejection("simulated");
  recorder.recordNormalizationError("simulated");
  recorder.recordDeadLetter("simulated");
  recorder.recordStorageWrite(0.004);
  recorder.recordProviderRequest("news_api", 0.3);
  recorder.recordProviderRequest("news_api", 0.1, new Error("429 Too Many Requests"));
  recorder.recordProviderCacheHitRatio("news_api", 0.8);
  recorder.recordProviderDataAge("news_api", 60);

  // Strategy plane.
  recorder.recordSignal("momentum", "buy", 0.72);
  recorder.recordStrategyExposure("momentum", 5_000, 1_200);
  recorder.recordStrategyPnl("momentum", 310, -45);
  recorder.setRegime("calm");
  recorder.setRegime("storm");
  recorder.recordStrategyEvaluation("momentum", 0.0021);
  recorder.recordSignalGeneration("momentum", 0.0008);
  recorder.recordDecisionDuration("momentum", 0.0004);
  const evaluation = recorder.startTimer("strategy_evaluation_duration", { strategy: "momentum" });
  expect(evaluation()).toBeGreaterThanOrEqual(0);

  // AI agent.
  recorder.recordAiAnalysis();
  recorder.recordAiDecision("BTC/USDT", "buy", 0.81);
  await recorder.trackAiRequest("claude-3-haiku-20240307", 0.0007, async () => "BUY");
  recorder.recordAiRequest("claude-3-haiku-20240307", 2.5, 0.0014, false);
  recorder.inc("ai_tokens", 120, { model: "claude-3-haiku-20240307", direction: "input" });
  recorder.inc("ai_request_errors", { model: "claude-3-haiku-20240307", error_type: "rate_limit" });

  // Sentiment and exceptions (the instrument layer's SentimentRecorder and recordException use these keys).
  recorder.observe("sentiment_calculation_duration", 0.002);
  recorder.inc("sentiment_provider_uses", { provider: "reddit" });
  recorder.observe("sentiment_aggregate", 0.3);
  recorder.set("sentiment_current", 0.3, { symbol: "BTC/USDT" });
  recorder.inc("sentiment_divergences", { symbol: "BTC/USDT" });
  recorder.set("sentiment_provider_weight", 0.6, { provider: "reddit" });
  recorder.inc("exceptions", { component: "data", error_type: "timeout" });
  recorder.observe("order_symbol_fill_duration", 0.8, { symbol: "BTC/USDT" });

  // Feature store and caches.
  recorder.recordCacheHit("l1");
  recorder.recordCacheMiss();
  recorder.updateCacheMetrics(950, 50);
  recorder.recordCacheOperation("l1", "get", 0.0004);
  expect(recorder.trackFeatureCalculation("mom_20d", () => 0.031)).toBe(0.031);
  recorder.recordFeatureStoreQuery(0.012);

  // System.
  recorder.updateSystemHealth({
    uptimeSeconds: 3_600,
    databases: { timescaledb: true, redis: false },
    killSwitchActive: false,
  });
  recorder.recordDatabaseQuery("sqlite", "write", 0.0015);
  recorder.recordDatabasePoolUsage("postgres", 0.25);
  recorder.recordError("execution", "critical");

  // HTTP API.
  recorder.recordHttpRequest({
    method: "get",
    route: "/metrics",
    statusCode: 200,
    durationSeconds: 0.004,
    requestBytes: 0,
    responseBytes: 48_000,
  });
  recorder.startHttpRequest();
  recorder.startHttpRequest()();
  const middleware = recorder.httpMetricSet();
  middleware.requests.inc({ method: "POST", route: "/orders/:id", status_class: "2xx" });
  middleware.inFlight.inc({});
  middleware.inFlight.dec({});

  // Performance.
  recorder.updatePerformance("portfolio", {
    winRatio: 0.55,
    profitFactor: 1.4,
    sharpeRatio: 1.1,
    maxDrawdownRatio: 0.08,
    averageWinUsd: 42,
    averageLossUsd: -30,
    winStreak: 3,
    lossStreak: 0,
  });
}
