/** @module The bot's readonly domain events: everything the bus carries and subscribers record. */
import type {
  Bar,
  BotState,
  BreakerName,
  CycleStage,
  CycleStatus,
  DataErrorType,
  KillSwitchSource,
  MarketSource,
  OrderSide,
  OrderType,
  PositionSnapshot,
  Regime,
  RiskCheck,
  SignalDirection,
} from "./types.js";

/**
 * Fields every event carries. `timestamp` is the bot clock's time in milliseconds since the
 * epoch: simulated time in backtests and on the simulated market, wall time on live data.
 */
interface EventBase {
  readonly timestamp: number;
}

// ---------------------------------------------------------------- data plane

/** A last-trade or quote update arrived for a symbol. */
export interface TickReceived extends EventBase {
  readonly type: "TickReceived";
  readonly source: MarketSource;
  readonly symbol: string;
  readonly price: number;
  /** Seconds between the exchange's timestamp and its arrival here (feed latency). */
  readonly ageSeconds: number;
}

/** A bar arrived for a symbol and passed validation. */
export interface BarReceived extends EventBase {
  readonly type: "BarReceived";
  readonly source: MarketSource;
  readonly bar: Bar;
  /** Bar duration, e.g. "1m"; the `duration` label of seed 003. */
  readonly duration: string;
  /** Seconds between the bar's close time and its arrival (data freshness). */
  readonly freshnessSeconds: number;
}

/**
 * A bar failed validation and was dropped (or a gap was detected and the bar kept), or a tick
 * was rejected for clock drift (`errorType` "clock_drift").
 */
export interface DataValidationFailed extends EventBase {
  readonly type: "DataValidationFailed";
  readonly source: MarketSource;
  readonly symbol: string;
  readonly errorType: DataErrorType;
  readonly message: string;
}

/**
 * A market message could not be normalised (a price that is not a number, a symbol the market
 * does not list) and went to the dead-letter queue.
 */
export interface DataNormalizationFailed extends EventBase {
  readonly type: "DataNormalizationFailed";
  readonly source: MarketSource;
  /** The symbol as the message gave it (at most 64 characters). */
  readonly symbol: string;
  readonly reason: string;
  /** Letters in the dead-letter queue after this one. */
  readonly deadLetters: number;
}

/**
 * A symbol's order flow imbalance over its last ticks crossed the threshold (published once per
 * excursion): signed volume over total volume, -1 all selling to 1 all buying.
 */
export interface OrderFlowImbalanceDetected extends EventBase {
  readonly type: "OrderFlowImbalanceDetected";
  readonly source: MarketSource;
  readonly symbol: string;
  readonly imbalance: number;
  /** Ticks the imbalance was measured over. */
  readonly ticks: number;
}

/** A symbol's feed has not updated for longer than the staleness limit. */
export interface DataStale extends EventBase {
  readonly type: "DataStale";
  readonly source: MarketSource;
  readonly symbol: string;
  /** Seconds since the symbol's last bar. */
  readonly ageSeconds: number;
}

/** A stale symbol's feed updated again. */
export interface DataRecovered extends EventBase {
  readonly type: "DataRecovered";
  readonly source: MarketSource;
  readonly symbol: string;
  /** Seconds the feed was stale. */
  readonly staleSeconds: number;
}

// ---------------------------------------------------------------- strategy plane

/**
 * A strategy produced a buy or sell signal (a strategy without a view publishes nothing).
 * `strength` and `confidence` are in [0, 1].
 */
export interface SignalGenerated extends EventBase {
  readonly type: "SignalGenerated";
  readonly strategy: string;
  readonly symbol: string;
  readonly direction: SignalDirection;
  readonly strength: number;
  readonly confidence: number;
  readonly price: number;
}

/** The regime detector moved a symbol, or the market as a whole (`symbol` undefined), to a new regime. */
export interface RegimeChanged extends EventBase {
  readonly type: "RegimeChanged";
  readonly symbol: string | undefined;
  readonly from: Regime;
  readonly to: Regime;
  /** The volatility measure that decided it (annualised realised volatility, as a ratio). */
  readonly volatility: number;
}

/** A position went back to zero; `realizedPnl` is its whole round trip, fees included. */
export interface PositionClosed extends EventBase {
  readonly type: "PositionClosed";
  readonly symbol: string;
  readonly realizedPnl: number;
  /** Seconds from the first buy to the closing sell. */
  readonly holdingSeconds: number;
}

