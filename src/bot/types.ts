/** @module Shared vocabulary of the reference bot: sides, bars, regimes, breakers, stages and planes. */

/** Side of an order or fill. The bot trades spot, long only: a sell reduces a position. */
export type OrderSide = "buy" | "sell";

/** Order types the execution clients accept. */
export type OrderType = "market" | "limit";

/** Direction a strategy signal points to. `flat` means "no position wanted". */
export type SignalDirection = "buy" | "sell" | "flat";

/** Where market data comes from. */
export type MarketSource = "sim" | "csv" | "ccxt";

/** Every market source. */
export const marketSources: readonly MarketSource[] = Object.freeze(["sim", "csv", "ccxt"]);

/** The exchange API endpoints the engine calls (the `endpoint` label of API metrics). */
export type ExchangeEndpoint = "fetchOHLCV" | "fetchStatus" | "createOrder" | "cancelOrder";

/** Every exchange API endpoint the engine calls. */
export const exchangeEndpoints: readonly ExchangeEndpoint[] = Object.freeze([
  "fetchOHLCV",
  "fetchStatus",
  "createOrder",
  "cancelOrder",
]);

/** One OHLCV bar. `timestamp` is the bar's open time in milliseconds since the epoch. */
export interface Bar {
  readonly symbol: string;
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Volatility regime, ordered calm < normal < storm (seed 003 encodes them 0, 1, 2). */
export type Regime = "calm" | "normal" | "storm";

/** Every regime, in order of their numeric encoding. */
export const regimes: readonly Regime[] = Object.freeze(["calm", "normal", "storm"]);

/** The five circuit breakers of seed 000, by the names its dashboards and alerts use. */
export type BreakerName =
  | "rate_limit_cooldown"
  | "api_health"
  | "exchange_connectivity"
  | "exchange_health"
  | "volatility_crash";

/** Every circuit breaker name. */
export const breakerNames: readonly BreakerName[] = Object.freeze([
  "rate_limit_cooldown",
  "api_health",
  "exchange_connectivity",
  "exchange_health",
  "volatility_crash",
]);

/** The timed stages of one trading cycle, in the order they run. */
export type CycleStage = "market_data" | "signals" | "risk" | "execution" | "portfolio";

/** Every cycle stage, in order. */
export const cycleStages: readonly CycleStage[] = Object.freeze([
  "market_data",
  "signals",
  "risk",
  "execution",
  "portfolio",
]);

/**
 * How a cycle ended: `success` placed at least one order, `no_trade` placed none (the event
 * says why), `halted` was blocked by a kill switch, stop loss or circuit breaker, `error`
 * hit an unexpected failure.
 */
export type CycleStatus = "success" | "no_trade" | "halted" | "error";

/** The three planes of seed 003; each can serve its own `/metrics`. */
export type Plane = "data" | "strategy" | "order";

/** Every plane. */
export const planes: readonly Plane[] = Object.freeze(["data", "strategy", "order"]);

/** The risk checks the risk engine runs; a denial names one of them. */
export type RiskCheck =
  | "kill_switch"
  | "circuit_breaker"
  | "daily_stop_loss"
  | "weekly_stop_loss"
  | "max_drawdown"
  | "regime_block"
  | "data_stale"
  | "min_notional"
  | "dust"
  | "cooldown"
  | "spacing"
  | "max_open_positions"
  | "per_symbol_cap"
  | "exposure_cap"
  | "pending_exposure_cap"
  | "insufficient_funds"
  | "rate_limit";

/** Every risk check, in the order the risk engine evaluates them. */
export const riskChecks: readonly RiskCheck[] = Object.freeze([
  "kill_switch",
  "circuit_breaker",
  "daily_stop_loss",
  "weekly_stop_loss",
  "max_drawdown",
  "regime_block",
  "data_stale",
  "min_notional",
  "dust",
  "cooldown",
  "spacing",
  "max_open_positions",
  "per_symbol_cap",
  "exposure_cap",
  "pending_exposure_cap",
  "insufficient_funds",
  "rate_limit",
]);

/** What turned a kill switch on or off. Stops and drawdown act as automatic kill switches. */
export type KillSwitchSource =
  | "config"
  | "file"
  | "http"
  | "daily_stop_loss"
  | "weekly_stop_loss"
  | "max_drawdown";

/** Kinds of market-data validation failures the data stage detects. */
export type DataErrorType =
  | "non_positive_price"
  | "high_below_low"
  | "out_of_order"
  | "gap"
  | "clock_drift";

/** Lifecycle state of the bot as a whole. */
export type BotState = "starting" | "running" | "stopping" | "stopped";

/** A position as the portfolio reports it. */
export interface PositionSnapshot {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly markPrice: number;
  /** quantity × markPrice, in quote currency (USD). */
  readonly value: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
}

/** Lifecycle every bot component follows (NautilusTrader's component states, reduced). */
export interface Lifecycle {
  /** Starts the component; idempotent. */
  start(): void;
  /** Stops the component; it keeps its state and can start again. */
  stop(): void;
  /** Returns the component to its initial state (same config, same seed). */
  reset(): void;
  /** Releases subscriptions and resources; the component is unusable afterwards. */
  dispose(): void;
}
