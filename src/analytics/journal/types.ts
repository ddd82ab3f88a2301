/** @module Records the trade journal stores and returns, and its options. */

/** Side of an order or fill. */
export type Side = "buy" | "sell";

/** Direction of a round-trip trade: bought first (`long`) or sold first (`short`). */
export type TradeSide = "long" | "short";

/**
 * How hard a fill's commit waits for the disk. Either way a committed record survives a process
 * crash (`kill -9`): WAL frames are in the OS's hands once the commit returns.
 */
export type Durability =
  /** Fills and cash moves commit with `synchronous=FULL`: an fsync each, so they also survive a power cut. */
  | "full"
  /** Everything commits with `synchronous=NORMAL`: no fsync per fill; a power cut may lose the last ones. */
  | "normal";

/** One age tier of equity downsampling: points older than `olderThanMs` keep one per `bucketMs`. */
export interface DownsampleTier {
  readonly olderThanMs: number;
  readonly bucketMs: number;
}

/** Options of {@link Journal.open}. */
export interface JournalOptions {
  /** SQLite file; `":memory:"` for a throw-away journal. See `defaultJournalPath` for one file per bot. */
  readonly path: string;
  /** Identifies the bot that writes the journal; stored on creation and checked on reopen. */
  readonly botId?: string | undefined;
  /** Account currency, stored on creation (default `USD`). */
  readonly currency?: string | undefined;
  /** Starting cash, applied only when the journal is created (default 0). */
  readonly initialCash?: number | undefined;
  /** Default `full`. */
  readonly durability?: Durability | undefined;
  /** Equity downsampling tiers, applied by {@link Journal.prune}; default {@link defaultDownsampleTiers}. */
  readonly downsample?: readonly DownsampleTier[] | undefined;
  /** Delete records older than this many milliseconds when pruning; default: keep everything. */
  readonly retentionMs?: number | undefined;
  /** Run {@link Journal.prune} from equity snapshots at most this often (journal time); default one hour, 0 never. */
  readonly maintenanceIntervalMs?: number | undefined;
  /**
   * Open an existing journal for reading only (reports, `journal info`), even while its bot writes
   * it; every `record*` and `prune` call then throws. Default false.
   */
  readonly readOnly?: boolean | undefined;
  /** Quantities this close to 0 count as flat (floating-point dust), default 1e-9. */
  readonly quantityEpsilon?: number | undefined;
}

/** An order as the journal records it. */
export interface OrderRecord {
  readonly orderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly quantity: number;
  readonly price?: number | undefined;
  /** `created`, `denied`, `submitted`, `acknowledged`, `partially_filled`, `filled`, `cancelled`, `rejected`. */
  readonly status: string;
  readonly reason?: string | undefined;
  readonly timestamp: number;
}

/** A fill (execution) to journal. */
export interface FillInput {
  /** Unique per fill (the exchange trade id); a fill journaled twice is ignored the second time. */
  readonly fillId: string;
  readonly orderId?: string | undefined;
  readonly strategy?: string | undefined;
  readonly symbol: string;
  readonly side: Side;
  /** Positive quantity in base units. */
  readonly quantity: number;
  readonly price: number;
  /** Fee in the account currency, ≥ 0. */
  readonly fee?: number | undefined;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

/** A journaled fill with the state it produced. */
export interface FillRecord {
  readonly fillId: string;
  readonly orderId: string | undefined;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly timestamp: number;
  /** Position in order of journaling, from 1. */
  readonly sequence: number;
  /** PnL this fill realised: closed quantity × (exit - average entry), minus its fee. */
  readonly realizedPnl: number;
  readonly cashAfter: number;
  readonly positionAfter: number;
}

/** A symbol's netted position and the round trip in progress. */
export interface PositionState {
  readonly symbol: string;
  /** Signed quantity: positive long, negative short, 0 flat. */
  readonly quantity: number;
  /** Average entry price of the open quantity (average-cost method), 0 when flat. */
  readonly averagePrice: number;
  /** PnL realised on this symbol since the journal began, after fees. */
  readonly realizedPnl: number;
  /** Fees paid on this symbol since the journal began. */
  readonly fees: number;
  /** The strategy whose fill opened the round trip in progress. */
  readonly strategy: string;
  readonly openedAt: number | undefined;
  readonly entryQuantity: number;
  readonly entryNotional: number;
  readonly exitQuantity: number;
  readonly exitNotional: number;
  readonly tradeFees: number;
  readonly tradeGross: number;
  readonly updatedAt: number;
}

/** A round trip from flat to flat on one symbol. */
export interface ClosedTrade {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: TradeSide;
  /** Total quantity opened over the round trip. */
  readonly quantity: number;
  /** Volume-weighted entry price. */
  readonly entryPrice: number;
  /** Volume-weighted exit price. */
  readonly exitPrice: number;
  /** Fees paid on the round trip. */
  readonly fee: number;
  /** Realised PnL of the round trip, after fees. */
  readonly pnl: number;
  readonly openedAt: number | undefined;
  readonly closedAt: number;
}

/** Kinds of cash movement other than fills. */
export type CashMoveKind = "initial" | "deposit" | "withdrawal" | "fee" | "funding" | "interest";

/** Cash entering (positive) or leaving (negative) the account outside fills. */
export interface CashMove {
  readonly kind: CashMoveKind;
  /** Signed amount in the account currency. */
  readonly amount: number;
  readonly timestamp: number;
  readonly note?: string | undefined;
}

/** A point of the equity curve (the journal stores timestamps to the whole millisecond). */
export interface EquityPoint {
  readonly timestamp: number;
  readonly equity: number;
}

/** The portfolio as the journal's last committed state has it: what a restarted bot restores. */
export interface PortfolioState {
  readonly currency: string;
  readonly cash: number;
  readonly realizedPnl: number;
  readonly fees: number;
  /** Initial cash plus deposits minus withdrawals. */
  readonly netDeposits: number;
  /**
   * Every symbol with an open position or realised PnL (flat ones too, so per-symbol realised PnL
   * is restored), by symbol. Open positions have `quantity ≠ 0`.
   */
  readonly positions: readonly PositionState[];
  readonly fillCount: number;
  readonly lastFillId: string | undefined;
  readonly lastFillTimestamp: number | undefined;
  readonly lastEquity: EquityPoint | undefined;
}

/** What {@link Journal.prune} removed. */
export interface PruneResult {
  readonly equityPointsDownsampled: number;
  readonly recordsExpired: number;
}
