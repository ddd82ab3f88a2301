/** @module The trade journal: a crash-safe SQLite ledger of orders, fills, positions, cash and equity. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { JournalError } from "../journal-error.js";
import { damagedJournalError, isCorruption, requireIntact } from "./check-journal.js";
import { defaultDownsampleTiers } from "./downsample-tiers.js";
import { JournalWriterLock, WRITER_META_KEY } from "./journal-writer-lock.js";
import { applyFill, cashAfterFill, flatPosition } from "./position-accounting.js";
import { SCHEMA_VERSION, schemaSql } from "./schema.js";
import type {
  CashMove,
  ClosedTrade,
  DownsampleTier,
  EquityPoint,
  FillInput,
  FillRecord,
  JournalOptions,
  OrderRecord,
  PortfolioState,
  PositionState,
  PruneResult,
} from "./types.js";

const HOUR = 3_600_000;

/** A time range in epoch milliseconds, `from` inclusive, `to` exclusive; both optional. */
export interface TimeRange {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

interface AccountRow {
  currency: string;
  cash: number;
  realized_pnl: number;
  fees: number;
  net_deposits: number;
  fill_count: number;
  last_fill_id: string | null;
  last_fill_timestamp: number | null;
}

interface PositionRow {
  symbol: string;
  quantity: number;
  average_price: number;
  realized_pnl: number;
  fees: number;
  strategy: string;
  opened_at: number | null;
  entry_quantity: number;
  entry_notional: number;
  exit_quantity: number;
  exit_notional: number;
  trade_fees: number;
  trade_gross: number;
  updated_at: number;
}

interface TradeRow {
  strategy: string;
  symbol: string;
  side: "long" | "short";
  quantity: number;
  entry_price: number;
  exit_price: number;
  fee: number;
  pnl: number;
  opened_at: number | null;
  closed_at: number;
}

interface FillRow {
  sequence: number;
  fill_id: string;
  order_id: string | null;
  strategy: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  price: number;
  fee: number;
  timestamp: number;
  realized_pnl: number;
  cash_after: number;
  position_after: number;
}

/** The outcome of {@link Journal.recordFill}. */
export interface FillAcknowledgement {
  /** False when a fill with this id was already journaled (nothing changed). */
  readonly recorded: boolean;
  readonly sequence: number;
  readonly position: PositionState;
  readonly cash: number;
  readonly realizedPnl: number;
  readonly closedTrade: ClosedTrade | undefined;
}

interface FillTransactionResult {
  readonly acknowledgement: FillAcknowledgement;
  readonly account: AccountRow;
}

/**
 * A bot's trade journal in one SQLite file (WAL mode). Every `record*` call is one transaction
 * that has committed when the call returns; with the default `full` durability the commit has
 * been fsynced, so a fill the caller saw acknowledged survives `kill -9` and power loss. Fills are
 * applied to netted per-symbol positions (average cost) and to cash inside the same transaction,
 * so {@link Journal.portfolio} after a restart returns exactly the last committed state.
 *
 * One process writes a journal at a time; readers (reports) may open it concurrently.
 *
 * @example
 * const journal = Journal.open({ path: defaultJournalPath("my-bot"), initialCash: 10_000 });
 * journal.recordFill({ fillId: "t-1", symbol: "BTC/USD", side: "buy", quantity: 0.1, price: 60_000, fee: 6, timestamp: Date.now() });
 * const state = journal.portfolio(); // after a restart too
 */
export class Journal {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #epsilon: number;
  readonly #tiers: readonly DownsampleTier[];
  readonly #retentionMs: number | undefined;
  readonly #maintenanceIntervalMs: number;
  #lastMaintenance: number | undefined;
  readonly #positions = new Map<string, PositionState>();
  #account: AccountRow;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #durable: boolean;
  readonly #readOnly: boolean;
  readonly #applyFill: (fill: FillInput) => FillTransactionResult;
  readonly #lock: JournalWriterLock | undefined;

