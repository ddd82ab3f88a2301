/** @module The trade journal's own database metrics: SQLite query duration by query type and the connection state. */
import type { TradingRecorder } from "../../recorder/trading-recorder.js";
import type { Journal } from "./journal.js";

/** The recorder methods the journal's database metrics use. */
export type JournalDatabaseRecorder = Pick<
  TradingRecorder,
  "recordDatabaseQuery" | "updateSystemHealth" | "recordError"
>;

/** The journal's methods that touch SQLite, by the catalog's query type. */
const queryTypes = {
  recordOrder: "write",
  updateOrderStatus: "write",
  recordFill: "transaction",
  recordCashMove: "transaction",
  recordEquity: "write",
  importEquity: "transaction",
  recordPositionChange: "write",
  checkpoint: "write",
  portfolio: "read",
  position: "read",
  fills: "read",
  hasFill: "read",
  trades: "read",
  equity: "read",
  equityBefore: "read",
  cashMoves: "read",
  orders: "read",
  counts: "read",
} as const;

/** SQLite's result codes for a database that can no longer be read or written. */
const ioErrorCode = /^SQLITE_(IOERR|CANTOPEN|FULL|CORRUPT|NOTADB|READONLY)/;

/**
 * Instruments `journal` in place: every call of its SQLite-touching methods observes
 * `database_query_duration_seconds{database="sqlite",query_type}`; `database_connection_up
 * {database="sqlite"}` is 1 while it is open, 0 after `close()` and after an I/O error
 * (disk full, file removed or unreadable), 1 again after the next successful call. There is
 * no `database_connection_pool_usage_ratio` for it: better-sqlite3 holds one synchronous
 * connection, busy only inside a call, so a pool ratio would say nothing.
 *
 * @example
 * const journal = instrumentJournalDatabase(Journal.open({ path, botId }), recorder);
 */
export function instrumentJournalDatabase(
  journal: Journal,
  recorder: JournalDatabaseRecorder,
): Journal {
  let connected = false;
  const up = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    recorder.updateSystemHealth({ databases: { sqlite: value } });
  };
  recorder.updateSystemHealth({ databases: { sqlite: true } });
  connected = true;
  const target = journal as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [method, queryType] of Object.entries(queryTypes)) {
    const original = target[method];
    if (typeof original !== "function") continue;
    target[method] = function instrumented(this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        const result = Reflect.apply(original, this, args);
        up(true);
        return result;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === "string" && ioErrorCode.test(code)) {
          recorder.recordError("storage", "error");
          up(false);
        }
        throw error;
      } finally {
        recorder.recordDatabaseQuery("sqlite", queryType, (performance.now() - started) / 1000);
      }
    };
  }
  const close = target.close as () => void;
  target.close = function closed(this: unknown) {
    try {
      Reflect.apply(close, this, []);
    } finally {
      up(false);
    }
  };
  return journal;
}
