/** @module Entry point of `tradewatch/bot`: the reference paper-trading bot, its events and its bus. */
export type { BacktestOptions, BacktestSummary } from "./backtest.js";
export { runBacktest } from "./backtest.js";
export type { BotConfig, CreateBotOptions, RunningBot, StrategyName } from "./bot.js";
export { Bot, createBot, defaultBotConfig, startBot } from "./bot.js";
export type { Clock } from "./clock.js";
export { SimulatedClock, systemClock } from "./clock.js";
export type { CycleTelemetry, CycleTelemetryLayout } from "./engine/cycle-telemetry.js";
export { noopCycleTelemetry } from "./engine/cycle-telemetry.js";
export type { DeadLetter } from "./engine/dead-letter-queue.js";
export { DeadLetterQueue } from "./engine/dead-letter-queue.js";
export type { TradingEngineConfig, TradingEngineParts } from "./engine/trading-engine.js";
export { TradingEngine } from "./engine/trading-engine.js";
export type {
  ApiCallFailed,
  ApiCallSucceeded,
  BarReceived,
  BotEvent,
  BotEventType,
  BotStateChanged,
  BreakerReset,
  BreakerTripped,
  CycleCompleted,
  DataNormalizationFailed,
  DataRecovered,
  DataStale,
  DataValidationFailed,
  EventOfType,
  ExchangeConnectionChanged,
  ExchangeEvent,
  KillSwitchChanged,
  OrderAcknowledged,
  OrderCancelled,
  OrderDenied,
  OrderEvent,
  OrderFilled,
  OrderFlowImbalanceDetected,
  OrderIntentCreated,
  OrderRejected,
  OrderResized,
  OrderSubmitted,
  PortfolioUpdated,
  PositionClosed,
  RateLimitUsage,
  RegimeChanged,
  RiskChecksEvaluated,
  RiskEvent,
  SignalGenerated,
  TickReceived,
} from "./events.js";
export {
  BaseError,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  OperationFailed,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
} from "./execution/exchange-errors.js";
export type {
  ApiResponse,
  ExecutionClient,
  ExecutionReport,
  OrderRequest,
} from "./execution/execution-client.js";
export type { FaultConfig, FaultOptions, FaultRates } from "./execution/paper/fault-injector.js";
export type { FillModelConfig } from "./execution/paper/fill-model.js";
export { FillModel } from "./execution/paper/fill-model.js";
export type { PaperExchangeConfig } from "./execution/paper/paper-exchange.js";
export { PaperExchange } from "./execution/paper/paper-exchange.js";
export type { RateLimiterConfig } from "./execution/rate-limiter.js";
export { RateLimiter } from "./execution/rate-limiter.js";
export type { CcxtPublicExchange } from "./market/ccxt/ccxt-market-data.js";
export { CcxtMarketData, createCcxtExchange } from "./market/ccxt/ccxt-market-data.js";
export type { BarArchiveObserver, BarArchiveOptions } from "./market/csv/bar-archive.js";
export { BarArchive } from "./market/csv/bar-archive.js";
export { CsvReplay } from "./market/csv/csv-replay.js";
export { formatOhlcvCsv } from "./market/csv/format-ohlcv-csv.js";
export { parseOhlcvCsv } from "./market/csv/parse-ohlcv-csv.js";
export type { MarketBatch, MarketDataSource, Tick } from "./market/market-data-source.js";
export type { SimulatedMarketConfig } from "./market/simulated/simulated-market.js";
export { SimulatedMarket } from "./market/simulated/simulated-market.js";
export type { Handler } from "./message-bus.js";
export { MessageBus } from "./message-bus.js";
export type { PortfolioConfig } from "./portfolio/portfolio.js";
export { Portfolio } from "./portfolio/portfolio.js";
export type { PortfolioView } from "./portfolio/portfolio-view.js";
export { SeededRandom } from "./random.js";
export type { CircuitBreakerConfig } from "./risk/circuit-breakers.js";
export { CircuitBreakers } from "./risk/circuit-breakers.js";
export type { KillSwitchConfig } from "./risk/kill-switch.js";
export { KillSwitch } from "./risk/kill-switch.js";
export type { RiskConfig, RiskDecision } from "./risk/risk-engine.js";
export { RiskEngine } from "./risk/risk-engine.js";
export type { MeanReversionConfig } from "./strategy/mean-reversion/mean-reversion-strategy.js";
export { MeanReversionStrategy } from "./strategy/mean-reversion/mean-reversion-strategy.js";
export type { RegimeDetectorConfig } from "./strategy/regime-detector.js";
export { RegimeDetector } from "./strategy/regime-detector.js";
export type { Signal, Strategy } from "./strategy/strategy.js";
export type { TrendMomentumConfig } from "./strategy/trend-momentum/trend-momentum-strategy.js";
export { TrendMomentumStrategy } from "./strategy/trend-momentum/trend-momentum-strategy.js";
export type { DataQualityEvent, Topic } from "./switchboard.js";
export { planeOf, switchboard } from "./switchboard.js";
export { type BotRecorderOptions, createBotRecorder } from "./telemetry/bot-recorder.js";
export {
  type BotInstrumentation,
  type BotInstrumentationConfig,
  instrumentBot,
} from "./telemetry/instrument-bot.js";
export type { MetricsSubscriberConfig } from "./telemetry/metrics-subscriber.js";
export { MetricsSubscriber } from "./telemetry/metrics-subscriber.js";
export {
  RecorderCycleTelemetry,
  type RecorderCycleTelemetryConfig,
} from "./telemetry/recorder-cycle-telemetry.js";
export type {
  Bar,
  BotState,
  BreakerName,
  CycleStage,
  CycleStatus,
  DataErrorType,
  KillSwitchSource,
  Lifecycle,
  MarketSource,
  OrderSide,
  OrderType,
  Plane,
  PositionSnapshot,
  Regime,
  RiskCheck,
  SignalDirection,
} from "./types.js";
export { breakerNames, cycleStages, planes, regimes, riskChecks } from "./types.js";