  private constructor(
    db: Database.Database,
    options: JournalOptions,
    lock: JournalWriterLock | undefined,
  ) {
    this.path = options.path;
    this.#db = db;
    this.#lock = lock;
    this.#epsilon = options.quantityEpsilon ?? 1e-9;
    this.#tiers = options.downsample ?? defaultDownsampleTiers;
    this.#retentionMs = options.retentionMs;
    this.#maintenanceIntervalMs = options.maintenanceIntervalMs ?? HOUR;
    this.#statements = prepare(db);
    this.#durable = (options.durability ?? "full") === "full";
    this.#readOnly = options.readOnly === true;
    this.#account = this.#statements.account.get() as AccountRow;
    for (const row of this.#statements.positions.all() as PositionRow[]) {
      this.#positions.set(row.symbol, positionFromRow(row));
    }
    this.#applyFill = db.transaction((fill: FillInput) => this.#fillTransaction(fill));
  }

  /**
   * Opens (creating when missing) the journal at `options.path` in WAL mode, checks it with
   * `PRAGMA quick_check` and loads its last committed state. A writable journal has one writer at
   * a time (see {@link JournalWriterLock}); read-only opens take no lock and work while a bot
   * writes. Throws a {@link JournalError}: `ERR_JOURNAL_LOCKED` naming the process that writes the
   * journal, `ERR_JOURNAL_CORRUPT` for a damaged file (with the way out), or
   * `ERR_JOURNAL_UNAVAILABLE` when the file is not a journal, was written by another bot, or by a
   * newer tradewatch.
   */
  static open(options: JournalOptions): Journal {
    const path = options.path;
    if (options.readOnly === true) return Journal.#openReadOnly(options);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const lock = path === ":memory:" ? undefined : JournalWriterLock.acquire(path);
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((row) => row.name);
      if (tables.length > 0 && !tables.includes("meta")) {
        throw new Error(
          `it is a SQLite database but not a tradewatch journal (tables ${tables.join(", ")})`,
        );
      }
      db.pragma("journal_mode = WAL");
      // NORMAL for orders, snapshots and position reports (durable against kill -9, and against
      // power loss from the next fsync on); fills and cash moves switch to FULL, see #durably.
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 5000");
      if (tables.length > 0) requireIntact(db, path);
      db.exec(schemaSql);
      if (lock !== undefined) {
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(
          WRITER_META_KEY,
          JSON.stringify(JournalWriterLock.currentWriter()),
        );
      }
      initialise(db, options);
      return new Journal(db, options, lock);
    } catch (error) {
      if (db?.open === true) db.close();
      lock?.release();
      throw openError(path, error);
    }
  }

