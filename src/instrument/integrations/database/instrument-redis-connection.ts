/** @module Follows a node-redis or ioredis client's connection state into `database_connection_up`. */

import type { Database } from "../../../catalog/label-values.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";

/** An event emitter with the connection events of node-redis (`ready`, `end`, `error`, `reconnecting`) or ioredis (`ready`, `close`, `end`, `error`). */
export interface RedisEventsLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly isReady?: boolean;
  readonly status?: string;
}

/**
 * Sets `database_connection_up{database="redis"}` from the client's events: 1 on `ready`,
 * 0 on `error`, `close`, `end` and `reconnecting`; its current state at once. It also
 * listens to `error`, so a lost connection does not crash the process with an unhandled
 * error event; every connection error counts in `errors_total{component="storage"}`.
 *
 * @example
 * const redis = instrumentRedisConnection(createClient({ url, disableOfflineQueue: true }), recorder);
 */
export function instrumentRedisConnection<C extends RedisEventsLike>(
  client: C,
  recorder: TradingRecorder,
  database: Database = "redis",
): C {
  const set = (connected: boolean) =>
    recorder.updateSystemHealth({ databases: { [database]: connected } });
  set(client.isReady === true || client.status === "ready");
  client.on("ready", () => set(true));
  for (const event of ["close", "end", "reconnecting"]) client.on(event, () => set(false));
  client.on("error", () => {
    recorder.recordError("storage", "error");
    set(false);
  });
  return client;
}
