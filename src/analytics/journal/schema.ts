/** @module The journal's SQLite schema. */

/** Version stored in `meta.schema_version`; a journal with a newer one is refused. */
export const SCHEMA_VERSION = 1;

/** DDL creating every table and index of the journal; idempotent. */
export const schemaSql = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  currency TEXT NOT NULL,
  cash REAL NOT NULL,
  realized_pnl REAL NOT NULL,
  fees REAL NOT NULL,
  net_deposits REAL NOT NULL,
  fill_count INTEGER NOT NULL,
  last_fill_id TEXT,
  last_fill_timestamp INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY,
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  type TEXT NOT NULL,
  quantity REAL NOT NULL,
  price REAL,
  status TEXT NOT NULL,
  filled_quantity REAL NOT NULL DEFAULT 0,
  reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_updated_at ON orders (updated_at);
CREATE TABLE IF NOT EXISTS fills (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  fill_id TEXT NOT NULL UNIQUE,
  order_id TEXT,
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  quantity REAL NOT NULL,
  price REAL NOT NULL,
  fee REAL NOT NULL,
  timestamp INTEGER NOT NULL,
  realized_pnl REAL NOT NULL,
  cash_after REAL NOT NULL,
  position_after REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS fills_timestamp ON fills (timestamp);
CREATE TABLE IF NOT EXISTS positions (
  symbol TEXT PRIMARY KEY,
  quantity REAL NOT NULL,
  average_price REAL NOT NULL,
  realized_pnl REAL NOT NULL,
  fees REAL NOT NULL,
  strategy TEXT NOT NULL,
  opened_at INTEGER,
  entry_quantity REAL NOT NULL,
  entry_notional REAL NOT NULL,
  exit_quantity REAL NOT NULL,
  exit_notional REAL NOT NULL,
  trade_fees REAL NOT NULL,
  trade_gross REAL NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS position_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  symbol TEXT NOT NULL,
  quantity REAL NOT NULL,
  average_price REAL NOT NULL,
  realized_pnl REAL NOT NULL,
  source TEXT NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS position_changes_timestamp ON position_changes (timestamp);
CREATE TABLE IF NOT EXISTS trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  quantity REAL NOT NULL,
  entry_price REAL NOT NULL,
  exit_price REAL NOT NULL,
  fee REAL NOT NULL,
  pnl REAL NOT NULL,
  opened_at INTEGER,
  closed_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS trades_closed_at ON trades (closed_at);
CREATE TABLE IF NOT EXISTS cash_moves (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  amount REAL NOT NULL,
  note TEXT,
  timestamp INTEGER NOT NULL,
  cash_after REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS cash_moves_timestamp ON cash_moves (timestamp);
CREATE TABLE IF NOT EXISTS equity_snapshots (
  timestamp INTEGER PRIMARY KEY,
  equity REAL NOT NULL,
  cash REAL NOT NULL,
  resolution_ms INTEGER NOT NULL DEFAULT 0
);
`;
