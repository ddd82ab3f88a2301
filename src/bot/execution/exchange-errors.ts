/** @module Exchange failures named and nested exactly as ccxt names them, for the paper exchange to throw. */

/**
 * The root of exchange failures, as ccxt's `BaseError`. The paper exchange throws these so
 * that the order plane handles simulated and real (ccxt) failures by the same class names.
 * They are conditions of the outside world, not tradewatch programming errors, which is
 * why they do not extend `TradewatchError`.
 */
export class BaseError extends Error {
  /** HTTP status the exchange answered with, when the failure was one. */
  readonly httpStatus: number | undefined;
  /** Seconds the call took before it failed (simulated on the paper exchange). */
  readonly latencySeconds: number | undefined;

  constructor(message: string, httpStatus?: number, latencySeconds?: number) {
    super(message);
    this.name = new.target.name;
    this.httpStatus = httpStatus;
    this.latencySeconds = latencySeconds;
  }
}

/** The exchange refused the request (ccxt `ExchangeError`). */
export class ExchangeError extends BaseError {}
/** Not enough balance for the order (ccxt `InsufficientFunds`). */
export class InsufficientFunds extends ExchangeError {}
/** The order breaks a market rule (ccxt `InvalidOrder`). */
export class InvalidOrder extends ExchangeError {}
/** The order is unknown to the exchange (ccxt `OrderNotFound`). */
export class OrderNotFound extends InvalidOrder {}
/** The request did not complete (ccxt `OperationFailed`). */
export class OperationFailed extends BaseError {}
/** The network failed: reset, refused, dropped (ccxt `NetworkError`). */
export class NetworkError extends OperationFailed {}
/** HTTP 429: too many requests (ccxt `RateLimitExceeded`). */
export class RateLimitExceeded extends NetworkError {}
/** HTTP 5xx: the exchange is down or overloaded (ccxt `ExchangeNotAvailable`). */
export class ExchangeNotAvailable extends NetworkError {}
/** The exchange is in maintenance (ccxt `OnMaintenance`). */
export class OnMaintenance extends ExchangeNotAvailable {}
/** The request timed out (ccxt `RequestTimeout`). */
export class RequestTimeout extends NetworkError {}

/** ccxt's error class names with their ancestors, nearest first (a subset that matters here). */
const ancestry: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ExchangeError: ["BaseError"],
  AuthenticationError: ["ExchangeError", "BaseError"],
  PermissionDenied: ["AuthenticationError", "ExchangeError", "BaseError"],
  BadRequest: ["ExchangeError", "BaseError"],
  BadSymbol: ["BadRequest", "ExchangeError", "BaseError"],
  InsufficientFunds: ["ExchangeError", "BaseError"],
  InvalidOrder: ["ExchangeError", "BaseError"],
  OrderNotFound: ["InvalidOrder", "ExchangeError", "BaseError"],
  OperationRejected: ["ExchangeError", "BaseError"],
  OperationFailed: ["BaseError"],
  NetworkError: ["OperationFailed", "BaseError"],
  DDoSProtection: ["NetworkError", "OperationFailed", "BaseError"],
  RateLimitExceeded: ["NetworkError", "OperationFailed", "BaseError"],
  ExchangeNotAvailable: ["NetworkError", "OperationFailed", "BaseError"],
  OnMaintenance: ["ExchangeNotAvailable", "NetworkError", "OperationFailed", "BaseError"],
  InvalidNonce: ["NetworkError", "OperationFailed", "BaseError"],
  RequestTimeout: ["NetworkError", "OperationFailed", "BaseError"],
  BadResponse: ["OperationFailed", "BaseError"],
  NullResponse: ["BadResponse", "OperationFailed", "BaseError"],
});

/** Returns the class name of a thrown value (ccxt sets `name` to the class name). */
export function errorClassOf(error: unknown): string {
  if (error instanceof Error) return error.name === "Error" ? error.constructor.name : error.name;
  return typeof error;
}

/** Returns whether ccxt class `className` is `ancestor` or descends from it. */
export function isErrorClass(className: string, ancestor: string): boolean {
  return className === ancestor || (ancestry[className]?.includes(ancestor) ?? false);
}

/** Returns the HTTP status a failure carries, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "httpStatus" in error) {
    const status = (error as { httpStatus: unknown }).httpStatus;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}
