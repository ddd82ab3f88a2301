/** @module The execution-client contract every venue (paper, ccxt) implements. */
import type { Bar, Lifecycle, OrderSide, OrderType } from "../types.js";

/** An order as the order plane sends it. */
export interface OrderRequest {
  readonly clientOrderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  /** Required for limit orders. */
  readonly limitPrice: number | undefined;
  /** The price the decision was made at; slippage is measured against it. */
  readonly referencePrice: number;
}

/** The exchange accepted an order. */
export interface AcknowledgedReport {
  readonly kind: "acknowledged";
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly timestamp: number;
  /** Seconds from submission to acknowledgement. */
  readonly latencySeconds: number;
}

/** An order filled, partly or completely. */
export interface FillReport {
  readonly kind: "fill";
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly tradeId: string;
  readonly timestamp: number;
  readonly quantity: number;
  readonly price: number;
  /** Fee in quote currency. */
  readonly fee: number;
  readonly liquidity: "maker" | "taker";
  readonly filledQuantity: number;
  readonly remainingQuantity: number;
  /** Seconds from acknowledgement to this fill. */
  readonly latencySeconds: number;
}

/** An order left the book without (completely) filling. */
export interface CancelledReport {
  readonly kind: "cancelled";
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly timestamp: number;
  readonly reason: string;
  readonly filledQuantity: number;
}

/** What an exchange says happened to an order. */
export type ExecutionReport = AcknowledgedReport | FillReport | CancelledReport;

/** A successful API call's value and how long the call took. */
export interface ApiResponse<T> {
  readonly value: T;
  readonly latencySeconds: number;
}

/**
 * A venue the order plane trades on. Calls reject with errors named as ccxt names them
 * (`RateLimitExceeded`, `RequestTimeout`, `ExchangeNotAvailable`, `OnMaintenance`,
 * `NetworkError`, `InsufficientFunds`, `InvalidOrder`, ...), each carrying `httpStatus`
 * and `latencySeconds` when known.
 */
export interface ExecutionClient extends Lifecycle {
  /** Venue name, e.g. "paper". */
  readonly name: string;
  /** Checks that the exchange is up (ccxt `fetchStatus`). */
  fetchStatus(): Promise<ApiResponse<"ok">>;
  /** Places an order; resolves to its acknowledgement and any immediate fills. */
  submitOrder(request: OrderRequest): Promise<ApiResponse<readonly ExecutionReport[]>>;
  /** Cancels an open order; resolves to its cancellation report. */
  cancelOrder(clientOrderId: string): Promise<ApiResponse<readonly ExecutionReport[]>>;
  /** Returns (and forgets) reports of resting orders that filled or expired since the last call. */
  drainReports(): readonly ExecutionReport[];
  /** Client order ids of orders still open. */
  openOrderIds(): readonly string[];
  /** Feeds a market bar (the paper venue matches resting orders against it; a live venue ignores it). */
  onBar(bar: Bar): void;
}