/** Portfolio state after a cycle (or a fill). Percentages are of NAV, 0..100. */
export interface PortfolioUpdated extends EventBase {
  readonly type: "PortfolioUpdated";
  readonly nav: number;
  readonly cash: number;
  /** Cash reserved by open buy orders. */
  readonly reservedCash: number;
  readonly positionsValue: number;
  /** Market value of open positions / NAV × 100. */
  readonly exposureAtRiskPct: number;
  /** Notional of open (pending) buy orders / NAV × 100. */
  readonly exposurePendingPct: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  /** Positions worth at least the dust threshold. */
  readonly openPositions: number;
  readonly pendingOrders: number;
  readonly positions: readonly PositionSnapshot[];
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly totalPnl: number;
  readonly dailyPnl: number;
  /** NAV change since the start of the UTC calendar month (market time), fees included. */
  readonly monthlyPnl: number;
  readonly dailyPnlPct: number;
  readonly weeklyPnlPct: number;
  readonly totalReturnPct: number;
  readonly feesPaid: number;
  /** Current drawdown from the NAV peak, 0..100. */
  readonly drawdownPct: number;
  /** Largest drawdown seen, 0..100. */
  readonly maxDrawdownPct: number;
}

// ---------------------------------------------------------------- order plane

interface OrderEventBase extends EventBase {
  readonly clientOrderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
}

/** A strategy's order intent reached the order plane (seed 003 `orders_received_total`). */
export interface OrderIntentCreated extends OrderEventBase {
  readonly type: "OrderIntentCreated";
  readonly quantity: number;
  readonly limitPrice: number | undefined;
  /** quantity × reference price, in quote currency. */
  readonly notional: number;
  readonly signalStrength: number;
}

/** The risk engine denied an intent. A denial is an event, never an exception. */
export interface OrderDenied extends OrderEventBase {
  readonly type: "OrderDenied";
  readonly check: RiskCheck;
  readonly reason: string;
  readonly notional: number;
}

/** The risk engine approved an intent at a smaller size (a cap or dust rule downscaled it). */
export interface OrderResized extends OrderEventBase {
  readonly type: "OrderResized";
  readonly check: RiskCheck;
  readonly reason: string;
  readonly fromQuantity: number;
  readonly toQuantity: number;
}

/** The order was sent to the exchange. */
export interface OrderSubmitted extends OrderEventBase {
  readonly type: "OrderSubmitted";
  readonly quantity: number;
  readonly limitPrice: number | undefined;
  readonly notional: number;
  /** Seconds from intent to submission (risk checks and rate limiting). */
  readonly intentToSubmitSeconds: number;
}

/** The exchange accepted the order. */
export interface OrderAcknowledged extends OrderEventBase {
  readonly type: "OrderAcknowledged";
  readonly exchangeOrderId: string;
  readonly submitToAckSeconds: number;
}

/** The order filled, partly (`partial`) or completely. */
export interface OrderFilled extends OrderEventBase {
  readonly type: "OrderFilled";
  readonly exchangeOrderId: string;
  readonly tradeId: string;
  readonly quantity: number;
  readonly price: number;
  /** quantity × price. */
  readonly notional: number;
  /** Fee charged in quote currency (USD); always > 0 for a non-empty fill. */
  readonly fee: number;
  readonly liquidity: "maker" | "taker";
  /** Signed cost against the reference price, in basis points (positive = worse for us). */
  readonly slippageBps: number;
  readonly partial: boolean;
  readonly filledQuantity: number;
  readonly remainingQuantity: number;
  readonly ackToFillSeconds: number;
  /** Seconds from intent to this fill. */
  readonly totalFillSeconds: number;
}

/** The order was cancelled (by us, or expired); `filledQuantity` may be > 0. */
export interface OrderCancelled extends OrderEventBase {
  readonly type: "OrderCancelled";
  readonly exchangeOrderId: string | undefined;
  readonly reason: string;
  readonly filledQuantity: number;
}

/** The exchange rejected the order; `errorClass` is the ccxt error class name. */
export interface OrderRejected extends OrderEventBase {
  readonly type: "OrderRejected";
  readonly errorClass: string;
  readonly reason: string;
}

/** Any order event. */
export type OrderEvent =
  | OrderIntentCreated
  | OrderDenied
  | OrderResized
  | OrderSubmitted
  | OrderAcknowledged
  | OrderFilled
  | OrderCancelled
  | OrderRejected;

// ---------------------------------------------------------------- risk

/** The risk engine ran its checks on one intent: those that passed, and the one that failed, if any. */
export interface RiskChecksEvaluated extends EventBase {
  readonly type: "RiskChecksEvaluated";
  readonly clientOrderId: string;
  readonly passed: readonly RiskCheck[];
  readonly failed: RiskCheck | undefined;
}