  static #openReadOnly(options: JournalOptions): Journal {
    const path = options.path;
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma("busy_timeout = 5000");
      requireIntact(db, path);
      const hasAccount = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'")
        .get();
      if (hasAccount === undefined || db.prepare("SELECT 1 FROM account").get() === undefined) {
        throw new Error("it is not a tradewatch journal (no account table)");
      }
      return new Journal(db, options, undefined);
    } catch (error) {
      if (db?.open === true) db.close();
      throw openError(path, error);
    }
  }

  /** Records or updates an order (keyed by `orderId`); the last status wins. */
  recordOrder(order: OrderRecord): void {
    this.#requireWritable();
    requireText(order.orderId, "orderId", this.path);
    this.#statements.upsertOrder.run({
      order_id: order.orderId,
      strategy: order.strategy,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.price ?? null,
      status: order.status,
      reason: order.reason ?? null,
      timestamp: order.timestamp,
    });
  }

  /** Sets an order's status (and reason), if the order is journaled; returns whether it was. */
  updateOrderStatus(orderId: string, status: string, timestamp: number, reason?: string): boolean {
    this.#requireWritable();
    const result = this.#statements.updateOrderStatus.run({
      order_id: orderId,
      status,
      reason: reason ?? null,
      timestamp,
    });
    return result.changes > 0;
  }

  /**
   * Journals a fill and applies it to the symbol's position and to cash in one committed
   * transaction. Returns once the commit is durable. A fill id seen before is not applied again
   * (`recorded: false`), so replaying a fill stream after a restart is safe.
   */
  recordFill(fill: FillInput): FillAcknowledgement {
    this.#requireWritable();
    validateFill(fill, this.path);
    const { acknowledgement, account } = this.#durably(() => this.#applyFill(fill));
    // In-memory state follows only a committed transaction: a failed commit throws above.
    if (acknowledgement.recorded) {
      this.#account = account;
      this.#positions.set(fill.symbol, acknowledgement.position);
    }
    return acknowledgement;
  }

  /** Journals cash entering (amount > 0) or leaving (amount < 0) the account outside fills. */
  recordCashMove(move: CashMove): number {
    this.#requireWritable();
    if (!Number.isFinite(move.amount)) {
      throw new JournalError(
        "ERR_INVALID_VALUE",
        `Invalid cash move amount ${move.amount} in journal "${this.path}": must be a finite number`,
        this.path,
      );
    }
    const run = this.#db.transaction(() => {
      const cash = this.#account.cash + move.amount;
      const deposits =
        move.kind === "initial" || move.kind === "deposit" || move.kind === "withdrawal"
          ? this.#account.net_deposits + move.amount
          : this.#account.net_deposits;
      this.#statements.insertCashMove.run({
        kind: move.kind,
        amount: move.amount,
        note: move.note ?? null,
        timestamp: move.timestamp,
        cash_after: cash,
      });
      const account = { ...this.#account, cash, net_deposits: deposits };
      this.#statements.updateAccount.run({ ...account, updated_at: move.timestamp });
      return account;
    });
    this.#account = this.#durably(run);
    return this.#account.cash;
  }

  /**
   * Journals an equity snapshot (one per timestamp; a later snapshot at the same millisecond
   * replaces it). Runs {@link Journal.prune} when the maintenance interval has passed in journal
   * time, so growth stays bounded without a separate job.
   */
  recordEquity(point: EquityPoint, cash: number = this.#account.cash): void {
    this.#requireWritable();
    this.#statements.insertEquity.run({
      timestamp: Math.floor(point.timestamp),
      equity: point.equity,
      cash,
    });
    if (this.#maintenanceIntervalMs <= 0) return;
    if (this.#lastMaintenance === undefined) this.#lastMaintenance = point.timestamp;
    else if (point.timestamp - this.#lastMaintenance >= this.#maintenanceIntervalMs) {
      this.#lastMaintenance = point.timestamp;
      this.prune(point.timestamp);
    }
  }

  /**
   * Journals many equity points in one transaction (an import of a bot's history, a backtest's
   * curve). Does not trigger maintenance; call {@link Journal.prune} after a large import.
   */
  importEquity(points: readonly EquityPoint[]): number {
    this.#requireWritable();
    const insert = this.#statements.insertEquity;
    const cash = this.#account.cash;
    this.#db.transaction(() => {
      for (const point of points) {
        insert.run({ timestamp: Math.floor(point.timestamp), equity: point.equity, cash });
      }
    })();
    return points.length;
  }

  /** Journals a position change as the bot reports it (an audit trail beside the journal's own). */
  recordPositionChange(change: {
    readonly symbol: string;
    readonly quantity: number;
    readonly averagePrice: number;
    readonly realizedPnl: number;
    readonly timestamp: number;
    readonly source?: string | undefined;
  }): void {
    this.#requireWritable();
    this.#statements.insertPositionChange.run({
      symbol: change.symbol,
      quantity: change.quantity,
      average_price: change.averagePrice,
      realized_pnl: change.realizedPnl,
      source: change.source ?? "bot",
      timestamp: change.timestamp,
    });
  }

  /** Returns the portfolio as of the last committed record: what a restarted bot restores. */
  portfolio(): PortfolioState {
    const lastEquity = this.#statements.lastEquity.get() as EquityPoint | undefined;
    return {
      currency: this.#account.currency,
      cash: this.#account.cash,
      realizedPnl: this.#account.realized_pnl,
      fees: this.#account.fees,
      netDeposits: this.#account.net_deposits,
      positions: [...this.#positions.values()]
        .filter((position) => position.quantity !== 0 || position.realizedPnl !== 0)
        .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)),
      fillCount: this.#account.fill_count,
      lastFillId: this.#account.last_fill_id ?? undefined,
      lastFillTimestamp: this.#account.last_fill_timestamp ?? undefined,
      lastEquity,
    };
  }

  /** Returns the position of one symbol (flat when it never traded). */
  position(symbol: string): PositionState {
    return this.#positions.get(symbol) ?? flatPosition(symbol, "default", 0);
  }

  /** Returns the journaled fills in journaling order, optionally within a time range. */
  fills(range: TimeRange = {}): FillRecord[] {
    const rows = this.#statements.fills.all(rangeParameters(range)) as FillRow[];
    return rows.map((row) => ({
      sequence: row.sequence,
      fillId: row.fill_id,
      orderId: row.order_id ?? undefined,
      strategy: row.strategy,
      symbol: row.symbol,
      side: row.side,
      quantity: row.quantity,
      price: row.price,
      fee: row.fee,
      timestamp: row.timestamp,
      realizedPnl: row.realized_pnl,
      cashAfter: row.cash_after,
      positionAfter: row.position_after,
    }));
  }

  /** Returns whether a fill id is journaled. */
  hasFill(fillId: string): boolean {
    return this.#statements.hasFill.get(fillId) !== undefined;
  }

  /** Returns the closed round-trip trades by close time, optionally within a time range. */
  trades(range: TimeRange = {}): ClosedTrade[] {
    const rows = this.#statements.trades.all(rangeParameters(range)) as TradeRow[];
    return rows.map((row) => ({
      strategy: row.strategy,
      symbol: row.symbol,
      side: row.side,
      quantity: row.quantity,
      entryPrice: row.entry_price,
      exitPrice: row.exit_price,
      fee: row.fee,
      pnl: row.pnl,
      openedAt: row.opened_at ?? undefined,
      closedAt: row.closed_at,
    }));
  }

  /** Returns the equity curve by time, optionally within a time range. */
  equity(range: TimeRange = {}): EquityPoint[] {
    return this.#statements.equity.all(rangeParameters(range)) as EquityPoint[];
  }

  /** Returns the last equity point strictly before `timestamp`, if any (the base of a window's first return). */
  equityBefore(timestamp: number): EquityPoint | undefined {
    return this.#statements.equityBefore.get(timestamp) as EquityPoint | undefined;
  }

  /** Returns the cash moves by time, optionally within a time range. */
  cashMoves(range: TimeRange = {}): CashMove[] {
    return (
      this.#statements.cashMoves.all(rangeParameters(range)) as {
        kind: CashMove["kind"];
        amount: number;
        note: string | null;
        timestamp: number;
      }[]
    ).map((row) => ({
      kind: row.kind,
      amount: row.amount,
      timestamp: row.timestamp,
      note: row.note ?? undefined,
    }));
  }

  /** Returns the journaled orders by last update. */
  orders(range: TimeRange = {}): (OrderRecord & { readonly filledQuantity: number })[] {
    const rows = this.#statements.orders.all(rangeParameters(range)) as {
      order_id: string;
      strategy: string;
      symbol: string;
      side: "buy" | "sell";
      type: string;
      quantity: number;
      price: number | null;
      status: string;
      filled_quantity: number;
      reason: string | null;
      updated_at: number;
    }[];
    return rows.map((row) => ({
      orderId: row.order_id,
      strategy: row.strategy,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      quantity: row.quantity,
      price: row.price ?? undefined,
      status: row.status,
      reason: row.reason ?? undefined,
      timestamp: row.updated_at,
      filledQuantity: row.filled_quantity,
    }));
  }

  /** Returns the number of rows in each table (for `journal` maintenance output and tests). */
  counts(): Record<string, number> {
    const tables = [
      "orders",
      "fills",
      "trades",
      "cash_moves",
      "position_changes",
      "equity_snapshots",
    ] as const;
    const result: Record<string, number> = {};
    for (const table of tables) {
      const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
      result[table] = row.n;
    }
    return result;
  }

  /**
   * Downsamples equity snapshots by age (keeping the last point of each bucket of each tier) and,
   * with a retention setting, deletes orders, fills, trades, cash moves, position changes and
   * snapshots older than it. Current positions and cash are kept whatever their age, so a
   * restore stays exact. `now` is journal time (defaults to the wall clock).
   */
  prune(
    now: number = Date.now(),
    retentionMs: number | undefined = this.#retentionMs,
  ): PruneResult {
    this.#requireWritable();
    const run = this.#db.transaction(() => {
      let downsampled = 0;
      for (const tier of [...this.#tiers].sort((a, b) => a.bucketMs - b.bucketMs)) {
        const cutoff = now - tier.olderThanMs;
        const bucket = tier.bucketMs;
        // Only points not yet at this resolution need work: start at the bucket of the oldest.
        const oldest = this.#statements.oldestBelowResolution.get({ cutoff, bucket }) as
          | { timestamp: number | null }
          | undefined;
        if (oldest?.timestamp == null) continue;
        const low = Math.floor(oldest.timestamp / bucket) * bucket;
        downsampled += this.#statements.downsample.run({ cutoff, bucket, low }).changes;
        this.#statements.markResolution.run({ cutoff, bucket, low });
      }
      let expired = 0;
      if (retentionMs !== undefined) {
        const cutoff = now - retentionMs;
        for (const statement of this.#statements.expire) expired += statement.run(cutoff).changes;
      }
      return { equityPointsDownsampled: downsampled, recordsExpired: expired };
    });
    return run();
  }

  /** Checkpoints the WAL into the main file and truncates it (after a large prune). */
  checkpoint(): void {
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /**
   * Closes the database and releases the writer lock. The journal is unusable afterwards.
   */
  close(): void {
    if (this.#db.open) {
      if (this.#lock !== undefined) {
        try {
          this.#statements.deleteMeta.run(WRITER_META_KEY);
        } catch {
          // The record only names the writer in a refusal; a stale one names a dead process.
        }
      }
      this.#db.close();
    }
    this.#lock?.release();
  }

  #requireWritable(): void {
    if (this.#readOnly) {
      throw new JournalError(
        "ERR_JOURNAL_UNAVAILABLE",
        `Journal "${this.path}" was opened read-only: it cannot be written`,
        this.path,
      );
    }
  }

  /**
   * Runs a transaction with `synchronous=FULL` under `full` durability: its commit fsyncs the WAL,
   * which also makes every earlier NORMAL commit durable against power loss.
   */
  #durably<T>(transaction: () => T): T {
    if (!this.#durable) return transaction();
    this.#db.pragma("synchronous = FULL");
    try {
      return transaction();
    } finally {
      this.#db.pragma("synchronous = NORMAL");
    }
  }

  /** Throws when a fill id comes back with different content: two fills share an id (a collision). */
  #requireSameFill(sequence: number, fill: FillInput): void {
    const row = this.#statements.fillBySequence.get(sequence) as FillRow | undefined;
    if (row === undefined) return;
    const same =
      row.symbol === fill.symbol &&
      row.side === fill.side &&
      row.quantity === fill.quantity &&
      row.price === fill.price &&
      row.fee === (fill.fee ?? 0) &&
      row.timestamp === fill.timestamp;
    if (!same) {
      throw new JournalError(
        "ERR_INVALID_VALUE",
        `Fill id "${fill.fillId}" was already journaled in "${this.path}" with different content ` +
          `(${row.side} ${row.quantity} ${row.symbol} @ ${row.price} at ${row.timestamp}): fill ids must be unique across restarts`,
        this.path,
      );
    }
  }

  #fillTransaction(fill: FillInput): FillTransactionResult {
    const existing = this.#statements.hasFill.get(fill.fillId) as { sequence: number } | undefined;
    const before = this.#positions.get(fill.symbol);
    if (existing !== undefined) {
      this.#requireSameFill(existing.sequence, fill);
      return {
        account: this.#account,
        acknowledgement: {
          recorded: false,
          sequence: existing.sequence,
          position: before ?? flatPosition(fill.symbol, fill.strategy ?? "default", fill.timestamp),
          cash: this.#account.cash,
          realizedPnl: 0,
          closedTrade: undefined,
        },
      };
    }
    const effect = applyFill(
      before ?? flatPosition(fill.symbol, fill.strategy ?? "default", fill.timestamp),
      fill,
      this.#epsilon,
    );
    const account: AccountRow = {
      ...this.#account,
      cash: cashAfterFill(this.#account.cash, fill),
      realized_pnl: this.#account.realized_pnl + effect.realizedPnl,
      fees: this.#account.fees + (fill.fee ?? 0),
      fill_count: this.#account.fill_count + 1,
      last_fill_id: fill.fillId,
      last_fill_timestamp: fill.timestamp,
    };
    const inserted = this.#statements.insertFill.run({
      fill_id: fill.fillId,
      order_id: fill.orderId ?? null,
      strategy: fill.strategy ?? "default",
      symbol: fill.symbol,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee ?? 0,
      timestamp: fill.timestamp,
      realized_pnl: effect.realizedPnl,
      cash_after: account.cash,
      position_after: effect.position.quantity,
    });
    const p = effect.position;
    this.#statements.upsertPosition.run({
      symbol: p.symbol,
      quantity: p.quantity,
      average_price: p.averagePrice,
      realized_pnl: p.realizedPnl,
      fees: p.fees,
      strategy: p.strategy,
      opened_at: p.openedAt ?? null,
      entry_quantity: p.entryQuantity,
      entry_notional: p.entryNotional,
      exit_quantity: p.exitQuantity,
      exit_notional: p.exitNotional,
      trade_fees: p.tradeFees,
      trade_gross: p.tradeGross,
      updated_at: p.updatedAt,
    });
    this.#statements.insertPositionChange.run({
      symbol: p.symbol,
      quantity: p.quantity,
      average_price: p.averagePrice,
      realized_pnl: p.realizedPnl,
      source: "fill",
      timestamp: fill.timestamp,
    });
    const t = effect.closedTrade;
    if (t !== undefined) {
      this.#statements.insertTrade.run({
        strategy: t.strategy,
        symbol: t.symbol,
        side: t.side,
        quantity: t.quantity,
        entry_price: t.entryPrice,
        exit_price: t.exitPrice,
        fee: t.fee,
        pnl: t.pnl,
        opened_at: t.openedAt ?? null,
        closed_at: t.closedAt,
      });
    }
    if (fill.orderId !== undefined) {
      this.#statements.addOrderFill.run({
        order_id: fill.orderId,
        quantity: fill.quantity,
        timestamp: fill.timestamp,
      });
    }
    this.#statements.updateAccount.run({ ...account, updated_at: fill.timestamp });
    return {
      account,
      acknowledgement: {
        recorded: true,
        sequence: Number(inserted.lastInsertRowid),
        position: p,
        cash: account.cash,
        realizedPnl: effect.realizedPnl,
        closedTrade: t,
      },
    };
  }
}

