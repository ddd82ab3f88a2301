/** @module The exchange gateway: every exchange API call goes through it, and it alone counts the API error streak. */
import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.js";
import { errorClassOf, httpStatusOf, isErrorClass } from "../execution/exchange-errors.js";
import type { ExecutionClient } from "../execution/execution-client.js";
import type { RateLimiter } from "../execution/rate-limiter.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import type { ExchangeEndpoint } from "../types.js";

/** The outcome of a call: its value, or the failure's error class and message. */
export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errorClass: string; readonly message: string };

/** Whether a failure is the exchange refusing an order (funds, order rules), not an API error. */
function isBusinessRejection(errorClass: string): boolean {
  return isErrorClass(errorClass, "InsufficientFunds") || isErrorClass(errorClass, "InvalidOrder");
}

/**
 * Makes exchange API calls and publishes what they did: `ApiCallSucceeded` with the latency,
 * `ApiCallFailed` with the error class, HTTP status and the consecutive-error streak,
 * `ExchangeConnectionChanged` when a network error cuts the connection or a call restores it,
 * and `RateLimitUsage` when the client limiter's utilisation moves by a point or more. A refused
 * order (insufficient funds, invalid order) is the exchange answering: not an API error, and it
 * ends the streak. Exchange errors other than network ones do not lengthen the streak either.
 */
export class ExchangeGateway {
  readonly #bus: MessageBus;
  readonly #clock: Clock;
  readonly #exchange: ExecutionClient;
  readonly #rateLimiter: RateLimiter;
  #consecutiveErrors = 0;
  #connected = true;
  #publishedUtilization = Number.NaN;

  constructor(parts: {
    readonly bus: MessageBus;
    readonly clock: Clock;
    readonly exchange: ExecutionClient;
    readonly rateLimiter: RateLimiter;
  }) {
    this.#bus = parts.bus;
    this.#clock = parts.clock;
    this.#exchange = parts.exchange;
    this.#rateLimiter = parts.rateLimiter;
  }

  /** The current streak of failed API calls. */
  get consecutiveErrors(): number {
    return this.#consecutiveErrors;
  }

  reset(): void {
    this.#consecutiveErrors = 0;
    this.#connected = true;
    this.#publishedUtilization = Number.NaN;
  }

  /** Calls `endpoint` through `call`, publishing its outcome. Never throws for an API failure. */
  async call<T>(
    endpoint: ExchangeEndpoint,
    call: () => Promise<{ readonly value: T; readonly latencySeconds: number }>,
  ): Promise<CallResult<T>> {
    const bus = this.#bus;
    const now = this.#clock.now();
    const wasConnected = this.#connected;
    try {
      const result = await call();
      this.#consecutiveErrors = 0;
      bus.publish(switchboard.exchange, {
        type: "ApiCallSucceeded",
        timestamp: now,
        endpoint,
        latencySeconds: result.latencySeconds,
      });
      if (!wasConnected) {
        this.#connected = true;
        bus.publish(switchboard.exchange, {
          type: "ExchangeConnectionChanged",
          timestamp: now,
          exchange: this.#exchange.name,
          connected: true,
          reason: `${endpoint} succeeded`,
        });
      }
      return { ok: true, value: result.value };
    } catch (error) {
      const errorClass = errorClassOf(error);
      const message = error instanceof Error ? error.message : String(error);
      const latency = (error as { latencySeconds?: unknown }).latencySeconds;
      if (isBusinessRejection(errorClass)) {
        // The exchange answered and refused the order: a rejection (orders_rejected_total,
        // from the caller's OrderRejected), not an API error.
        this.#consecutiveErrors = 0;
        bus.publish(switchboard.exchange, {
          type: "ApiCallSucceeded",
          timestamp: now,
          endpoint,
          latencySeconds: typeof latency === "number" ? latency : 0,
        });
        return { ok: false, errorClass, message };
      }
      this.#failed(
        now,
        endpoint,
        error,
        errorClass,
        message,
        typeof latency === "number" ? latency : 0,
      );
      if (errorClass === "NetworkError" && wasConnected) {
        this.#connected = false;
        bus.publish(switchboard.exchange, {
          type: "ExchangeConnectionChanged",
          timestamp: now,
          exchange: this.#exchange.name,
          connected: false,
          reason: message,
        });
      }
      return { ok: false, errorClass, message };
    } finally {
      this.#publishUsage(now);
    }
  }

  /**
   * Reports a failed market-data fetch (the market source threw): an API failure like any other,
   * with `startedAt` (a `performance.now()` reading) giving the latency when the error has none.
   */
  fetchFailed(error: unknown, startedAt: number): string {
    const errorClass = errorClassOf(error);
    const latency = (error as { latencySeconds?: unknown } | undefined)?.latencySeconds;
    this.#failed(
      this.#clock.now(),
      "fetchOHLCV",
      error,
      errorClass,
      error instanceof Error ? error.message : String(error),
      typeof latency === "number" ? latency : (performance.now() - startedAt) / 1000,
    );
    return errorClass;
  }

  #failed(
    now: number,
    endpoint: ExchangeEndpoint,
    error: unknown,
    errorClass: string,
    message: string,
    latencySeconds: number,
  ): void {
    if (!isErrorClass(errorClass, "ExchangeError")) this.#consecutiveErrors++;
    this.#bus.publish(switchboard.exchange, {
      type: "ApiCallFailed",
      timestamp: now,
      endpoint,
      errorClass,
      httpStatus: httpStatusOf(error),
      message,
      latencySeconds,
      consecutiveErrors: this.#consecutiveErrors,
    });
  }

  #publishUsage(now: number): void {
    const rateLimiter = this.#rateLimiter;
    const utilization = rateLimiter.utilization;
    if (Math.abs(utilization - this.#publishedUtilization) < 0.01) return;
    this.#publishedUtilization = utilization;
    this.#bus.publish(switchboard.exchange, {
      type: "RateLimitUsage",
      timestamp: now,
      used: rateLimiter.used,
      capacity: rateLimiter.config.capacity,
      utilization,
      throttled: false,
    });
  }
}