/** A circuit breaker tripped; trading stays halted until it resets. */
export interface BreakerTripped extends EventBase {
  readonly type: "BreakerTripped";
  readonly breaker: BreakerName;
  readonly reason: string;
}

/** A tripped circuit breaker's cause cleared. */
export interface BreakerReset extends EventBase {
  readonly type: "BreakerReset";
  readonly breaker: BreakerName;
  /** Seconds the breaker was tripped. */
  readonly trippedSeconds: number;
}

/** A kill switch (manual or automatic) turned on or off. */
export interface KillSwitchChanged extends EventBase {
  readonly type: "KillSwitchChanged";
  readonly source: KillSwitchSource;
  readonly active: boolean;
  readonly reason: string;
}

/** Any risk event. */
export type RiskEvent = RiskChecksEvaluated | BreakerTripped | BreakerReset | KillSwitchChanged;

// ---------------------------------------------------------------- exchange API

/** An exchange API call succeeded. */
export interface ApiCallSucceeded extends EventBase {
  readonly type: "ApiCallSucceeded";
  readonly endpoint: string;
  readonly latencySeconds: number;
}

/**
 * An exchange API call failed. `errorClass` is the ccxt class name (`RateLimitExceeded`,
 * `RequestTimeout`, `ExchangeNotAvailable`, `NetworkError`, `InsufficientFunds`,
 * `InvalidOrder`, ...); `httpStatus` is set when the failure was an HTTP status.
 */
export interface ApiCallFailed extends EventBase {
  readonly type: "ApiCallFailed";
  readonly endpoint: string;
  readonly errorClass: string;
  readonly httpStatus: number | undefined;
  readonly message: string;
  readonly latencySeconds: number;
  /** Consecutive failed calls, this one included. */
  readonly consecutiveErrors: number;
}

/**
 * Client-side rate limiter usage, `used / capacity` (0..1): published when it moved by at
 * least 0.01 since last published, and whenever a call is throttled.
 */
export interface RateLimitUsage extends EventBase {
  readonly type: "RateLimitUsage";
  readonly used: number;
  readonly capacity: number;
  readonly utilization: number;
  /** True when this call had to be deferred because the budget was spent. */
  readonly throttled: boolean;
}

/** The connection to the exchange went down or came back. */
export interface ExchangeConnectionChanged extends EventBase {
  readonly type: "ExchangeConnectionChanged";
  readonly exchange: string;
  readonly connected: boolean;
  readonly reason: string;
}

/** Any exchange API event. */
export type ExchangeEvent =
  | ApiCallSucceeded
  | ApiCallFailed
  | RateLimitUsage
  | ExchangeConnectionChanged;

// ---------------------------------------------------------------- cycle and system

/** One trading cycle finished. Stage durations are measured compute time in seconds. */
export interface CycleCompleted extends EventBase {
  readonly type: "CycleCompleted";
  readonly cycle: number;
  readonly status: CycleStatus;
  readonly durationSeconds: number;
  readonly stageDurations: Readonly<Record<CycleStage, number>>;
  /** The strategies that ran, in order; `strategyDurations[i]` belongs to `strategies[i]`. */
  readonly strategies: readonly string[];
  /** Compute time each strategy spent evaluating this cycle's bars, in seconds. */
  readonly strategyDurations: readonly number[];
  readonly proposals: number;
  readonly approved: number;
  readonly executed: number;
  /** Why no order was placed; undefined when one was. */
  readonly noTradeReason: string | undefined;
  /** Filled orders / submitted orders since start, 0..1 (0 before the first order). */
  readonly fillRatio: number;
}

/** The bot changed lifecycle state. */
export interface BotStateChanged extends EventBase {
  readonly type: "BotStateChanged";
  readonly state: BotState;
}

/** Every event the bot publishes. */
export type BotEvent =
  | TickReceived
  | BarReceived
  | DataValidationFailed
  | DataNormalizationFailed
  | DataStale
  | DataRecovered
  | OrderFlowImbalanceDetected
  | SignalGenerated
  | RegimeChanged
  | PositionClosed
  | PortfolioUpdated
  | OrderEvent
  | RiskEvent
  | ExchangeEvent
  | CycleCompleted
  | BotStateChanged;

/** The `type` tag of every event. */
export type BotEventType = BotEvent["type"];

/** The event whose tag is `T`. */
export type EventOfType<T extends BotEventType> = Extract<BotEvent, { readonly type: T }>;