/** Wraps a failure to open `path` in the journal's errors, keeping those already thrown as such. */
function openError(path: string, error: unknown): JournalError {
  if (error instanceof JournalError) return error;
  if (isCorruption(error)) return damagedJournalError(path, (error as Error).message, error);
  return new JournalError(
    "ERR_JOURNAL_UNAVAILABLE",
    `Cannot open journal "${path}": ${(error as Error).message}`,
    path,
    { cause: error },
  );
}

function initialise(db: Database.Database, options: JournalOptions): void {
  const path = options.path;
  const meta = new Map(
    (db.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[]).map(
      (row) => [row.key, row.value],
    ),
  );
  const version = meta.get("schema_version");
  if (version !== undefined && Number(version) > SCHEMA_VERSION) {
    db.close();
    throw new JournalError(
      "ERR_JOURNAL_UNAVAILABLE",
      `Journal "${path}" has schema version ${version}: this tradewatch reads up to ${SCHEMA_VERSION}`,
      path,
    );
  }
  const storedBot = meta.get("bot_id");
  if (storedBot !== undefined && options.botId !== undefined && storedBot !== options.botId) {
    db.close();
    throw new JournalError(
      "ERR_JOURNAL_UNAVAILABLE",
      `Journal "${path}" belongs to bot "${storedBot}", was opened for bot "${options.botId}"`,
      path,
    );
  }
  const exists = db.prepare("SELECT 1 FROM account WHERE id = 1").get() !== undefined;
  if (exists) return;
  const initialCash = options.initialCash ?? 0;
  const now = Date.now();
  db.transaction(() => {
    const setMeta = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    setMeta.run("schema_version", String(SCHEMA_VERSION));
    if (options.botId !== undefined) setMeta.run("bot_id", options.botId);
    setMeta.run("created_at", new Date(now).toISOString());
    db.prepare(
      `INSERT INTO account (id, currency, cash, realized_pnl, fees, net_deposits, fill_count, updated_at)
       VALUES (1, ?, ?, 0, 0, ?, 0, ?)`,
    ).run(options.currency ?? "USD", initialCash, initialCash, now);
    if (initialCash !== 0) {
      db.prepare(
        "INSERT INTO cash_moves (kind, amount, note, timestamp, cash_after) VALUES ('initial', ?, 'initial cash', ?, ?)",
      ).run(initialCash, now, initialCash);
    }
  })();
}

