/**
 * @module tradewatch: observability for algorithmic trading systems. The entry point a bot
 * author imports: the typed trading recorder, the metrics server, and the core types. Each
 * layer has its own subpath (`tradewatch/metrics`, `tradewatch/catalog`, ...) for the rest.
 */
import { createRecorder } from "./recorder/create-recorder.js";

export { type ErrorCode, errorCodes, TradewatchError } from "./errors.js";
export {
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "./exporter/index.js";
export {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  negotiateExposition,
  Registry,
  register,
  Summary,
} from "./metrics/index.js";
export type { RecorderOptions, TradingRecorder } from "./recorder/index.js";
export { createRecorder } from "./recorder/index.js";

/**
 * Returns a recorder for every metric of the trading catalog (an alias of `createRecorder`).
 *
 * @example
 * import { tradingMetrics } from "tradewatch";
 *
 * const metrics = tradingMetrics({ constLabels: { bot: "btc-momentum", environment: "paper" } });
 * metrics.recordOrderPlaced("BTC/USDT", "buy", 250);
 * const server = await startMetricsServer({ registry: metrics.registry, port: 9100 });
 */
export const tradingMetrics = createRecorder;
