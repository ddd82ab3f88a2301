/** @module Instruments a pg Pool: query duration by operation, pool usage and the connection state. */

import type { Database } from "../../../catalog/label-values.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { queryTypeOf } from "./query-type.js";

/** The part of a `pg` Pool the instrumentation uses (`new pg.Pool()` has it). */
export interface PgPoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly options?: { readonly max?: number };
  on(
    event: "connect" | "acquire" | "release" | "remove",
    listener: (client: unknown) => void,
  ): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
}

/** Options of {@link instrumentPgPool}. */
export interface InstrumentPgPoolOptions {
  /** The `database` label (default `postgres`; `timescaledb` for seed 002's L2). */
  readonly database?: Database;
}

const instrumented = Symbol.for("tradewatch.instrumentPg");

/** PostgreSQL's connection-exception and shutdown SQLSTATEs, and Node's socket codes. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") {
    return /connection terminated|not queryable|connection error/i.test(
      String((error as Error)?.message),
    );
  }
  return (
    code.startsWith("08") ||
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    code.startsWith("E")
  );
}

/**
 * Instruments `pool` in place and returns it: every query of its clients (`pool.query` and
 * `pool.connect()` clients, both) observes `database_query_duration_seconds` by query type;
 * `database_pool_usage_ratio` follows clients in use over `max`; `database_connection_up` is
 * 1 after a query succeeds or a client connects, 0 after a connection error. Instrument the
 * pool before its first query (clients connected earlier are not timed).
 *
 * @example
 * const pool = instrumentPgPool(new pg.Pool({ connectionString }), recorder);
 */
export function instrumentPgPool<P extends PgPoolLike>(
  pool: P,
  recorder: TradingRecorder,
  options: InstrumentPgPoolOptions = {},
): P {
  const target = pool as unknown as Record<symbol, unknown>;
  if (target[instrumented] === true) return pool;
  Object.defineProperty(target, instrumented, { value: true });
  const database = options.database ?? "postgres";
  const max = pool.options?.max ?? 10;
  const up = (connected: boolean) =>
    recorder.updateSystemHealth({ databases: { [database]: connected } });
  const usage = () =>
    recorder.recordDatabasePoolUsage(
      database,
      Math.min(1, Math.max(0, (pool.totalCount - pool.idleCount) / max)),
    );

  pool.on("connect", (client) => {
    wrapClientQuery(client, (sql, seconds, error) => {
      recorder.recordDatabaseQuery(database, queryTypeOf(sql), seconds);
      if (error === undefined) up(true);
      else if (isConnectionError(error)) up(false);
    });
    up(true);
  });
  pool.on("acquire", usage);
  pool.on("release", () => queueMicrotask(usage));
  pool.on("remove", () => queueMicrotask(usage));
  pool.on("error", (error) => {
    if (isConnectionError(error)) up(false);
  });
  return pool;
}

type QueryObserver = (sql: string, seconds: number, error: unknown) => void;

/** Wraps a pg client's `query`, promise and callback forms; submittables pass through untimed. */
function wrapClientQuery(client: unknown, observe: QueryObserver): void {
  const target = client as { query: (...args: unknown[]) => unknown };
  const query = target.query;
  if (typeof query !== "function") return;
  target.query = function instrumentedQuery(this: unknown, ...args: unknown[]) {
    const first = args[0] as { text?: unknown; submit?: unknown } | string | undefined;
    if (typeof first === "object" && first !== null && typeof first.submit === "function") {
      return Reflect.apply(query, this, args);
    }
    const sql = typeof first === "string" ? first : String(first?.text ?? "");
    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: unknown) => {
        observe(sql, seconds(), error ?? undefined);
        return (callback as (e: unknown, r: unknown) => unknown)(error, result);
      };
      return Reflect.apply(query, this, args);
    }
    const result = Reflect.apply(query, this, args) as Promise<unknown>;
    result.then(
      () => observe(sql, seconds(), undefined),
      (error: unknown) => observe(sql, seconds(), error),
    );
    return result;
  };
}