function prepare(db: Database.Database) {
  const range = "timestamp >= :from AND timestamp < :to";
  return {
    account: db.prepare("SELECT * FROM account WHERE id = 1"),
    deleteMeta: db.prepare("DELETE FROM meta WHERE key = ?"),
    positions: db.prepare("SELECT * FROM positions"),
    updateAccount: db.prepare(
      `UPDATE account SET cash = :cash, realized_pnl = :realized_pnl, fees = :fees,
         net_deposits = :net_deposits, fill_count = :fill_count, last_fill_id = :last_fill_id,
         last_fill_timestamp = :last_fill_timestamp, updated_at = :updated_at WHERE id = 1`,
    ),
    upsertOrder: db.prepare(
      `INSERT INTO orders (order_id, strategy, symbol, side, type, quantity, price, status, reason, created_at, updated_at)
       VALUES (:order_id, :strategy, :symbol, :side, :type, :quantity, :price, :status, :reason, :timestamp, :timestamp)
       ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, quantity = excluded.quantity,
         price = COALESCE(excluded.price, orders.price), reason = COALESCE(excluded.reason, orders.reason),
         updated_at = excluded.updated_at`,
    ),
    updateOrderStatus: db.prepare(
      `UPDATE orders SET status = :status, reason = COALESCE(:reason, reason), updated_at = :timestamp
       WHERE order_id = :order_id`,
    ),
    addOrderFill: db.prepare(
      `UPDATE orders SET filled_quantity = filled_quantity + :quantity,
         status = CASE WHEN filled_quantity + :quantity >= quantity - 1e-12 THEN 'filled' ELSE 'partially_filled' END,
         updated_at = :timestamp WHERE order_id = :order_id`,
    ),
    hasFill: db.prepare("SELECT sequence FROM fills WHERE fill_id = ?"),
    fillBySequence: db.prepare("SELECT * FROM fills WHERE sequence = ?"),
    insertFill: db.prepare(
      `INSERT INTO fills (fill_id, order_id, strategy, symbol, side, quantity, price, fee, timestamp, realized_pnl, cash_after, position_after)
       VALUES (:fill_id, :order_id, :strategy, :symbol, :side, :quantity, :price, :fee, :timestamp, :realized_pnl, :cash_after, :position_after)`,
    ),
    upsertPosition: db.prepare(
      `INSERT OR REPLACE INTO positions (symbol, quantity, average_price, realized_pnl, fees, strategy, opened_at,
         entry_quantity, entry_notional, exit_quantity, exit_notional, trade_fees, trade_gross, updated_at)
       VALUES (:symbol, :quantity, :average_price, :realized_pnl, :fees, :strategy, :opened_at,
         :entry_quantity, :entry_notional, :exit_quantity, :exit_notional, :trade_fees, :trade_gross, :updated_at)`,
    ),
    insertPositionChange: db.prepare(
      `INSERT INTO position_changes (symbol, quantity, average_price, realized_pnl, source, timestamp)
       VALUES (:symbol, :quantity, :average_price, :realized_pnl, :source, :timestamp)`,
    ),
    insertTrade: db.prepare(
      `INSERT INTO trades (strategy, symbol, side, quantity, entry_price, exit_price, fee, pnl, opened_at, closed_at)
       VALUES (:strategy, :symbol, :side, :quantity, :entry_price, :exit_price, :fee, :pnl, :opened_at, :closed_at)`,
    ),
    insertCashMove: db.prepare(
      `INSERT INTO cash_moves (kind, amount, note, timestamp, cash_after)
       VALUES (:kind, :amount, :note, :timestamp, :cash_after)`,
    ),
    insertEquity: db.prepare(
      `INSERT OR REPLACE INTO equity_snapshots (timestamp, equity, cash, resolution_ms)
       VALUES (:timestamp, :equity, :cash, 0)`,
    ),
    equityBefore: db.prepare(
      "SELECT timestamp, equity FROM equity_snapshots WHERE timestamp < ? ORDER BY timestamp DESC LIMIT 1",
    ),
    lastEquity: db.prepare(
      "SELECT timestamp, equity FROM equity_snapshots ORDER BY timestamp DESC LIMIT 1",
    ),
    fills: db.prepare(`SELECT * FROM fills WHERE ${range} ORDER BY sequence`),
    trades: db.prepare(
      "SELECT * FROM trades WHERE closed_at >= :from AND closed_at < :to ORDER BY closed_at, id",
    ),
    equity: db.prepare(
      `SELECT timestamp, equity FROM equity_snapshots WHERE ${range} ORDER BY timestamp`,
    ),
    cashMoves: db.prepare(`SELECT * FROM cash_moves WHERE ${range} ORDER BY timestamp, id`),
    orders: db.prepare(
      "SELECT * FROM orders WHERE updated_at >= :from AND updated_at < :to ORDER BY updated_at",
    ),
    oldestBelowResolution: db.prepare(
      "SELECT MIN(timestamp) AS timestamp FROM equity_snapshots WHERE timestamp < :cutoff AND resolution_ms < :bucket",
    ),
    downsample: db.prepare(
      `DELETE FROM equity_snapshots
       WHERE timestamp >= :low AND timestamp < :cutoff
         AND timestamp NOT IN (
           SELECT MAX(timestamp) FROM equity_snapshots
           WHERE timestamp >= :low AND timestamp < :cutoff
           GROUP BY CAST(timestamp / :bucket AS INTEGER))`,
    ),
    markResolution: db.prepare(
      "UPDATE equity_snapshots SET resolution_ms = :bucket WHERE timestamp >= :low AND timestamp < :cutoff AND resolution_ms < :bucket",
    ),
    expire: [
      db.prepare("DELETE FROM orders WHERE updated_at < ?"),
      db.prepare("DELETE FROM fills WHERE timestamp < ?"),
      db.prepare("DELETE FROM trades WHERE closed_at < ?"),
      db.prepare("DELETE FROM cash_moves WHERE timestamp < ?"),
      db.prepare("DELETE FROM position_changes WHERE timestamp < ?"),
      db.prepare("DELETE FROM equity_snapshots WHERE timestamp < ?"),
    ],
  };
}

