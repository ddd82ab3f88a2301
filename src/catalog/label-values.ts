/** @module The closed value sets of the catalog's enumerated and normalised labels. */

/** Seed 000's nine order-rejection categories; the rejection-reason normaliser maps into them. */
export const rejectionReasons = [
  "insufficient_funds",
  "limit_exceeded",
  "cooldown_active",
  "exposure_cap",
  "size_constraint",
  "circuit_breaker",
  "regime_block",
  "kill_switch_or_stop",
  "other",
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** Seed 000's seven API error categories; the API-error normaliser maps into them. */
export const apiErrorTypes = [
  "timeout",
  "rate_limit",
  "auth_error",
  "not_found",
  "server_error",
  "connection_error",
  "other",
] as const;
export type ApiErrorType = (typeof apiErrorTypes)[number];

/** Why a cycle ended without a trade; the no-trade normaliser maps free text into these. */
export const noTradeReasons = [
  "no_signal",
  "risk_blocked",
  "circuit_breaker",
  "kill_switch",
  "cooldown_active",
  "exposure_cap",
  "insufficient_funds",
  "stale_data",
  "market_closed",
  "other",
] as const;
export type NoTradeReason = (typeof noTradeReasons)[number];

/**
 * The circuit breakers seeds 000 and 001 name. Seed 000 sets `rate_limit` on HTTP 429 and
 * clears `rate_limit_cooldown` on success, so its gauge never resets; the breaker normaliser
 * maps both to `rate_limit` for seed code. The reference bot's own names map here through one
 * explicit table, `bot/telemetry/catalog-vocabulary.ts`.
 */
export const breakers = [
  "rate_limit",
  "api_health",
  "exchange_connectivity",
  "exchange_health",
  "volatility_crash",
  "daily_stop_loss",
  "weekly_stop_loss",
  "drawdown",
  "kill_switch",
  "other",
] as const;
export type Breaker = (typeof breakers)[number];

/** Order sides. */
export const sides = ["buy", "sell"] as const;
export type Side = (typeof sides)[number];

/** Outcomes of a closed position, the label win rate is computed from. */
export const tradeOutcomes = ["win", "loss", "breakeven"] as const;
export type TradeOutcome = (typeof tradeOutcomes)[number];

/** How a trading cycle ended. */
export const cycleStatuses = ["success", "no_trade", "error", "halted"] as const;
export type CycleStatus = (typeof cycleStatuses)[number];

/** The stages of a trading cycle, timed separately. */
export const cycleStages = [
  "market_data",
  "universe",
  "signals",
  "risk",
  "execution",
  "portfolio",
  "reconcile",
] as const;
export type CycleStage = (typeof cycleStages)[number];

/** How far proposals got in the last cycle (seed 000's proposals/approved/executed). */
export const proposalStatuses = ["proposed", "approved", "executed"] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

/** The two exposure measures of seed 000: open positions and resting orders. */
export const exposureTypes = ["at_risk", "pending"] as const;
export type ExposureType = (typeof exposureTypes)[number];

/** Kill switch kinds (seed 003's pnl, drawdown, psr; seed 002's manual halt; constitution). */
export const killSwitchTypes = ["manual", "pnl", "drawdown", "psr", "constitution"] as const;
export type KillSwitchType = (typeof killSwitchTypes)[number];

/**
 * What engaged a kill switch: each source is its own series, so that engaging by HTTP
 * while the file switch is on (or re-engaging after a release) notifies again.
 */
export const killSwitchSources = [
  "config",
  "file",
  "http",
  "daily_stop_loss",
  "weekly_stop_loss",
  "max_drawdown",
  "other",
] as const;
export type KillSwitchSource = (typeof killSwitchSources)[number];

/** Constitution rule check results. */
export const checkResults = ["pass", "fail"] as const;
export type CheckResult = (typeof checkResults)[number];

/** Success or failure of one operation. */
export const outcomes = ["success", "error"] as const;
export type Outcome = (typeof outcomes)[number];

/** Market data kinds whose staleness is tracked (seed 001's `data_type`). */
export const dataTypes = [
  "ticker",
  "order_book",
  "ohlcv",
  "trades",
  "balance",
  "positions",
] as const;
export type DataType = (typeof dataTypes)[number];

/** Bar timeframes (seed 003's `duration`). */
export const timeframes = ["1s", "1m", "5m", "15m", "1h", "4h", "1d"] as const;
export type Timeframe = (typeof timeframes)[number];

/** Kinds of market-data validation failure. */
export const validationErrorTypes = [
  "missing_field",
  "out_of_range",
  "duplicate",
  "out_of_order",
  "gap",
  "crossed_book",
  "other",
] as const;
export type ValidationErrorType = (typeof validationErrorTypes)[number];

/** Signal directions. */
export const signalDirections = ["buy", "sell", "close"] as const;
export type SignalDirection = (typeof signalDirections)[number];

/** Market regimes (seed 003's 0=Calm, 1=Normal, 2=Storm). */
export const regimes = ["calm", "normal", "storm"] as const;
export type Regime = (typeof regimes)[number];

/** AI agent decisions. */
export const aiActions = ["buy", "sell", "hold"] as const;
export type AiAction = (typeof aiActions)[number];

/** Cache layers (seed 002's L1_Redis and L2_TimescaleDB are l1 and l2). */
export const cacheLayers = ["l1", "l2", "l3"] as const;
export type CacheLayer = (typeof cacheLayers)[number];

/** Cache operations. */
export const cacheOperations = ["get", "set", "delete"] as const;
export type CacheOperation = (typeof cacheOperations)[number];

/** Databases and stores whose connection is tracked (seed 002's TimescaleDB and Redis). */
export const databases = ["timescaledb", "redis", "sqlite", "postgres"] as const;
export type Database = (typeof databases)[number];

/** Kinds of database query. */
export const queryTypes = ["read", "write", "transaction", "migration"] as const;
export type QueryType = (typeof queryTypes)[number];

/** Components an error is attributed to. */
export const components = [
  "data",
  "strategy",
  "risk",
  "execution",
  "portfolio",
  "exchange",
  "storage",
  "api",
  "ai",
  "other",
] as const;
export type Component = (typeof components)[number];

/** Error severities: the `severity` label of `errors_total`. */
export const severities = ["warning", "error", "critical"] as const;
export type Severity = (typeof severities)[number];

/**
 * Alert severities: the `severity` label of every alert rule the bundle ships, which
 * Alertmanager routes on. Another scale than an error's {@link Severity}: an alert can be
 * `info`, an error cannot.
 */
export const alertSeverities = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** HTTP methods; anything else is recorded as `OTHER`. */
export const httpMethods = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "OTHER",
] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** HTTP status classes. */
export const statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof statusClasses)[number];

/** The deployment environments of the `environment` constant label. */
export const environments = [
  "production",
  "staging",
  "paper",
  "backtest",
  "development",
  "test",
] as const;
export type Environment = (typeof environments)[number];

/** The planes of the `plane` constant label (seed 003 runs data, order and strategy apart). */
export const planes = ["data", "order", "strategy", "all"] as const;
export type Plane = (typeof planes)[number];
