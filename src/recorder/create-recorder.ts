/** @module Creates the recorder: the live one, or the no-op one when metrics are disabled. */

import { LiveRecorder } from "./live/live-recorder.js";
import { NoopRecorder } from "./noop/noop-recorder.js";
import type { TradingRecorder } from "./trading-recorder.js";
import type { RecorderOptions } from "./types.js";

/**
 * Returns a recorder over every catalog metric. With `enabled: false` it returns one with
 * the same methods that record nothing, so turning metrics on or off is configuration only.
 *
 * @example
 * const recorder = createRecorder({
 *   enabled: process.env.METRICS_ENABLED !== "false",
 *   namespace: "tradewatch",
 *   constLabels: { bot: "paper-btc", environment: "paper" },
 *   symbols: ["BTC/USDT", "ETH/USDT"],
 * });
 * recorder.recordFill("buy", "BTC/USDT");
 * const text = await recorder.registry.metrics();
 */
export function createRecorder(options: RecorderOptions = {}): TradingRecorder {
  return options.enabled === false ? new NoopRecorder(options) : new LiveRecorder(options);
}