function rangeParameters(range: TimeRange): { from: number; to: number } {
  return {
    from: range.from ?? Number.MIN_SAFE_INTEGER,
    to: range.to ?? Number.MAX_SAFE_INTEGER,
  };
}

function positionFromRow(row: PositionRow): PositionState {
  return {
    symbol: row.symbol,
    quantity: row.quantity,
    averagePrice: row.average_price,
    realizedPnl: row.realized_pnl,
    fees: row.fees,
    strategy: row.strategy,
    openedAt: row.opened_at ?? undefined,
    entryQuantity: row.entry_quantity,
    entryNotional: row.entry_notional,
    exitQuantity: row.exit_quantity,
    exitNotional: row.exit_notional,
    tradeFees: row.trade_fees,
    tradeGross: row.trade_gross,
    updatedAt: row.updated_at,
  };
}

function requireText(value: string, field: string, path: string): void {
  if (typeof value !== "string" || value.length === 0) {
    throw new JournalError(
      "ERR_INVALID_VALUE",
      `Invalid ${field} ${JSON.stringify(value)} for journal "${path}": must be a non-empty string`,
      path,
    );
  }
}

function validateFill(fill: FillInput, path: string): void {
  requireText(fill.fillId, "fillId", path);
  requireText(fill.symbol, "symbol", path);
  const problems: string[] = [];
  if (fill.side !== "buy" && fill.side !== "sell") problems.push(`side was "${fill.side}"`);
  if (!(fill.quantity > 0) || !Number.isFinite(fill.quantity)) {
    problems.push(`quantity was ${fill.quantity}, must be a finite number > 0`);
  }
  if (!(fill.price > 0) || !Number.isFinite(fill.price)) {
    problems.push(`price was ${fill.price}, must be a finite number > 0`);
  }
  const fee = fill.fee ?? 0;
  if (!Number.isFinite(fee) || fee < 0) problems.push(`fee was ${fee}, must be ≥ 0`);
  if (!Number.isFinite(fill.timestamp)) problems.push(`timestamp was ${fill.timestamp}`);
  if (problems.length > 0) {
    throw new JournalError(
      "ERR_INVALID_VALUE",
      `Invalid fill "${fill.fillId}" for journal "${path}": ${problems.join("; ")}`,
      path,
    );
  }
}
