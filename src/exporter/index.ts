/** @module tradewatch/exporter: the metrics HTTP server, per-plane servers, configuration and push clients. */
export { acceptsGzip } from "./accepts-gzip.js";
export {
  type AuthorizationVerdict,
  authorizationHeader,
  createAuthorization,
} from "./authorization.js";
export { type MetricsConfigChanges, metricsConfigChanges } from "./config-changes.js";
export { ConfigError, type ConfigViolation, MetricsConfigError } from "./config-error.js";
export { type CheckReport, type HealthCheckOptions, HealthChecks } from "./health-checks.js";
export {
  type InfluxTarget,
  InfluxWriter,
  type InfluxWriterOptions,
} from "./influx/influx-writer.js";
export { formatPoint, type InfluxPoint, registryPoints } from "./influx/line-protocol.js";
export { type LoadMetricsConfigOptions, loadMetricsConfig } from "./load-metrics-config.js";
export {
  type LogLevel,
  logLevels,
  type MetricsConfig,
  metricsEnvVars,
  resolveMetricsConfig,
  seedKeyAliases,
} from "./metrics-config.js";
export {
  type CloseOptions,
  MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "./metrics-server.js";
export { expressMetricsHandler } from "./mounts/express-metrics-handler.js";
export {
  type FastifyReplyLike,
  type FastifyRequestLike,
  fastifyMetricsHandler,
} from "./mounts/fastify-metrics-handler.js";
export { type HonoContextLike, honoMetricsHandler } from "./mounts/hono-metrics-handler.js";
export {
  createMetricsEndpoint,
  type MetricsEndpointOptions,
  type MetricsRequest,
  type MetricsResponse,
} from "./mounts/metrics-endpoint.js";
export { nodeHttpMetricsHandler } from "./mounts/node-http-metrics-handler.js";
export {
  type PlaneEndpoint,
  type PlaneName,
  type PlaneServers,
  type PlaneServersOptions,
  startPlaneServers,
} from "./plane-servers.js";
export { PushError } from "./push-error.js";
export {
  groupingPath,
  PushgatewayClient,
  type PushgatewayClientOptions,
} from "./pushgateway-client.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  RequestBodyTooLargeError,
  readRequestBody,
} from "./read-body.js";
export {
  SimulatedTimeWriter,
  type SimulatedTimeWriterOptions,
} from "./remote-write/simulated-time-writer.js";
export { snappyCompress, snappyUncompress } from "./remote-write/snappy.js";
export {
  loadWriteRequestEncoder,
  type RemoteWriteMetadata,
  type RemoteWriteSample,
  type RemoteWriteSeries,
} from "./remote-write/write-request.js";
export { RemoteWriteClient, type RemoteWriteClientOptions } from "./remote-write-client.js";
export {
  type GuardRefusal,
  isJsonContentType,
  isLoopbackAddress,
  RequestGuard,
  type RequestGuardOptions,
} from "./request-guard.js";
export { type Exporter, type ExporterRegistries, startExporter } from "./start-exporter.js";
export { readTlsFiles, type TlsCredentials, type TlsKeyNames } from "./tls-files.js";
export type {
  HealthCheck,
  HealthCheckResult,
  MetricsAuth,
  RouteContext,
  RouteHandler,
  RouteOptions,
} from "./types.js";
