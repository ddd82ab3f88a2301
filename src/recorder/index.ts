/** @module tradewatch/recorder: the typed API a bot records trading events through. */

export { createRecorder } from "./create-recorder.js";
export { LiveRecorder } from "./live/live-recorder.js";
export { NoopRecorder } from "./noop/noop-recorder.js";
export { apiErrorTypeOfStatus, normalizeApiErrorType } from "./normalizers/api-error-type.js";
export { normalizeBreaker } from "./normalizers/breaker.js";
export { normalizeHttpMethod, statusClassOf } from "./normalizers/http.js";
export { normalizeNoTradeReason } from "./normalizers/no-trade-reason.js";
export { normalizeRejectionReason } from "./normalizers/rejection-reason.js";
export { universeNormalizer } from "./normalizers/universe.js";
export type {
  BarRecorder,
  CycleRecorder,
  CycleTimer,
  EndpointRecorder,
  RuleRecorder,
  StrategyRecorder,
  SymbolRecorder,
  TradingRecorder,
} from "./trading-recorder.js";
export type {
  ConstLabels,
  CycleStats,
  GenericLabels,
  HttpRequestRecord,
  OrderTimestamps,
  PerformanceStats,
  PortfolioUpdate,
  RecorderHttpMetrics,
  RecorderOptions,
  SystemHealth,
  Universes,
} from "./types.js";
