/** @module tradewatch/instrument: timing and counting wrappers, decorators, and HTTP middleware. */

export { type CountedOptions, counted } from "./counted.js";
export { Counted } from "./counted-decorator.js";
export { ErrorTypeNormalizer, type ErrorTypeOptions } from "./error-type.js";
export { type ExpressMetricsOptions, expressMetrics } from "./http/express.js";
export { type FastifyMetricsOptions, fastifyMetrics, instrumentFastify } from "./http/fastify.js";
export { honoMetrics } from "./http/hono.js";
export { type NodeHttpMetricsOptions, nodeHttpMetrics } from "./http/node-http.js";
export { type HttpMethodLabel, httpMethods, normalizeMethod } from "./http/normalize-method.js";
export { RouteMatcher } from "./http/route-matcher.js";
export { type StatusClass, statusClass, statusClasses } from "./http/status-class.js";
export { contentLength, trackNodeResponse } from "./http/track-node-response.js";
export {
  type CompletedRequest,
  type HttpMetricSet,
  HttpMetrics,
  type HttpMetricsOptions,
  type RequestTiming,
} from "./http-metrics.js";
export { InstrumentOptionError } from "./instrument-option-error.js";
export type { FeatureCacheLayer } from "./integrations/cache/feature-cache-layer.js";
export {
  LayeredFeatureStore,
  type LayeredFeatureStoreOptions,
} from "./integrations/cache/layered-feature-store.js";
export { type MemoryLayerOptions, memoryLayer } from "./integrations/cache/memory-layer.js";
export {
  type PgQueryable,
  type PostgresLayerOptions,
  postgresLayer,
} from "./integrations/cache/postgres-layer.js";
export {
  type RedisClientLike,
  type RedisLayerOptions,
  redisLayer,
} from "./integrations/cache/redis-layer.js";
export {
  type CcxtExchangeLike,
  type InstrumentExchangeOptions,
  instrumentExchange,
} from "./integrations/ccxt/instrument-exchange.js";
export {
  type InstrumentPgPoolOptions,
  instrumentPgPool,
  type PgPoolLike,
} from "./integrations/database/instrument-pg-pool.js";
export {
  instrumentRedisConnection,
  type RedisEventsLike,
} from "./integrations/database/instrument-redis-connection.js";
export { queryTypeOf } from "./integrations/database/query-type.js";
export {
  captureProcessErrors,
  recordException,
} from "./integrations/errors/capture-process-errors.js";
export { exceptionTypeOf } from "./integrations/errors/exception-type.js";
export {
  type AnthropicClientLike,
  type InstrumentLlmOptions,
  instrumentAnthropic,
} from "./integrations/llm/instrument-anthropic.js";
export { instrumentOpenAI, type OpenAiClientLike } from "./integrations/llm/instrument-openai.js";
export {
  defaultModelPrices,
  type ModelPrice,
  ModelPrices,
  type TokenUsage,
} from "./integrations/llm/model-prices.js";
export {
  type AgentDecision,
  type AnalyzeFunction,
  MonitoredTradingAgent,
} from "./integrations/llm/monitored-trading-agent.js";
export {
  type InstrumentProviderOptions,
  instrumentProvider,
} from "./integrations/provider/instrument-provider.js";
export {
  type SentimentReading,
  SentimentRecorder,
} from "./integrations/sentiment/sentiment-recorder.js";
export { startTimer, type TimerScope } from "./start-timer.js";
export { type TimedOptions, timed } from "./timed.js";
export { Timed } from "./timed-decorator.js";
export type {
  CounterMetric,
  GaugeMetric,
  LabelsOption,
  LabelValues,
  ObserverMetric,
} from "./types.js";
